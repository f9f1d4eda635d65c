package org.badit.core.expert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.badit.core.expert.router.ExpertRouter;
import org.badit.core.expert.router.TaskRouter;
import org.badit.core.model.ForwardContext;
import org.badit.lora.nn.AdaptedLinear;
import org.badit.lora.engine.Scalars;

/**
 * K LoRA experts over a frozen residual, mixed by a router: the BADIT layer (Wang et al., "Basic Abilities
 * Decomposition for multi-task Instruct-Tuning", arXiv 2605.05676).
 *
 * <pre>
 *            ┌──────────── W_res (frozen) ────────────┐
 *   x ──────►┤                                        ├──(+)──► y
 *    [.., in]│  A [K, r, in] ──► ⊙ s·α_k ──► B [K, out, r] │
 *            └── x·A_allᵀ [.., K·r]   (router α)   ·B_allᵀ ┘
 *
 *   y = x·W_resᵀ + b + s·Σ_k α_k·(x·A_kᵀ)·B_kᵀ,    s = alpha / r
 * </pre>
 *
 * <p>Experts are stored stacked, so the update costs two matmuls whatever K is (the K·r rank-1 components side by
 * side, each column scaled by its expert's α), and regrouping components between experts is an index permutation
 * ({@link #permuteComponents}). Component i is row i of {@code A.reshape(K·r, in)} with column i of
 * {@code B_all = B.transpose(1, 0, 2).reshape(out, K·r)}; expert k owns components [k·r, (k+1)·r).
 *
 * <p>{@link #decompose}: expert k takes singular triplets [k·r, (k+1)·r) of W = U·S·Vᵀ, {@code B_k = U_k·sqrt(S_k/s)},
 * {@code A_k = sqrt(S_k/s)·V_kᵀ}, and the residual {@code W − s·Σ_k B_k·A_k} becomes the frozen base, so with α = 1
 * the layer computes W·x exactly (up to float round-off).
 */
public final class BaditLinear extends AdaptedLinear {

    /** Saved tensor names, relative to the layer's module path (documented in docs/adapter-format.md). */
    public static final List<String> SAVED_TENSORS = List.of("experts_A", "experts_B");

    /** Floor of the mean routing weight a regroup preserves under input-dependent routers. */
    static final float MIN_MEAN_ROUTING = 0.01f;

    private final int experts;
    private final int rank;
    private final float scaling;
    private final Parameter expertsA; // [K, r, in]
    private final Parameter expertsB; // [K, out, r]
    private final ExpertRouter router;
    // The experts the decomposition took out of W (W_res = W − s·Σ_k B0_k·A0_k), kept so the adapter can be exported
    // as a LoRA of the ORIGINAL weights (the adapter package's AdapterFiles); null for random experts (base unchanged).
    private NDArray initialA; // [K, r, in]
    private NDArray initialB; // [K, out, r]
    // Mean α over the last training forward's batch (routers without static weights), what DOG preserves when it moves
    // a component under an input-dependent router. It lives in that step's scope, like the regroup that reads it.
    private NDArray meanRouting; // [K]
    private NDArray routingRows; // [rows, K], the last training batch's weights (for routingSpread(), on demand)
    // Which experts' routing weights each component takes: column i of M [K, K·r], so component i is scaled by α·M_i.
    // Null means block one-hot (component i follows expert i / r), always the case outside a DOG hand-off: a regroup
    // under an input-dependent router moves a component together with its column, so the move is exact, and DOG then
    // hands the column over to the new expert in a few steps (Dog.handOff).
    private NDArray componentRouting; // [K, K·r] or null

    /**
     * Creates a layer from given experts.
     *
     * @param weight the frozen base (already the residual for SVD experts) {@code [out, in]}
     * @param bias the base bias {@code [out]} or null
     * @param a the experts' A {@code [K, r, in]} (taken over, not copied)
     * @param b the experts' B {@code [K, out, r]} (taken over, not copied)
     * @param router the router over K experts
     * @param scaling s = alpha / r
     */
    public BaditLinear(NDArray weight, NDArray bias, NDArray a, NDArray b, ExpertRouter router, float scaling) {
        super(weight, bias);
        Shape as = a.getShape();
        Shape bs = b.getShape();
        if (as.dimension() != 3 || bs.dimension() != 3 || as.get(0) != bs.get(0) || as.get(1) != bs.get(2)
                || as.get(2) != inFeatures() || bs.get(1) != outFeatures()) {
            throw new IllegalArgumentException("experts must be A [K, r, " + inFeatures() + "] and B [K, "
                    + outFeatures() + ", r]; got A " + as + ", B " + bs);
        }
        this.experts = (int) as.get(0);
        this.rank = (int) as.get(1);
        this.scaling = scaling;
        this.expertsA = addTrainable("experts_A", a);
        this.expertsB = addTrainable("experts_B", b);
        this.router = addChildBlock("router", router);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray delta(ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        NDArray a = ps.getValue(expertsA, x.getDevice(), training);
        NDArray b = ps.getValue(expertsB, x.getDevice(), training);
        NDArray aAll = a.reshape(experts * (long) rank, inFeatures()); // [Kr, in]
        NDArray bAll = b.transpose(1, 0, 2).reshape(outFeatures(), experts * (long) rank); // [out, Kr]
        NDArray h = Linear.linear(x, aAll).head(); // [..., Kr]
        NDArray alpha = router.weights(ps, x, ForwardContext.find(params), training); // [K] | [B, 1, K] | [B, T, K]
        if (training && router.staticWeights() == null) {
            routingRows = alpha.stopGradient().reshape(-1, experts); // [rows, K]
            meanRouting = routingRows.mean(new int[] {0});
        }
        NDArray perComponent = componentRouting == null ? alpha.repeat(-1, rank) : alpha.matMul(componentRouting);
        NDArray columnScale = Scalars.mul(perComponent, scaling); // [..., Kr]
        return Linear.linear(h.mul(columnScale), bAll).head(); // [..., out]
    }

    /** {@inheritDoc} */
    @Override
    public NDArray deltaWeight() {
        NDArray alpha = router.staticWeights();
        if (alpha == null) {
            throw new UnsupportedOperationException("a " + router.type() + " router has no single dense update; "
                    + (router instanceof TaskRouter ? "use deltaWeight(task)" : "it depends on the input"));
        }
        return denseUpdate(alpha);
    }

    /**
     * The per-expert weights a regroup preserves: the static router's α (exact), or for an input-dependent or task
     * router the mean α of the last training batch, floored at {@value #MIN_MEAN_ROUTING} (the output is then preserved
     * on average over that batch, not for every input).
     *
     * @return {@code [K]}, or null when there is neither (no training forward yet in this step)
     */
    public NDArray regroupWeights() {
        NDArray alpha = router.staticWeights();
        if (alpha != null) {
            return alpha;
        }
        if (meanRouting == null || meanRouting.isReleased()) {
            return null;
        }
        // An expert the router has switched off would have its components scaled up by 1/sqrt(mean α); the floor caps
        // that at 10×. (A floor of 0.25 was tried: it broke the mean preservation for peaked routers and raised the
        // regroup KL on the probe from 0.13 to 0.67 nats at step 10, so the floor only guards true collapse.)
        return meanRouting.maximum(MIN_MEAN_ROUTING);
    }

    /**
     * How input-dependent the last training batch's routing was: the mean over rows (sequences, or tokens) of
     * {@code max_k |α_k(x) − ᾱ_k|}, divided by the mean of ᾱ. A regroup that preserves the layer's output for ᾱ changes
     * it for input x by up to this fraction of the adapter's contribution, per moved or mixed component.
     *
     * @return a 0-d array; null for a static router or before the first training forward of this step
     */
    public NDArray routingSpread() {
        if (router.staticWeights() != null || routingRows == null || routingRows.isReleased()
                || meanRouting.isReleased()) {
            return null;
        }
        // How far one row's weights stray from the batch mean, relative to the mean weight: 0 when routing does not
        // depend on the input. Computed only when DOG's gate asks, not in every training forward.
        return routingRows.sub(meanRouting).abs().max(new int[] {1}).mean().div(meanRouting.mean().maximum(1e-6f));
    }

    /**
     * The experts' sum with every α = 1: {@code s·Σ_k B_k·A_k}, what the decomposition took out of W.
     *
     * @return {@code [out, in]}
     */
    public NDArray expertSum() {
        try (NDArray ones = manager().ones(new Shape(experts), expertsA.getArray().getDataType())) {
            return denseUpdate(ones);
        }
    }

    /**
     * The dense update of one task under a task router: {@code s·Σ_k α_task,k·B_k·A_k}.
     *
     * @param task the task id
     * @return {@code [out, in]}
     */
    public NDArray deltaWeight(int task) {
        if (!(router instanceof TaskRouter)) {
            throw new UnsupportedOperationException("per-task updates need a task router, not " + router.type());
        }
        try (NDArray alpha = ((TaskRouter) router).taskWeights(task)) {
            return denseUpdate(alpha);
        }
    }

    private NDArray denseUpdate(NDArray alpha) {
        NDManager manager = manager();
        try (NDManager scope = manager.newSubManager()) {
            NDArray aAll = expertsA.getArray().reshape(experts * (long) rank, inFeatures());
            NDArray bAll = expertsB.getArray().transpose(1, 0, 2).reshape(outFeatures(), experts * (long) rank);
            scope.tempAttachAll(aAll, bAll);
            NDArray perComponent = componentRouting == null ? alpha.repeat(0, rank)
                    : alpha.expandDims(0).matMul(componentRouting).squeeze(0);
            NDArray scale = perComponent.mul(scaling);
            NDArray update = bAll.mul(scale.expandDims(0)).matMul(aAll);
            update.attach(manager);
            return update;
        }
    }

    /**
     * Each rank-1 component's gradient {@code g_i = [∂A row i ; ∂B column i]}, the vectors DOG clusters.
     *
     * @return {@code [K·r, in + out]}, or null before the first backward pass
     */
    public NDArray componentGradients() {
        NDArray a = expertsA.getArray();
        NDArray b = expertsB.getArray();
        if (!a.hasGradient() || !b.hasGradient()) {
            return null;
        }
        long n = experts * (long) rank;
        NDArray ga = a.getGradient().reshape(n, inFeatures());
        NDArray gb = b.getGradient().transpose(0, 2, 1).reshape(n, outFeatures());
        return ga.concat(gb, 1);
    }

    /**
     * Reorders the K·r components in place: slot j receives component {@code index[j]}. A permutation keeps the set of
     * components (so the sum over all of them) unchanged; only their expert membership changes.
     *
     * @param index int64 {@code [K·r]}, a permutation, on the layer's device
     */
    public void permuteComponents(NDArray index) {
        NDArray a = expertsA.getArray();
        NDArray b = expertsB.getArray();
        try (NDManager scope = manager().newSubManager()) {
            scope.tempAttachAll(index);
            copyInto(a, ComponentLayout.permutedA(a, index), "experts_A");
            copyInto(b, ComponentLayout.permutedB(b, index), "experts_B");
        }
    }

    /**
     * Returns which experts' routing weights each component takes (see {@link #setComponentRouting}).
     *
     * @return {@code M [K, K·r]}, or null for block one-hot (component i takes expert i / r's weight)
     */
    public NDArray componentRouting() {
        return componentRouting;
    }

    /**
     * Sets which experts' routing weights each component takes: component i is scaled by {@code α·M[:, i]} instead of
     * its own expert's α. DOG uses it to move a component between experts without changing the function under an
     * input-dependent router; the array is taken over (attached to the layer's manager).
     *
     * @param m {@code [K, K·r]}, each column a distribution over experts; null for block one-hot
     */
    public void setComponentRouting(NDArray m) {
        if (m != null && !m.getShape().equals(new Shape(experts, experts * (long) rank))) {
            throw new IllegalArgumentException("component routing must be [" + experts + ", " + experts * rank
                    + "], got " + m.getShape());
        }
        if (componentRouting != null && componentRouting != m) {
            componentRouting.close();
        }
        if (m != null) {
            m.attach(manager());
            ai.djl.ndarray.NDScope.unregister(m); // lives across steps
        }
        componentRouting = m;
    }

    /**
     * The block one-hot routing of components to experts: {@code E[k, i] = 1} if component i belongs to expert k.
     *
     * @param manager where to create it
     * @return {@code [K, K·r]}
     */
    public NDArray ownRouting(NDManager manager) {
        return manager.eye(experts, experts, 0, expertsA.getArray().getDataType()).repeat(1, rank)
                .toDevice(expertsA.getArray().getDevice(), false);
    }

    /**
     * Multiplies component i's A row by {@code aFactor[i]} and its B column by {@code bFactor[i]} in place.
     *
     * @param aFactor {@code [K·r]}
     * @param bFactor {@code [K·r]}
     */
    public void scaleComponents(NDArray aFactor, NDArray bFactor) {
        try (NDManager scope = manager().newSubManager()) {
            NDArray fa = aFactor.reshape(experts, rank, 1);
            NDArray fb = bFactor.reshape(experts, 1, rank);
            scope.tempAttachAll(fa, fb);
            expertsA.getArray().muli(fa);
            expertsB.getArray().muli(fb);
        }
    }

    /**
     * Returns the experts as the decomposition created them, before training: {@code W − W_res = s·Σ_k B0_k·A0_k}.
     *
     * @return {@code A0 [K, r, in]}, or null when the base weight is the pretrained one (random experts)
     */
    public NDArray initialA() {
        return initialA;
    }

    /**
     * Returns the initial B of each expert (see {@link #initialA()}).
     *
     * @return {@code B0 [K, out, r]}, or null
     */
    public NDArray initialB() {
        return initialB;
    }

    /**
     * Records the initial experts (the decomposition does it; a loaded adapter restores them). Arrays are taken over.
     *
     * @param a {@code A0 [K, r, in]}, or null (with b) to forget them
     * @param b {@code B0 [K, out, r]}, or null
     */
    public void setInitialExperts(NDArray a, NDArray b) {
        if (a == null && b == null) {
            this.initialA = null;
            this.initialB = null;
            return;
        }
        if (a == null || b == null || !a.getShape().equals(expertsA.getArray().getShape())
                || !b.getShape().equals(expertsB.getArray().getShape())) {
            throw new IllegalArgumentException("initial experts must have the experts' shapes A "
                    + expertsA.getArray().getShape() + ", B " + expertsB.getArray().getShape() + "; got A "
                    + (a == null ? null : a.getShape()) + ", B " + (b == null ? null : b.getShape()));
        }
        a.setRequiresGradient(false);
        b.setRequiresGradient(false);
        this.initialA = a;
        this.initialB = b;
    }

    /**
     * Returns the number of experts.
     *
     * @return K
     */
    public int experts() {
        return experts;
    }

    /**
     * Returns each expert's rank.
     *
     * @return r
     */
    public int rank() {
        return rank;
    }

    /**
     * Returns the scaling of the update.
     *
     * @return s = alpha / r
     */
    public float scaling() {
        return scaling;
    }

    /**
     * Returns the router.
     *
     * @return the router
     */
    public ExpertRouter router() {
        return router;
    }

    /**
     * Returns the experts' A parameter.
     *
     * @return {@code A [K, r, in]}
     */
    public Parameter expertsA() {
        return expertsA;
    }

    /**
     * Returns the experts' B parameter.
     *
     * @return {@code B [K, out, r]}
     */
    public Parameter expertsB() {
        return expertsB;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, ai.djl.ndarray.types.DataType dataType,
            Shape... inputShapes) {
        // The router's parameters hold their arrays from construction; there is nothing to initialize.
    }

    /** {@inheritDoc} */
    @Override
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>(super.trainableParameters());
        for (Parameter p : router.getDirectParameters().values()) {
            if (p.requiresGradient()) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }
}
