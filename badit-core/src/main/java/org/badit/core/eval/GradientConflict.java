package org.badit.core.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.badit.core.data.Batch;
import org.badit.core.data.TrainingExample;
import org.badit.core.method.AdaptedModel;
import org.badit.core.model.ForwardInputs;
import org.badit.lora.engine.Engines;

/**
 * Cross-task gradient interference: for each task, the gradient of the target-token loss on one batch of that task
 * with respect to the adapter's trainable parameters, flattened into one vector; then the pairwise cosine matrix
 * and the fraction of task pairs whose gradients point against each other (negative cosine), the "conflicting"
 * pairs of multi-task learning.
 *
 * <p>Gradients are zeroed before each task's backward pass and after the last, so a measure between training steps
 * leaves no gradient behind. The vectors stay on the device; the one host read is the T×T matrix.
 */
public final class GradientConflict {

    private GradientConflict() {}

    /**
     * The measure.
     *
     * @param tasks the task names, in the order of the matrix
     * @param cosine {@code [T][T]} cosines in [-1, 1] (symmetric, 1 on the diagonal; a task whose gradient is zero
     *     has cosine 0 with every task, itself included)
     * @param conflictFraction the fraction of the T(T-1)/2 unordered pairs with a negative cosine (0 when T = 1)
     */
    public record Result(List<String> tasks, double[][] cosine, double conflictFraction) {}

    /**
     * Measures on one batch per task, made of the first {@code perTask} examples of each task.
     *
     * @param model the adapted model
     * @param examples tokenized examples of several tasks (grouped by {@link TrainingExample#task()})
     * @param perTask the batch size per task (at least 1)
     * @param padId the tokenizer's pad id
     * @return the cosines and the fraction of conflicting pairs
     */
    public static Result measure(AdaptedModel model, List<TrainingExample> examples, int perTask, int padId) {
        if (perTask < 1) {
            throw new IllegalArgumentException("perTask must be >= 1, got " + perTask);
        }
        TreeMap<Integer, List<TrainingExample>> byTask = new TreeMap<>();
        for (TrainingExample e : examples) {
            List<TrainingExample> batch = byTask.computeIfAbsent(e.task(), k -> new ArrayList<>());
            if (batch.size() < perTask) {
                batch.add(e);
            }
        }
        return measure(model, new ArrayList<>(byTask.values()), padId);
    }

    /**
     * Measures on the given batches, one per task.
     *
     * @param model the adapted model
     * @param batches one non-empty list of examples per task (the task name is the first example's)
     * @param padId the tokenizer's pad id
     * @return the cosines and the fraction of conflicting pairs
     */
    public static Result measure(AdaptedModel model, List<List<TrainingExample>> batches, int padId) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("no task batches to compare");
        }
        Map<String, Parameter> params = model.trainableParameters();
        if (params.isEmpty()) {
            throw new IllegalArgumentException("the model has no trainable parameters");
        }
        List<String> names = new ArrayList<>();
        NDManager manager = model.model().getManager();
        Engine engine = Engines.pytorch();
        double[][] cosine;
        try (NDManager sm = manager.newSubManager()) {
            NDList flat = new NDList();
            for (List<TrainingExample> batch : batches) {
                if (batch.isEmpty()) {
                    throw new IllegalArgumentException("task batch " + names.size() + " is empty");
                }
                names.add(batch.get(0).taskName());
                flat.add(taskGradient(model, params.values(), batch, padId, engine, sm));
            }
            zero(params.values());
            NDArray g = NDArrays.stack(flat); // [T, P]
            NDArray unit = g.div(g.norm(new int[] {1}, true).maximum(1e-30f));
            float[] host = unit.matMul(unit.transpose()).toFloatArray(); // [T, T]
            cosine = symmetric(host, batches.size());
        }
        return new Result(names, cosine, conflictFraction(cosine));
    }

    /** One task's loss gradient, flattened over every trainable parameter: {@code [P]}, owned by {@code sm}. */
    private static NDArray taskGradient(AdaptedModel model, Iterable<Parameter> params, List<TrainingExample> batch,
            int padId, Engine engine, NDManager sm) {
        zero(params);
        try (NDScope scope = new NDScope(); NDManager step = sm.newSubManager()) {
            scope.suppressNotUsedWarning();
            Batch b = Batch.of(batch, padId, step);
            try (GradientCollector gc = engine.newGradientCollector()) {
                ForwardInputs inputs = ForwardInputs.NONE.withPromptMask(b.promptMask()).withTaskIds(b.taskIds());
                NDArray logits = model.model().logits(new ParameterStore(step, false), b.inputIds(),
                        b.attentionMask(), true, inputs);
                gc.backward(b.loss(logits));
            }
            NDList parts = new NDList();
            for (Parameter p : params) {
                NDArray a = p.getArray();
                // A parameter outside the graph of this loss (e.g. another task's router row) has a zero gradient.
                parts.add(a.hasGradient() ? a.getGradient().flatten() : step.zeros(new ai.djl.ndarray.types.Shape(
                        a.getShape().size()), a.getDataType(), a.getDevice()));
            }
            NDArray flat = NDArrays.concat(parts); // a new array: later zeroing does not touch it
            NDScope.unregister(flat);
            flat.attach(sm);
            return flat;
        }
    }

    private static void zero(Iterable<Parameter> params) {
        // getGradient() makes a new handle owned by the model's manager: the scope frees it at once.
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Parameter p : params) {
                NDArray a = p.getArray();
                if (a.hasGradient()) {
                    a.getGradient().set(new NDIndex("..."), 0f);
                }
            }
        }
    }

    private static double[][] symmetric(float[] host, int t) {
        double[][] out = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                // Average the two float products so the matrix is exactly symmetric; clamp rounding past ±1.
                double v = 0.5 * (host[i * t + j] + host[j * t + i]);
                out[i][j] = Math.max(-1, Math.min(1, v));
            }
        }
        return out;
    }

    private static double conflictFraction(double[][] cosine) {
        int t = cosine.length;
        int pairs = 0;
        int negative = 0;
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                pairs++;
                if (cosine[i][j] < 0) {
                    negative++;
                }
            }
        }
        return pairs == 0 ? 0 : (double) negative / pairs;
    }
}
