/**
 * The DJL engine and device this library runs on, scalar helpers, and seeded host-drawn random matrices (the same
 * values on every device).
 *
 * <p>May import: nothing else in BADIT-J.
 */
package org.badit.lora.engine;
