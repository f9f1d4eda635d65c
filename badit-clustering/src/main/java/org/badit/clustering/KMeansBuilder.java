package org.badit.clustering;

/**
 * The options of spherical k-means, shared by the DJL implementation ({@link SphericalKMeans}) and the ND4J one
 * ({@code nd4j.Nd4jSphericalKMeans}), so both backends accept and validate exactly the same settings. Builder in DJL
 * style: {@code set*} required, {@code opt*} optional.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
public abstract class KMeansBuilder<B extends KMeansBuilder<B>> {

    private int clusters = -1;
    private int restarts = 3;
    private int maxIterations = 50;
    private double tolerance = 1e-6;
    private boolean signInvariant;
    private long seed = 42;
    private int checkEvery = 4;

    /** Creates a builder with the defaults. */
    protected KMeansBuilder() {}

    /**
     * Returns this builder as its concrete type.
     *
     * @return this
     */
    protected abstract B self();

    /**
     * Sets the number of clusters K (required).
     *
     * @param k clusters, 1 ≤ K ≤ N
     * @return this
     */
    public B setClusters(int k) {
        this.clusters = k;
        return self();
    }

    /**
     * Sets the number of k-means++ restarts (n_init); the best objective per problem is kept. Default 3.
     *
     * @param n restarts ≥ 1
     * @return this
     */
    public B optRestarts(int n) {
        this.restarts = n;
        return self();
    }

    /**
     * Sets the maximum number of Lloyd iterations. Default 50.
     *
     * @param n iterations ≥ 1
     * @return this
     */
    public B optMaxIterations(int n) {
        this.maxIterations = n;
        return self();
    }

    /**
     * Sets the tolerance: a problem stops when its mean per-item similarity gain is at most this (or its assignment
     * no longer changes). Default 1e-6.
     *
     * @param tol tolerance ≥ 0
     * @return this
     */
    public B optTolerance(double tol) {
        this.tolerance = tol;
        return self();
    }

    /**
     * Treats v and −v as the same direction (similarity |cos|). Default false.
     *
     * @param on whether to ignore signs
     * @return this
     */
    public B optSignInvariant(boolean on) {
        this.signInvariant = on;
        return self();
    }

    /**
     * Sets the seed of the k-means++ draws. Default 42.
     *
     * @param s the seed
     * @return this
     */
    public B optSeed(long s) {
        this.seed = s;
        return self();
    }

    /**
     * Sets how often (in iterations) the host reads the convergence flag; on a device each read is a sync (the ND4J
     * backend reads flags for free). Default 4.
     *
     * @param n iterations ≥ 1
     * @return this
     */
    public B optCheckEvery(int n) {
        this.checkEvery = n;
        return self();
    }

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException for an invalid setting
     */
    protected void validate() {
        if (clusters < 1) {
            throw new IllegalArgumentException("setClusters(K) is required and K must be >= 1, got " + clusters);
        }
        if (restarts < 1 || maxIterations < 1 || checkEvery < 1) {
            throw new IllegalArgumentException("restarts, maxIterations and checkEvery must be >= 1");
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
    }

    /** @return K */
    public int clusters() {
        return clusters;
    }

    /** @return the restarts */
    public int restarts() {
        return restarts;
    }

    /** @return the iteration cap */
    public int maxIterations() {
        return maxIterations;
    }

    /** @return the tolerance */
    public double tolerance() {
        return tolerance;
    }

    /** @return whether signs are ignored */
    public boolean signInvariant() {
        return signInvariant;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the convergence-check period */
    public int checkEvery() {
        return checkEvery;
    }

    /**
     * Returns the settings collected so far (call after {@link #validate()}).
     *
     * @return the settings
     */
    public KMeansSettings settings() {
        validate();
        return new KMeansSettings(clusters, restarts, maxIterations, tolerance, signInvariant, seed, checkEvery);
    }
}
