/**
 * Small example programs on the public API (train BADIT on SuperNI, inspect experts, score predictions).
 *
 * <p>May import: {@code org.badit.core.adapter}, {@code org.badit.core.data}, {@code org.badit.core.eval},
 * {@code org.badit.core.expert}, {@code org.badit.core.init}, {@code org.badit.core.method},
 * {@code org.badit.core.model}, {@code org.badit.core.tokenizer}, {@code org.badit.core.train},
 * {@code org.badit.lora.engine}, {@code org.badit.lora.init}, {@code org.badit.superni},
 * {@code org.badit.superni.data}, {@code org.badit.superni.metrics}, {@code org.badit.superni.prompt}.
 */
package org.badit.examples;
