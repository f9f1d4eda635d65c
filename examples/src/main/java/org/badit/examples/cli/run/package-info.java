/**
 * What the commands do: train (also one adapter per task group), evaluate, compare (as a seeded study with paired
 * tests), demo, group tasks by measured affinities.
 *
 * <p>May import: {@code org.badit.clustering}, {@code org.badit.clustering.tasks}, {@code org.badit.core.adapter},
 * {@code org.badit.core.data}, {@code org.badit.core.eval}, {@code org.badit.core.grouping},
 * {@code org.badit.core.method}, {@code org.badit.core.model}, {@code org.badit.core.tokenizer},
 * {@code org.badit.core.train}, {@code org.badit.examples.cli.config}, {@code org.badit.examples.report},
 * {@code org.badit.lora}, {@code org.badit.lora.engine}, {@code org.badit.lora.io}, {@code org.badit.superni},
 * {@code org.badit.superni.data}, {@code org.badit.superni.metrics}, {@code org.badit.superni.prompt},
 * {@code org.badit.superni.stats}, {@code org.badit.superni.synthetic}.
 */
package org.badit.examples.cli.run;
