package org.badit.core.expert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.clustering.RegroupResult;
import org.badit.clustering.ClusteringBackend;
import org.badit.clustering.Regrouper;
import org.badit.clustering.nd4j.Nd4jClustering;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DOG, dynamically orthogonal grouping: keeps BADIT's experts orthogonal during training by re-partitioning each
 * layer's K·r rank-1 components so that components whose gradients point the same way share an expert.
 *
 * <p>Per step ({@link #observe()}), after the backward pass: an EMA of each component's gradient
 * {@code g_i = [∂A row i ; ∂B column i]}. At a regroup ({@link #regroup(PermutableOptimizerState)}): the EMA directions ĝ_i go through
 * spherical k-means, then orthogonal refinement with an exact balanced assignment (badit-clustering), giving a
 * permutation of the components over expert slots. Parameters, their AdamW moments and the EMA all move together
 * (the released code moves no moments, and its balancing can duplicate or drop components). With a static router a
 * component going from expert k to k' has its A row and B column scaled by sqrt(α_k / α_k'), which leaves α·(b·a) as
 * it was. With an input-dependent router no rescale can do that for every input: the component is rescaled by the
 * experts' mean weights over the step's batch (which preserves the output on average over the batch) and keeps, for
 * now, the routing weights it had divided by the same ratio (a column of {@link BaditLinear#componentRouting()}), so
 * the regroup is exact for every input; {@link #handOff()} then moves that column linearly to its new expert's over
 * {@code handoffSteps} optimizer steps, a bounded change per step that training follows (measured on a probe batch by
 * the trainer).
 *
 * <p>Everything runs batched per group of layers of one shape: one stacked EMA tensor {@code [G, N, D]} per group and
 * one clustering call per group, not per layer.
 */
public final class Dog {

    private static final Logger LOG = LoggerFactory.getLogger(Dog.class);

    private final float emaBeta;
    private final int regroupEvery;
    private final double regroupUntil;
    private final Regrouper.Builder regrouper;
    private final float maxSpread;
    private final Orthogonalization orthogonalization;
    private final boolean orthogonalizeResolved; // orthogonalize and a way other than NONE
    private final int handoffSteps;
    private boolean handoffPending;
    private int stepsSinceMove;
    private final List<Group> groups = new ArrayList<>();
    private int regroups;

    /** Layers of one shape, clustered together. */
    private static final class Group {
        final List<String> names = new ArrayList<>();
        final List<BaditLinear> layers = new ArrayList<>();
        NDArray ema; // [G, N, D]
        NDArray noDirection; // [N, D] one-hot of each slot's expert, built once (used for all-zero EMA rows)
        Regrouper regrouper;
        NDArray[] handoffLeft; // per layer: [N] hand-off steps left per component, or null
    }

    private Dog(Builder b) {
        this.emaBeta = b.emaBeta;
        this.regroupEvery = b.regroupEvery;
        this.regroupUntil = b.regroupUntil;
        this.regrouper = b.regrouper;
        this.maxSpread = b.maxSpread;
        this.handoffSteps = b.handoffSteps;
        Orthogonalization way = b.orthogonalization.resolve();
        this.orthogonalization = way;
        this.orthogonalizeResolved = b.orthogonalize && way != Orthogonalization.NONE;
        Map<String, Group> byShape = new LinkedHashMap<>();
        b.layers.forEach((name, layer) -> {
            String key = layer.experts() + "x" + layer.rank() + ":" + layer.inFeatures() + "->" + layer.outFeatures();
            Group g = byShape.computeIfAbsent(key, k -> new Group());
            g.names.add(name);
            g.layers.add(layer);
        });
        for (Group g : byShape.values()) {
            g.handoffLeft = new NDArray[g.layers.size()];
            g.regrouper = regrouper.setClusters(g.layers.get(0).experts()).build();
            groups.add(g);
        }
    }

    /**
     * Creates a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Updates every component's gradient EMA from the gradients of the last backward pass. */
    public void observe() {
        for (Group g : groups) {
            NDManager manager = g.layers.get(0).manager();
            NDList grads = new NDList(g.layers.size());
            for (BaditLinear layer : g.layers) {
                NDArray cg = layer.componentGradients();
                if (cg == null) {
                    grads.close();
                    return; // no backward pass yet
                }
                grads.add(cg);
            }
            try (NDManager scope = manager.newSubManager()) {
                scope.tempAttachAll(grads);
                NDArray stacked = NDArrays.stack(grads); // [G, N, D]
                if (g.ema == null) {
                    g.ema = stacked.duplicate();
                    g.ema.attach(manager);
                    ai.djl.ndarray.NDScope.unregister(g.ema); // lives across steps, not in the step's scope
                } else {
                    g.ema.muli(emaBeta).addi(stacked.muli(1f - emaBeta));
                }
            }
            grads.close();
        }
    }

    /**
     * Returns whether a regroup is due after an optimizer step.
     *
     * @param step the 1-based optimizer step just taken
     * @param totalSteps the run's total optimizer steps
     * @return true every {@code regroupEvery} steps during the first {@code regroupUntil} of training
     */
    public boolean due(int step, int totalSteps) {
        return step % regroupEvery == 0 && step <= regroupUntil * totalSteps && groups.stream().allMatch(g -> g.ema
                != null);
    }

    /**
     * Regroups every layer's components and moves the optimizer's moments with them.
     *
     * <p>Per shape group: (1) with {@code orthogonalize}, a joint re-SVD makes the components mutually orthogonal
     * without changing their weighted sum ({@link JointOrthogonalization}); the gradient EMA and AdamW's moments are
     * carried into the new basis; (2) the EMA directions are clustered into a permutation of the components over expert
     * slots; (3) parameters, moments and the EMA are permuted; under a static router each moved component is
     * rescaled so the layer's output is unchanged, under an input-dependent router it keeps its routing weights for a
     * hand-off (or, with {@code handoffSteps} 0, is rescaled by the experts' mean weights over the step's batch, so
     * the output is unchanged on average over that batch); rescaled moments and EMA follow (a gradient scales by the
     * inverse of its parameter's factor, so the first moment and the EMA by 1/f and the second moment by 1/f²; the
     * sign flips with f).
     *
     * @param optimizer the optimizer whose moments follow the parameters (may be null)
     * @return what moved
     */
    public Report regroup(PermutableOptimizerState optimizer) {
        long start = System.nanoTime();
        int moved = 0;
        int layers = 0;
        int orthogonalized = 0;
        for (Group g : groups) {
            NDManager manager = g.layers.get(0).manager();
            if (orthogonalizeResolved) {
                orthogonalized += orthogonalizeGroup(g, optimizer);
            }
            RegroupResult result;
            try (NDManager scope = manager.newSubManager()) {
                scope.tempAttachAll(g.ema);
                result = g.regrouper.regroup(directions(g));
            }
            long[][] perms = new long[g.layers.size()][];
            for (int i = 0; i < perms.length; i++) {
                perms[i] = java.util.Arrays.stream(result.permutations()[i]).asLongStream().toArray();
                moved += result.moved()[i];
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray index = scope.create(perms); // [G, N], one host-to-device copy per group
                scope.tempAttachAll(g.ema);
                // The EMA belongs to the components, so it follows them: ema[g, j] = ema[g, perm[g, j]].
                NDArray gatherIndex = index.expandDims(-1).broadcast(g.ema.getShape()).toType(DataType.INT64, false);
                g.ema.set(new NDIndex("..."), g.ema.gather(gatherIndex, 1));
                for (int i = 0; i < g.layers.size(); i++) {
                    if (result.moved()[i] == 0) {
                        continue;
                    }
                    BaditLinear layer = g.layers.get(i);
                    NDArray idx = index.get(i);
                    NDArray oldAlpha = alphaPerComponent(layer);
                    boolean handOff = handoffSteps > 0 && layer.router().staticWeights() == null && oldAlpha != null;
                    NDArray routing = handOff ? routingOf(layer, scope).get(new NDIndex(":, {}", idx)) : null;
                    layer.permuteComponents(idx);
                    moveMoments(optimizer, g.names.get(i), idx);
                    if (oldAlpha != null) {
                        NDArray emaOfLayer = g.ema.get(i);
                        NDArray ratio = preserveOutput(layer, oldAlpha.get(new NDIndex("{}", idx)), optimizer,
                                g.names.get(i), emaOfLayer);
                        g.ema.set(new NDIndex(i), emaOfLayer);
                        if (handOff) {
                            // The rescale preserves the mean over the batch; dividing the component's routing by the
                            // same ratio undoes it for now, so the move is exact for every input. handOff() then
                            // goes linearly to the new expert's routing: the mean-preserving end state.
                            layer.setComponentRouting(routing.div(ratio.expandDims(0)));
                            NDArray left = g.handoffLeft[i] == null ? idx.zerosLike().toType(DataType.FLOAT32, false)
                                    : g.handoffLeft[i].get(new NDIndex("{}", idx));
                            NDArray stayed = idx.eq(scope.arange(0, (int) idx.size(), 1, DataType.INT64)
                                    .toDevice(idx.getDevice(), false));
                            setLeft(g, i, NDArrays.where(stayed, left, left.onesLike().mul(handoffSteps)));
                            handoffPending = true;
                            stepsSinceMove = 0;
                        }
                    }
                    layers++;
                }
            }
        }
        regroups++;
        Report report = new Report(regroups, layers, moved, orthogonalized, (System.nanoTime() - start) / 1e6);
        LOG.debug("DOG regroup {}: {} components moved in {} layers, {} layers re-orthogonalised ({} ms)", regroups,
                moved, layers, orthogonalized, String.format("%.1f", report.millis()));
        return report;
    }

    /**
     * Moves every handed-off component's routing one step towards its own expert's, linearly from where it was at its
     * move: a component with n steps left goes (1/n) of the remaining way, so a hand-off ends after exactly
     * {@code handoffSteps} calls, and the function changes by a bounded amount per step that the optimizer follows,
     * instead of at once at the regroup. Call once per optimizer step; nothing happens while no hand-off is pending.
     */
    public void handOff() {
        if (!handoffPending) {
            return;
        }
        stepsSinceMove++;
        boolean done = stepsSinceMove >= handoffSteps; // every counter has reached 0
        for (Group g : groups) {
            for (int i = 0; i < g.layers.size(); i++) {
                BaditLinear layer = g.layers.get(i);
                NDArray m = layer.componentRouting();
                if (m == null) {
                    continue;
                }
                if (done) {
                    layer.setComponentRouting(null);
                    setLeft(g, i, null);
                    continue;
                }
                NDArray next;
                NDArray nextLeft;
                try (NDManager scope = layer.manager().newSubManager()) {
                    NDArray left = g.handoffLeft[i];
                    scope.tempAttachAll(m, left);
                    NDArray own = layer.ownRouting(scope);
                    // Linear from the column at the move to the own expert's: (n − 1)/n of the way left, n steps left.
                    NDArray keep = NDArrays.where(left.gt(1f), left.sub(1f).div(left.maximum(1f)), left.zerosLike());
                    next = own.add(m.sub(own).mul(keep.expandDims(0)));
                    nextLeft = left.sub(1f).maximum(0f);
                    next.attach(layer.manager());
                    nextLeft.attach(layer.manager());
                }
                layer.setComponentRouting(next); // after the scope, which hands m back to the layer's manager
                setLeft(g, i, nextLeft);
            }
        }
        if (done) {
            handoffPending = false;
        }
    }

    /** Replaces a layer's hand-off counters {@code [N]} (steps left per component), closing the old ones. */
    private static void setLeft(Group g, int layer, NDArray left) {
        NDArray old = g.handoffLeft[layer];
        if (old != null && old != left) {
            old.close();
        }
        if (left != null) {
            left.attach(g.layers.get(layer).manager());
            ai.djl.ndarray.NDScope.unregister(left);
        }
        g.handoffLeft[layer] = left;
    }

    /**
     * Ends every pending hand-off at once (each component takes its own expert's routing). The trainer calls it after
     * the last step, so a saved adapter needs no routing matrix; it changes the function only when DOG regrouped
     * within the last {@code handoffSteps} steps.
     *
     * @return whether any hand-off was still pending
     */
    public boolean completeHandOffs() {
        if (!handoffPending) {
            return false;
        }
        for (Group g : groups) {
            for (int i = 0; i < g.layers.size(); i++) {
                g.layers.get(i).setComponentRouting(null);
                setLeft(g, i, null);
            }
        }
        handoffPending = false;
        return true;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static NDArray one(NDManager scope, NDArray like) {
        return scope.ones(new Shape(), like.getDataType()).toDevice(like.getDevice(), false);
    }

    /** The layer's component routing, or its own block one-hot routing when none is set. */
    private static NDArray routingOf(BaditLinear layer, NDManager scope) {
        NDArray m = layer.componentRouting();
        return m != null ? m : layer.ownRouting(scope);
    }

    /**
     * The EMA's unit directions {@code [G, N, D]}. A component whose EMA is exactly zero (it received no gradient,
     * e.g. under an expert its router has switched off) has no direction; it gets the unit vector of its current
     * expert's index, so such components cluster together and stay where they are instead of failing the clustering.
     */
    private static NDArray directions(Group g) {
        NDArray norms = g.ema.norm(new int[] {2}, true); // [G, N, 1]
        NDArray unit = g.ema.div(norms.maximum(1e-20f));
        Shape s = g.ema.getShape();
        if (g.noDirection == null) {
            int rank = g.layers.get(0).rank();
            long[] expertOf = new long[(int) s.get(1)];
            for (int i = 0; i < expertOf.length; i++) {
                expertOf[i] = i / rank;
            }
            NDManager owner = g.layers.get(0).manager();
            try (NDArray ids = owner.create(expertOf)) {
                g.noDirection = ids.toDevice(g.ema.getDevice(), false).oneHot((int) s.get(2))
                        .toType(g.ema.getDataType(), false);
                g.noDirection.attach(owner);
                ai.djl.ndarray.NDScope.unregister(g.noDirection); // lives as long as DOG, not one step
            }
        }
        // A row can also lose its direction in the division (entries at the edge of float's range, flushed to zero by
        // vectorised kernels), so the test is on the result: a row that is not a unit vector has no direction.
        NDArray lost = unit.norm(new int[] {2}, true).lt(0.5f).logicalOr(norms.lte(1e-20f));
        return NDArrays.where(lost.broadcast(s), g.noDirection.expandDims(0).broadcast(s), unit);
    }

    /** Joint re-SVD of every layer of a group; parameters, moments and the EMA move into the new basis. */
    private int orthogonalizeGroup(Group g, PermutableOptimizerState optimizer) {
        NDManager manager = g.layers.get(0).manager();
        int in = (int) g.layers.get(0).inFeatures();
        int out = (int) g.layers.get(0).outFeatures();
        int n = g.layers.get(0).experts() * g.layers.get(0).rank();
        if (n > Math.min(in, out)) {
            return 0; // more components than dimensions: they cannot all be orthogonal
        }
        int mixed;
        try (NDManager scope = manager.newSubManager()) {
            NDList aRows = new NDList();
            NDList bRows = new NDList();
            NDList weights = new NDList();
            for (BaditLinear l : g.layers) {
                aRows.add(ComponentLayout.rowsOfA(l.expertsA().getArray()));
                bRows.add(ComponentLayout.rowsOfB(l.expertsB().getArray()));
                NDArray alpha = alphaPerComponent(l);
                weights.add(alpha == null ? scope.ones(new Shape(n)) : alpha.duplicate());
            }
            scope.tempAttachAll(aRows, bRows, weights);
            // Mixing components across experts preserves the output only for the mean routing; where routing depends
            // on the input more than maxSpread allows, the layer keeps its components (literal DOG for that layer).
            // Without a gate (the default) nothing is computed and nothing is read back.
            NDArray allowed = null;
            mixed = g.layers.size();
            if (Float.isFinite(maxSpread)) {
                NDList spreads = new NDList();
                for (BaditLinear l : g.layers) {
                    NDArray spread = l.routingSpread();
                    spreads.add(spread == null ? scope.zeros(new Shape()) : spread);
                }
                scope.tempAttachAll(spreads);
                allowed = NDArrays.stack(spreads).lte(maxSpread).reshape(g.layers.size(), 1);
                mixed = (int) allowed.toType(DataType.INT64, false).sum().getLong();
            }
            JointOrthogonalization.Result r;
            try {
                r = orthogonalization == Orthogonalization.NEAREST
                        ? NearestOrthogonalization.of(NDArrays.stack(aRows), NDArrays.stack(bRows), allowed)
                        : JointOrthogonalization.of(NDArrays.stack(aRows), NDArrays.stack(bRows),
                                NDArrays.stack(weights), allowed);
            } catch (ai.djl.engine.EngineException e) {
                // LAPACK does not converge on non-finite or degenerate input (measured once, in a run whose loss had
                // already climbed back to 7.8): regroup without re-orthogonalising rather than stop the run.
                LOG.warn("DOG regroup {}: could not re-orthogonalise the {} layers of {}; regrouped without it ({})",
                        regroups + 1, g.layers.size(), g.names.get(0), firstLine(e.getMessage()));
                return 0;
            }
            scope.tempAttachAll(g.ema);
            NDArray emaA = r.mapA().matMul(g.ema.get(":, :, :" + in));
            NDArray emaB = r.mapB().matMul(g.ema.get(":, :, " + in + ":"));
            g.ema.set(new NDIndex("..."), emaA.concat(emaB, 2));
            NDArray mapA2 = r.mapA().square();
            NDArray mapB2 = r.mapB().square();
            for (int i = 0; i < g.layers.size(); i++) {
                BaditLinear l = g.layers.get(i);
                ComponentLayout.setRowsOfA(l.expertsA().getArray(), r.aRows().get(i));
                ComponentLayout.setRowsOfB(l.expertsB().getArray(), r.bRows().get(i));
                if (optimizer == null) {
                    continue;
                }
                NDArray aFirst = optimizer.firstMoment(g.names.get(i) + ".experts_A");
                NDArray aSecond = optimizer.secondMoment(g.names.get(i) + ".experts_A");
                if (aFirst != null) {
                    ComponentLayout.setRowsOfA(aFirst, r.mapA().get(i).matMul(ComponentLayout.rowsOfA(aFirst)));
                    ComponentLayout.setRowsOfA(aSecond, mapA2.get(i).matMul(ComponentLayout.rowsOfA(aSecond)));
                }
                NDArray bFirst = optimizer.firstMoment(g.names.get(i) + ".experts_B");
                NDArray bSecond = optimizer.secondMoment(g.names.get(i) + ".experts_B");
                if (bFirst != null) {
                    ComponentLayout.setRowsOfB(bFirst, r.mapB().get(i).matMul(ComponentLayout.rowsOfB(bFirst)));
                    ComponentLayout.setRowsOfB(bSecond, mapB2.get(i).matMul(ComponentLayout.rowsOfB(bSecond)));
                }
            }
        }
        return mixed;
    }

    /** Each component's multiplier that a regroup preserves: its expert's static α, or mean α (input routers). */
    private static NDArray alphaPerComponent(BaditLinear layer) {
        NDArray alpha = layer.regroupWeights();
        return alpha == null ? null : alpha.repeat(0, layer.rank()); // [K·r]
    }

    /**
     * Rescales moved components: factor ρ = α_old/α_new split as f_A = sign(ρ)·sqrt|ρ| on A and f_B = sqrt|ρ| on B,
     * which leaves α·(b·aᵀ) as it was. A gradient scales by the inverse factor, so the moments and the EMA follow with
     * 1/f (first moment, EMA) and 1/f² (second moment).
     *
     * @param ema {@code [N, in + out]}, this layer's EMA (rescaled in place)
     * @return ρ per component {@code [N]}
     */
    private static NDArray preserveOutput(BaditLinear layer, NDArray oldAlphaOfSlot, PermutableOptimizerState optimizer, String name,
            NDArray ema) {
        NDArray newAlpha = alphaPerComponent(layer);
        NDArray tiny = newAlpha.abs().lt(1e-6f);
        NDArray ratio = oldAlphaOfSlot.div(newAlpha.add(tiny.toType(newAlpha.getDataType(), false)));
        ratio = NDArrays.where(tiny, ratio.onesLike(), ratio);
        NDArray root = ratio.abs().sqrt();
        NDArray fa = root.mul(ratio.sign());
        layer.scaleComponents(fa, root);
        long in = layer.inFeatures();
        NDArray invA = fa.onesLike().div(fa).expandDims(-1); // [N, 1]
        NDArray invB = root.onesLike().div(root).expandDims(-1);
        ema.set(new NDIndex("..."), ema.get(":, :" + in).mul(invA).concat(ema.get(":, " + in + ":").mul(invB), 1));
        if (optimizer == null) {
            return ratio;
        }
        NDArray aFirst = optimizer.firstMoment(name + ".experts_A");
        NDArray aSecond = optimizer.secondMoment(name + ".experts_A");
        if (aFirst != null) {
            ComponentLayout.setRowsOfA(aFirst, ComponentLayout.rowsOfA(aFirst).mul(invA));
            ComponentLayout.setRowsOfA(aSecond, ComponentLayout.rowsOfA(aSecond).mul(invA.square()));
        }
        NDArray bFirst = optimizer.firstMoment(name + ".experts_B");
        NDArray bSecond = optimizer.secondMoment(name + ".experts_B");
        if (bFirst != null) {
            ComponentLayout.setRowsOfB(bFirst, ComponentLayout.rowsOfB(bFirst).mul(invB));
            ComponentLayout.setRowsOfB(bSecond, ComponentLayout.rowsOfB(bSecond).mul(invB.square()));
        }
        return ratio;
    }

    private static void moveMoments(PermutableOptimizerState optimizer, String layerName, NDArray index) {
        if (optimizer == null) {
            return;
        }
        NDArray aFirst = optimizer.firstMoment(layerName + ".experts_A");
        NDArray aSecond = optimizer.secondMoment(layerName + ".experts_A");
        if (aFirst != null) {
            for (NDArray m : new NDArray[] {aFirst, aSecond}) {
                m.set(new NDIndex("..."), ComponentLayout.permutedA(m, index));
            }
        }
        NDArray bFirst = optimizer.firstMoment(layerName + ".experts_B");
        NDArray bSecond = optimizer.secondMoment(layerName + ".experts_B");
        if (bFirst != null) {
            for (NDArray m : new NDArray[] {bFirst, bSecond}) {
                m.set(new NDIndex("..."), ComponentLayout.permutedB(m, index));
            }
        }
    }

    /**
     * Returns the EMA tensors, one per group, for checkpoints (null entries before the first observation).
     *
     * @return the {@code [G, N, D]} EMAs in group order
     */
    public List<NDArray> emaState() {
        List<NDArray> out = new ArrayList<>();
        groups.forEach(g -> out.add(g.ema));
        return out;
    }

    /**
     * Restores the EMAs and the regroup count from a checkpoint.
     *
     * @param emas one {@code [G, N, D]} array per group, in group order (taken over)
     * @param regroupCount the number of regroups done so far
     */
    public void restore(List<NDArray> emas, int regroupCount) {
        if (emas.size() != groups.size()) {
            throw new IllegalArgumentException("checkpoint has " + emas.size() + " DOG groups, the model "
                    + groups.size());
        }
        for (int i = 0; i < emas.size(); i++) {
            Group g = groups.get(i);
            if (g.ema != null) {
                g.ema.close();
            }
            g.ema = emas.get(i);
            if (g.ema != null) {
                g.ema.attach(g.layers.get(0).manager());
                ai.djl.ndarray.NDScope.unregister(g.ema);
            }
        }
        this.regroups = regroupCount;
    }

    /**
     * Returns the pending hand-offs for checkpoints: for every layer that has one, its routing matrix under
     * {@code routing.<layer path>} ({@code [K, K·r]}) and the steps each component has left under
     * {@code left.<layer path>} ({@code [K·r]}).
     *
     * @return name → array (empty when no hand-off is pending)
     */
    public Map<String, NDArray> handOffState() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Group g : groups) {
            for (int i = 0; i < g.layers.size(); i++) {
                if (g.layers.get(i).componentRouting() != null) {
                    out.put("routing." + g.names.get(i), g.layers.get(i).componentRouting());
                    out.put("left." + g.names.get(i), g.handoffLeft[i]);
                }
            }
        }
        return out;
    }

    /**
     * Returns the optimizer steps since the last regroup that moved a component under a hand-off.
     *
     * @return the count (meaningful while {@link #handOffState()} is not empty)
     */
    public int stepsSinceMove() {
        return stepsSinceMove;
    }

    /**
     * Restores pending hand-offs from a checkpoint.
     *
     * @param state what {@link #handOffState()} returned (arrays taken over); layers not named get none
     * @param steps the steps since the last move
     * @throws IllegalArgumentException for a layer DOG does not regroup, or a routing matrix without its counters
     */
    public void restoreHandOffs(Map<String, NDArray> state, int steps) {
        Map<String, NDArray> rest = new LinkedHashMap<>(state);
        for (Group g : groups) {
            for (int i = 0; i < g.layers.size(); i++) {
                NDArray routing = rest.remove("routing." + g.names.get(i));
                NDArray left = rest.remove("left." + g.names.get(i));
                if ((routing == null) != (left == null)) {
                    throw new IllegalArgumentException("hand-off of " + g.names.get(i) + " has "
                            + (routing == null ? "counters but no routing" : "routing but no counters"));
                }
                g.layers.get(i).setComponentRouting(routing);
                setLeft(g, i, left);
            }
        }
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("hand-off state for layers DOG does not regroup: " + rest.keySet());
        }
        handoffPending = !state.isEmpty();
        stepsSinceMove = steps;
    }

    /**
     * Returns the number of regroups done.
     *
     * @return the count
     */
    public int regroupCount() {
        return regroups;
    }

    /**
     * Returns the component-gradient EMA of each group (for metrics).
     *
     * @return per group: layer names and the {@code [G, N, D]} EMA (null before the first observation)
     */
    public List<Map.Entry<List<String>, NDArray>> emas() {
        List<Map.Entry<List<String>, NDArray>> out = new ArrayList<>();
        for (Group g : groups) {
            out.add(Map.entry(List.copyOf(g.names), g.ema));
        }
        return out;
    }

    /**
     * What a regroup did.
     *
     * @param index the 1-based count of regroups so far
     * @param layersChanged layers in which at least one component moved
     * @param componentsMoved components now in another slot, over all layers
     * @param layersOrthogonalized layers whose components were re-orthogonalised before clustering
     * @param millis wall time of the regroup
     */
    public record Report(int index, int layersChanged, int componentsMoved, int layersOrthogonalized,
            double millis) {}

    /** Decay of the component-gradient EMA unless set. */
    public static final float DEFAULT_EMA_BETA = 0.9f;
    /** Regroup period in optimizer steps unless set. */
    public static final int DEFAULT_REGROUP_EVERY = 1;
    /** Fraction of training during which DOG regroups unless set. */
    public static final double DEFAULT_REGROUP_UNTIL = 0.5;
    /** Whether each regroup first re-orthogonalises the components unless set (false: the paper's literal DOG). */
    public static final boolean DEFAULT_ORTHOGONALIZE = true;
    /**
     * Largest routing spread ({@link BaditLinear#routingSpread()}) at which a layer is still re-orthogonalised, unless
     * set: infinity, every layer. A gate of 0.1 was measured on the demo (docs/evidence.md): it rescued two seeds that
     * diverged without it and made a third diverge that trained without it, so it is an option, not the default.
     */
    public static final float DEFAULT_ORTHOGONALIZE_MAX_SPREAD = Float.POSITIVE_INFINITY;
    /**
     * How DOG's step 0 makes the components orthogonal.
     *
     * <p>Measured on the demo (docs/evidence.md): the joint re-SVD is exact for a static router but, under the
     * per-prompt router, mixes components of different experts and made training diverge in 2 of 3 seeds; the nearest
     * orthogonal components move each component only by its drift since the last regroup.
     */
    public enum Orthogonalization {
        /**
         * {@link #SVD} for every router. Under input-dependent routers no variant was stable on the demo's v3 base
         * (the re-SVD trained in 2 of 4 runs, {@link #NEAREST} in 2 of 3, {@link #NONE} in 3 of 4; docs/evidence.md),
         * too few runs to prefer one, so the default stays the one that keeps the experts orthogonal and is exact for
         * the static router.
         */
        AUTO,
        /** The joint re-SVD of the weighted update ({@link JointOrthogonalization}): output-preserving for ᾱ. */
        SVD,
        /** The nearest mutually orthogonal components ({@link NearestOrthogonalization}): smallest change. */
        NEAREST,
        /** No re-orthogonalisation: the paper's literal DOG, which only re-partitions the components. */
        NONE;

        /**
         * Resolves {@link #AUTO}.
         *
         * @return the way; {@link #AUTO} is {@link #SVD} for every router (see there)
         */
        public Orthogonalization resolve() {
            return this != AUTO ? this : SVD;
        }

        /**
         * Parses a config value.
         *
         * @param id {@code auto}, {@code svd}, {@code nearest} or {@code none}
         * @return the value
         * @throws IllegalArgumentException for another name
         */
        public static Orthogonalization parse(String id) {
            for (Orthogonalization o : values()) {
                if (o.id().equals(id)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("dog_orthogonalization must be auto, svd, nearest or none, got '" + id
                    + "'");
        }

        /**
         * Returns the name used in configs.
         *
         * @return e.g. {@code nearest}
         */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Steps over which a moved component's routing passes to its new expert unless set: 0, a move at once (mean-α
     * rescale). Measured on the demo (docs/evidence.md): a hand-off makes every regroup exact (probe KL 0.007–0.17
     * nats per token, against 0.3–3.0 without) but the run trained worse (seed 7: 26.2 ROUGE-L with 10 steps, 30.3
     * without), so it is an option.
     */
    public static final int DEFAULT_HANDOFF_STEPS = 0;

    /** Spherical k-means restarts per regroup unless set. */
    public static final int DEFAULT_RESTARTS = Regrouper.DEFAULT_RESTARTS;
    /** Where the regroup's clustering runs unless set: batched libtorch (measured faster, docs/clustering.md). */
    public static final String DEFAULT_BACKEND = "libtorch";

    /** Builds a {@link Dog}. */
    public static final class Builder {
        private Map<String, BaditLinear> layers;
        private float emaBeta = DEFAULT_EMA_BETA;
        private int regroupEvery = DEFAULT_REGROUP_EVERY;
        private double regroupUntil = DEFAULT_REGROUP_UNTIL;
        private boolean orthogonalize = DEFAULT_ORTHOGONALIZE;
        private float maxSpread = DEFAULT_ORTHOGONALIZE_MAX_SPREAD;
        private Orthogonalization orthogonalization = Orthogonalization.AUTO;
        private int handoffSteps = DEFAULT_HANDOFF_STEPS;
        private final Regrouper.Builder regrouper = Regrouper.builder();

        private Builder() {}

        /**
         * Sets the layers to regroup.
         *
         * @param layers module path to layer; the paths name the optimizer's moments ({@code path.experts_A})
         * @return this builder
         */
        public Builder setLayers(Map<String, BaditLinear> layers) {
            this.layers = new LinkedHashMap<>(layers);
            return this;
        }

        /**
         * Sets the gradient EMA's decay β (default 0.9).
         *
         * @param beta β in [0, 1)
         * @return this builder
         */
        public Builder optEmaBeta(float beta) {
            this.emaBeta = beta;
            return this;
        }

        /**
         * Sets how often to regroup (default 1: every optimizer step).
         *
         * @param steps the period in optimizer steps
         * @return this builder
         */
        public Builder optRegroupEvery(int steps) {
            this.regroupEvery = steps;
            return this;
        }

        /**
         * Sets until which fraction of training to regroup (default 0.5, as the released code).
         *
         * @param fraction in [0, 1]
         * @return this builder
         */
        public Builder optRegroupUntil(double fraction) {
            this.regroupUntil = fraction;
            return this;
        }

        /**
         * Sets whether each regroup first re-orthogonalises the components by a joint re-SVD of the layer's weighted
         * update (default true). Without it DOG is the paper's literal algorithm, which only re-partitions the
         * components and does not keep the experts' subspaces apart (see docs/evidence.md).
         *
         * @param orthogonalize whether to re-orthogonalise
         * @return this builder
         */
        public Builder optOrthogonalize(boolean orthogonalize) {
            this.orthogonalize = orthogonalize;
            return this;
        }

        /**
         * Sets how the components are re-orthogonalised (default {@link Orthogonalization#AUTO}).
         *
         * @param orthogonalization the way
         * @return this builder
         */
        public Builder optOrthogonalization(Orthogonalization orthogonalization) {
            this.orthogonalization = java.util.Objects.requireNonNull(orthogonalization, "orthogonalization");
            return this;
        }

        /**
         * Sets over how many optimizer steps a component moved under an input-dependent router passes from its old
         * expert's routing weights to its new expert's (default {@value #DEFAULT_HANDOFF_STEPS}); 0 moves it at once,
         * rescaled by the experts' mean weights over the step's batch (exact on average over that batch only).
         *
         * @param steps ≥ 0
         * @return this builder
         */
        public Builder optHandoffSteps(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("dog_handoff_steps must be >= 0, got " + steps);
            }
            this.handoffSteps = steps;
            return this;
        }

        /**
         * Sets the clustering seed (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            regrouper.optSeed(seed);
            return this;
        }

        /**
         * Sets the number of k-means restarts (default that of the clustering module).
         *
         * @param restarts n_init
         * @return this builder
         */
        public Builder optRestarts(int restarts) {
            regrouper.optRestarts(restarts);
            return this;
        }

        /**
         * Sets the largest routing spread at which a layer is still re-orthogonalised (default
         * {@value #DEFAULT_ORTHOGONALIZE_MAX_SPREAD}); above it the layer's components are only regrouped, as the
         * paper's literal DOG does. Infinity re-orthogonalises every layer whatever its routing.
         *
         * @param maxSpread ≥ 0
         * @return this builder
         */
        public Builder optOrthogonalizeMaxSpread(float maxSpread) {
            if (!(maxSpread >= 0)) {
                throw new IllegalArgumentException("dog_orthogonalize_max_spread must be >= 0, got " + maxSpread);
            }
            this.maxSpread = maxSpread;
            return this;
        }

        /**
         * Sets where the regroup's k-means and refinement run (default {@value #DEFAULT_BACKEND}).
         *
         * @param backend {@code libtorch} (batched, on the model's device) or {@code nd4j} (host, needs ND4J on the
         *     classpath; the same partitions)
         * @return this builder
         * @throws IllegalArgumentException for another name; IllegalStateException when ND4J is missing
         */
        public Builder optClusteringBackend(String backend) {
            regrouper.optClusteringBackend(switch (backend) {
                case "libtorch" -> ClusteringBackend.LIBTORCH;
                case "nd4j" -> Nd4jClustering.create();
                default -> throw new IllegalArgumentException("unknown DOG clustering backend '" + backend
                        + "'; known: libtorch, nd4j");
            });
            return this;
        }

        /**
         * Builds DOG.
         *
         * @return the regrouper
         */
        public Dog build() {
            if (layers == null || layers.isEmpty()) {
                throw new IllegalArgumentException("DOG needs at least one BADIT layer");
            }
            if (!(emaBeta >= 0 && emaBeta < 1) || regroupEvery < 1 || regroupUntil < 0 || regroupUntil > 1) {
                throw new IllegalArgumentException("bad DOG settings: emaBeta=" + emaBeta + " regroupEvery="
                        + regroupEvery + " regroupUntil=" + regroupUntil);
            }
            return new Dog(this);
        }
    }
}
