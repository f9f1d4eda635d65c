package org.badit.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A right-padded training batch on the device.
 *
 * @param inputIds {@code [B, T]} int64: prompt then target, padded with the pad id
 * @param attentionMask {@code [B, T]} int64: 1 on real tokens
 * @param promptMask {@code [B, T]} float32: 1 on prompt tokens (what sequence routers average)
 * @param lossMask {@code [B, T-1]} float32: 1 where the next token is a target token
 * @param taskIds {@code [B]} int64
 * @param tokens the number of real tokens (for throughput)
 */
public record Batch(NDArray inputIds, NDArray attentionMask, NDArray promptMask, NDArray lossMask, NDArray taskIds,
        long tokens) {

    /**
     * Pads and uploads examples; one host-to-device copy per array.
     *
     * @param examples the examples
     * @param padId the pad id
     * @param manager where the arrays live
     * @return the batch
     */
    public static Batch of(List<TrainingExample> examples, int padId, NDManager manager) {
        int b = examples.size();
        int t = examples.stream().mapToInt(TrainingExample::length).max().orElse(1);
        long[] ids = new long[b * t];
        long[] attention = new long[b * t];
        float[] prompt = new float[b * t];
        float[] loss = new float[b * (t - 1)];
        long[] tasks = new long[b];
        long tokens = 0;
        java.util.Arrays.fill(ids, padId);
        for (int i = 0; i < b; i++) {
            TrainingExample e = examples.get(i);
            int p = e.prompt().length;
            for (int j = 0; j < e.length(); j++) {
                ids[i * t + j] = j < p ? e.prompt()[j] : e.target()[j - p];
                attention[i * t + j] = 1;
                prompt[i * t + j] = j < p ? 1 : 0;
                if (j >= p && j >= 1) {
                    loss[i * (t - 1) + j - 1] = 1; // logits at j-1 predict the target token at j
                }
            }
            tasks[i] = e.task();
            tokens += e.length();
        }
        return new Batch(manager.create(ids, new Shape(b, t)), manager.create(attention, new Shape(b, t)),
                manager.create(prompt, new Shape(b, t)), manager.create(loss, new Shape(b, t - 1)),
                manager.create(tasks), tokens);
    }

    /**
     * Returns the batch size.
     *
     * @return B
     */
    public long size() {
        return inputIds.getShape().get(0);
    }

    /**
     * Mean cross-entropy of the target tokens.
     *
     * @param logits {@code [B, T, V]}
     * @return a 0-d float32 loss
     */
    public NDArray loss(NDArray logits) {
        long t = inputIds.getShape().get(1);
        NDArray logp = logits.get(":, :-1, :").toType(DataType.FLOAT32, false).logSoftmax(-1); // [B, T-1, V]
        NDArray next = inputIds.get(":, 1:").expandDims(-1); // [B, T-1, 1]
        NDArray picked = logp.gather(next, -1).squeeze(-1); // [B, T-1]
        NDArray count = lossMask.sum().maximum(1f);
        return picked.mul(lossMask).sum().neg().div(count);
    }
}
