/**
 * The {@code badit} command line (picocli): one class per command.
 *
 * <p>May import: {@code org.badit.clustering.tasks}, {@code org.badit.core.eval}, {@code org.badit.core.generate},
 * {@code org.badit.core.method}, {@code org.badit.core.model}, {@code org.badit.core.tokenizer},
 * {@code org.badit.core.train},
 * {@code org.badit.examples.bench}, {@code org.badit.examples.cli.config}, {@code org.badit.examples.cli.run},
 * {@code org.badit.examples.report}, {@code org.badit.lora}, {@code org.badit.lora.engine},
 * {@code org.badit.lora.init}, {@code org.badit.lora.io}, {@code org.badit.lora.nn}, {@code org.badit.superni},
 * {@code org.badit.superni.data}, {@code org.badit.superni.metrics}, {@code org.badit.superni.report},
 * {@code org.badit.superni.synthetic}.
 */
package org.badit.examples.cli;
