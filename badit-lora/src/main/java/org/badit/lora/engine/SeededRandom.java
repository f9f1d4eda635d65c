package org.badit.lora.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** Random matrices drawn on the host from a seed, so a seed gives the same values on every device and engine. */
public final class SeededRandom {

    private SeededRandom() {}

    /**
     * Draws {@code U(−bound, bound)}.
     *
     * @param m the manager of the result
     * @param shape the result's shape
     * @param bound the half-width
     * @param seed the seed
     * @param type the result's data type
     * @param device the result's device
     * @return a new array
     */
    public static NDArray uniform(NDManager m, Shape shape, double bound, long seed, DataType type,
            ai.djl.Device device) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        return onDevice(m, v, shape, type, device);
    }

    /**
     * Draws {@code N(0, std²)} (Box–Muller).
     *
     * @param m the manager of the result
     * @param shape the result's shape
     * @param std the standard deviation
     * @param seed the seed
     * @param type the result's data type
     * @param device the result's device
     * @return a new array
     */
    public static NDArray normal(NDManager m, Shape shape, double std, long seed, DataType type,
            ai.djl.Device device) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            v[i] = (float) (std * Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2));
        }
        return onDevice(m, v, shape, type, device);
    }

    private static NDArray onDevice(NDManager m, float[] v, Shape shape, DataType type, ai.djl.Device device) {
        // create() wraps a Java buffer without copying and toType(same type) may return an alias of it: copy into
        // engine-owned storage before closing the wrapper, or the parameter reads freed memory.
        try (NDArray host = m.create(v, shape)) {
            return host.toDevice(device, false).toType(type, false).duplicate();
        }
    }
}
