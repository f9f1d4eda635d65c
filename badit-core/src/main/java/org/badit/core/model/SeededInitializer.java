package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;

/**
 * Random weights that depend only on (seed, tensor name): normal with std 0.02 for weight matrices, the block's own
 * default (zeros, ones) for biases and norms. Drawn in Java, so a seed gives the same model on every device and in
 * any initialization order.
 */
final class SeededInitializer implements Initializer {

    private static final double STD = 0.02;

    private final long seed;
    private final String name;
    private final Initializer fallback;

    SeededInitializer(long seed, String name, Parameter parameter) {
        this.seed = seed;
        this.name = name;
        this.fallback = parameter.getInitializer();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (shape.dimension() < 2) {
            return fallback.initialize(manager, shape, dataType); // biases, norm gains
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (gaussian(random) * STD);
        }
        // create() wraps a Java direct buffer without copying, kept alive only by that wrapper; a parameter must own
        // its storage (with the wrapper's buffer freed, training read garbage and hit NaN at random steps).
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.toType(dataType, true).duplicate();
        }
    }

    /** Box–Muller; SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
