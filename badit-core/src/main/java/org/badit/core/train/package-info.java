/**
 * Training: the trainer (data order, schedule, stages, checkpoints, resume, listeners), one optimizer step ({@link
 * org.badit.core.train.TrainingStep}), AdamW, cosine schedule, gradient clipping and the metrics log.
 *
 * <p>May import: {@code org.badit.core.data}, {@code org.badit.core.expert}, {@code org.badit.core.expert.router},
 * {@code org.badit.core.method}, {@code org.badit.core.model}, {@code org.badit.lora.engine},
 * {@code org.badit.lora.io}.
 */
package org.badit.core.train;
