package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Rotary position embeddings in the Hugging Face "rotate half" convention: channel {@code i} pairs with channel
 * {@code i + D/2}, and {@code x' = x·cos + rotate_half(x)·sin} with {@code rotate_half([a, b]) = [-b, a]}.
 *
 * <p>The inverse frequencies {@code θ^(-2i/D)} are adjusted by the config's {@code rope_scaling}: {@code linear}
 * divides them by the factor; {@code llama3} divides only the long wavelengths and interpolates in between;
 * {@code dynamic} (NTK) enlarges the base once the sequence exceeds the pre-trained length — computed from the longest
 * position of each call, which is what Hugging Face does while a sequence grows.
 */
public final class RotaryEmbedding {

    private final int headDim;
    private final double theta;
    private final RopeScaling scaling;
    private final float[] invFreq;

    /**
     * Creates the embedding of a model.
     *
     * @param config the model configuration
     */
    public RotaryEmbedding(ModelConfig config) {
        this.headDim = config.headDim();
        this.theta = config.ropeTheta();
        this.scaling = config.ropeScaling();
        this.invFreq = inverseFrequencies(theta);
    }

    private float[] inverseFrequencies(double base) {
        int half = headDim / 2;
        float[] out = new float[half];
        for (int i = 0; i < half; i++) {
            // As Hugging Face: the exponent 2i/D in float32, the power in float32.
            float exponent = (float) (2 * i) / headDim;
            out[i] = (float) (1.0 / Math.pow(base, exponent));
        }
        if (scaling == null) {
            return out;
        }
        switch (scaling.type()) {
            case "linear" -> {
                for (int i = 0; i < half; i++) {
                    out[i] = (float) (out[i] / scaling.factor());
                }
            }
            case "llama3" -> applyLlama3(out);
            default -> { } // dynamic: the base changes per call, see cosSin
        }
        return out;
    }

    private void applyLlama3(float[] freq) {
        double factor = scaling.factor();
        double oldContext = scaling.originalMaxPositions();
        double lowFreqWavelen = oldContext / scaling.lowFreqFactor();
        double highFreqWavelen = oldContext / scaling.highFreqFactor();
        for (int i = 0; i < freq.length; i++) {
            double f = freq[i];
            double wavelen = 2 * Math.PI / f;
            if (wavelen > lowFreqWavelen) {
                freq[i] = (float) (f / factor); // long wavelengths: fully interpolated
            } else if (wavelen >= highFreqWavelen) {
                double smooth = (oldContext / wavelen - scaling.lowFreqFactor())
                        / (scaling.highFreqFactor() - scaling.lowFreqFactor());
                freq[i] = (float) ((1 - smooth) * f / factor + smooth * f);
            } // short wavelengths: kept
        }
    }

    /**
     * Computes the cosines and sines of a batch of positions.
     *
     * @param positions {@code [B, T]} integer positions
     * @param seqLength the length the sequence has reached (past + current), for dynamic scaling
     * @return {@code cos, sin}, each {@code [B, 1, T, D]} float32
     */
    public NDList cosSin(NDArray positions, long seqLength) {
        float[] freq = invFreq;
        if (scaling != null && scaling.type().equals("dynamic") && seqLength > scaling.originalMaxPositions()) {
            double factor = scaling.factor();
            double base = theta * Math.pow(factor * seqLength / scaling.originalMaxPositions() - (factor - 1),
                    headDim / (headDim - 2.0));
            freq = inverseFrequencies(base);
        }
        NDManager manager = positions.getManager();
        NDArray inv = manager.create(freq).toDevice(positions.getDevice(), false);
        NDArray angles = positions.toType(DataType.FLOAT32, false).expandDims(-1).mul(inv); // [B, T, D/2]
        NDArray emb = angles.concat(angles, -1).expandDims(1); // [B, 1, T, D]
        return new NDList(emb.cos(), emb.sin());
    }

    /**
     * Rotates queries or keys.
     *
     * @param x {@code [B, heads, T, D]}
     * @param cos {@code [B, 1, T, D]}
     * @param sin {@code [B, 1, T, D]}
     * @return the rotated {@code [B, heads, T, D]}
     */
    public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        long half = x.getShape().getLastDimension() / 2;
        NDArray first = x.get("..., :{}", half);
        NDArray second = x.get("..., {}:", half);
        NDArray rotated = NDArrays.concat(new NDList(second.neg(), first), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
