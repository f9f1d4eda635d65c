/**
 * Files: safetensors read and write (memory-mapped, validated, half floats), PEFT adapter directories, and atomic
 * writes. See {@code docs/lora.md}.
 *
 * <p>May import: {@code org.badit.lora}, {@code org.badit.lora.nn}.
 */
package org.badit.lora.io;
