package org.badit.core.method;

import java.util.List;
import org.badit.core.expert.Dog;
import org.badit.core.init.InitSettings;
import org.badit.lora.TargetModules;
import org.badit.lora.init.SvdMethod;

/**
 * How to adapt a model: the method and its budget. Every method gets the same total rank K·r: the LoRA family one
 * adapter of rank K·r, the expert methods K experts of rank r. The update scaling s = alpha / r is the same for all
 * (the LoRA family uses lora_alpha = s·K·r), so learning rates transfer between methods.
 *
 * @param method the method
 * @param experts K
 * @param rank r, each expert's rank
 * @param alpha LoRA alpha of one expert (s = alpha / r)
 * @param router how expert methods mix experts (LoRAMoE always routes per token)
 * @param targets which Linear layers to adapt
 * @param svd the SVD of SVD-based initializations; null picks exact up to 1024 columns, randomized above
 * @param dropout dropout on the LoRA branch (LoRA family only)
 * @param tasks the number of task ids (task router)
 * @param seed seeds random initializations and the randomized SVD
 * @param dog DOG's settings (BADIT only)
 */
public record MethodConfig(Method method, int experts, int rank, float alpha, RouterType router,
        TargetModules targets, SvdMethod svd, float dropout, int tasks, long seed, DogSettings dog) {

    /** The released code's default target: every decoder layer's MLP gate projection. */
    public static final List<String> DEFAULT_TARGETS = List.of("gate_proj");
    /** The method unless set. */
    public static final Method DEFAULT_METHOD = Method.BADIT;
    /** K unless set. */
    public static final int DEFAULT_EXPERTS = 4;
    /** r unless set. */
    public static final int DEFAULT_RANK = 8;
    /** One expert's alpha unless set: 2·r, the paper's recipe (scale 2 at r = 8). */
    public static final float DEFAULT_ALPHA = 2f * DEFAULT_RANK;
    /** The router of expert methods unless set (the paper's per-sequence router). */
    public static final RouterType DEFAULT_ROUTER = RouterType.SEQUENCE;
    /** The seed unless set. */
    public static final long DEFAULT_SEED = 42;

    /**
     * DOG's settings.
     *
     * @param emaBeta decay of the component-gradient EMA
     * @param regroupEvery regroup period in optimizer steps
     * @param regroupUntil fraction of training during which to regroup
     * @param restarts k-means restarts
     * @param orthogonalize whether each regroup first re-orthogonalises the components (joint re-SVD,
     *     output-preserving); false is the paper's literal DOG
     * @param backend where the regroup's clustering runs: {@code libtorch} or {@code nd4j}
     * @param orthogonalizeMaxSpread the largest routing spread at which a layer is still re-orthogonalised; 0: no
     *     gate, every layer (the default)
     * @param orthogonalization how to re-orthogonalise: the joint re-SVD, the nearest orthogonal components, or
     *     {@code AUTO} (re-SVD for a static router, nearest for the others)
     * @param handoffSteps over how many steps a component moved under an input-dependent router takes on its new
     *     expert's routing (0: at once, rescaled by the mean routing weights)
     */
    public record DogSettings(float emaBeta, int regroupEvery, double regroupUntil, int restarts,
            boolean orthogonalize, String backend, float orthogonalizeMaxSpread, Dog.Orthogonalization orthogonalization,
            int handoffSteps) {
        /** The defaults: β = 0.9, every step, first half of training, 3 restarts, re-orthogonalised, libtorch. */
        public static final DogSettings DEFAULT = new DogSettings(Dog.DEFAULT_EMA_BETA, Dog.DEFAULT_REGROUP_EVERY,
                Dog.DEFAULT_REGROUP_UNTIL, Dog.DEFAULT_RESTARTS, Dog.DEFAULT_ORTHOGONALIZE, Dog.DEFAULT_BACKEND, 0f,
                Dog.Orthogonalization.AUTO, Dog.DEFAULT_HANDOFF_STEPS);

        /**
         * Settings with the default way of re-orthogonalising and handing off.
         *
         * @param emaBeta decay of the component-gradient EMA
         * @param regroupEvery regroup period in optimizer steps
         * @param regroupUntil fraction of training during which to regroup
         * @param restarts k-means restarts
         * @param orthogonalize whether each regroup first re-orthogonalises the components
         * @param backend where the regroup's clustering runs
         * @param orthogonalizeMaxSpread the routing-spread gate (0: none)
         */
        public DogSettings(float emaBeta, int regroupEvery, double regroupUntil, int restarts,
                boolean orthogonalize, String backend, float orthogonalizeMaxSpread) {
            this(emaBeta, regroupEvery, regroupUntil, restarts, orthogonalize, backend, orthogonalizeMaxSpread,
                    Dog.Orthogonalization.AUTO, Dog.DEFAULT_HANDOFF_STEPS);
        }

        /**
         * Settings on the default clustering backend.
         *
         * @param emaBeta decay of the component-gradient EMA
         * @param regroupEvery regroup period in optimizer steps
         * @param regroupUntil fraction of training during which to regroup
         * @param restarts k-means restarts
         * @param orthogonalize whether each regroup first re-orthogonalises the components
         */
        public DogSettings(float emaBeta, int regroupEvery, double regroupUntil, int restarts,
                boolean orthogonalize) {
            this(emaBeta, regroupEvery, regroupUntil, restarts, orthogonalize, Dog.DEFAULT_BACKEND, 0f);
        }

        /**
         * Settings with the default re-orthogonalisation.
         *
         * @param emaBeta decay of the component-gradient EMA
         * @param regroupEvery regroup period in optimizer steps
         * @param regroupUntil fraction of training during which to regroup
         * @param restarts k-means restarts
         */
        public DogSettings(float emaBeta, int regroupEvery, double regroupUntil, int restarts) {
            this(emaBeta, regroupEvery, regroupUntil, restarts, true);
        }
    }

    /**
     * Returns the total rank of the adapter.
     *
     * @return K·r
     */
    public int totalRank() {
        return experts * rank;
    }

    /**
     * Returns the update scaling shared by all methods.
     *
     * @return alpha / r
     */
    public float scaling() {
        return alpha / rank;
    }

    /**
     * Returns what the method's initializer needs: K, r, alpha, SVD, dropout, seed and this config's router.
     *
     * @return the settings
     */
    public InitSettings initSettings() {
        InitSettings.RouterFactory routers = method.hasExperts()
                ? (manager, inFeatures) -> router.create(manager, experts, inFeatures, tasks) : null;
        return new InitSettings(experts, rank, alpha, svd, dropout, seed, routers);
    }

    /**
     * Creates a builder.
     *
     * @return a builder with the defaults (BADIT, K = 4, r = 8, alpha = 16, sequence router, gate_proj)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link MethodConfig}. */
    public static final class Builder {
        private Method method = DEFAULT_METHOD;
        private int experts = DEFAULT_EXPERTS;
        private int rank = DEFAULT_RANK;
        private Float alpha;
        private RouterType router = DEFAULT_ROUTER;
        private TargetModules targets = TargetModules.names(DEFAULT_TARGETS);
        private SvdMethod svd;
        private float dropout;
        private int tasks = 1;
        private long seed = DEFAULT_SEED;
        private DogSettings dog = DogSettings.DEFAULT;

        private Builder() {}

        /**
         * Sets the method.
         *
         * @param method the method
         * @return this builder
         */
        public Builder setMethod(Method method) {
            this.method = method;
            return this;
        }

        /**
         * Sets the number of experts K (default 4).
         *
         * @param experts K
         * @return this builder
         */
        public Builder optExperts(int experts) {
            this.experts = experts;
            return this;
        }

        /**
         * Sets each expert's rank r (default 8).
         *
         * @param rank r
         * @return this builder
         */
        public Builder optRank(int rank) {
            this.rank = rank;
            return this;
        }

        /**
         * Sets one expert's alpha (default 2·r).
         *
         * @param alpha alpha
         * @return this builder
         */
        public Builder optAlpha(float alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Sets the router of expert methods (default sequence, as the paper; static makes BADIT PiSSA with K scalars).
         *
         * @param router the router type
         * @return this builder
         */
        public Builder optRouter(RouterType router) {
            this.router = router;
            return this;
        }

        /**
         * Sets the targets (default {@code gate_proj}).
         *
         * @param targets the target modules
         * @return this builder
         */
        public Builder optTargets(TargetModules targets) {
            this.targets = targets;
            return this;
        }

        /**
         * Sets the SVD of SVD-based initializations (default: exact up to 1024 columns, else randomized, niter 4).
         *
         * @param svd the method
         * @return this builder
         */
        public Builder optSvd(SvdMethod svd) {
            this.svd = svd;
            return this;
        }

        /**
         * Sets LoRA dropout (default 0).
         *
         * @param dropout probability
         * @return this builder
         */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Sets the number of task ids for the task router (default 1).
         *
         * @param tasks the number of tasks
         * @return this builder
         */
        public Builder optTasks(int tasks) {
            this.tasks = tasks;
            return this;
        }

        /**
         * Sets the seed (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets DOG's settings.
         *
         * @param dog the settings
         * @return this builder
         */
        public Builder optDog(DogSettings dog) {
            this.dog = dog;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public MethodConfig build() {
            if (experts < 1 || rank < 1) {
                throw new IllegalArgumentException("experts and rank must be >= 1, got K=" + experts + " r=" + rank);
            }
            if (dropout < 0 || dropout >= 1) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            float a = alpha == null ? 2f * rank : alpha;
            RouterType r = method.fixedRouter() != null ? method.fixedRouter() : router;
            return new MethodConfig(method, experts, rank, a, r, targets, svd, dropout, tasks, seed, dog);
        }
    }
}
