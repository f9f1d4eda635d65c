package org.badit.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.badit.lora.nn.MutableBlock;

/**
 * A tiny decoder-shaped block tree with Hugging Face module paths ({@code model.layers.0.self_attn.q_proj}, ...,
 * {@code lm_head}) that follows the MutableBlock contract, for injection and adapter I/O tests.
 */
public final class ToyDecoder extends MutableBlock {

    /** Hidden width. */
    public static final int HIDDEN = 8;
    /** MLP width. */
    public static final int INTERMEDIATE = 12;
    /** Output width. */
    public static final int VOCAB = 10;

    /** A node whose forward is given by a lambda over its (live) children. */
    private static final class Node extends MutableBlock {
        interface Body {
            NDArray run(Node self, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params);
        }

        private final Body body;

        Node(Body body) {
            this.body = body;
        }

        <B extends Block> B add(String name, B block) {
            return addChild(name, block);
        }

        NDArray call(String name, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
            return child(name).forward(ps, new NDList(x), training, params).head();
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return new NDList(body.run(this, ps, inputs.head(), training, params));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    private final int layers;

    /**
     * Builds and initializes the model.
     *
     * @param manager where the weights live
     * @param layers the number of decoder layers
     */
    public ToyDecoder(NDManager manager, int layers) {
        this.layers = layers;
        Node stack = new Node((self, ps, x, t, p) -> {
            NDArray h = x;
            for (int i = 0; i < this.layers; i++) {
                h = self.call(String.valueOf(i), ps, h, t, p);
            }
            return h;
        });
        for (int i = 0; i < layers; i++) {
            Node attn = new Node((self, ps, x, t, p) -> self.call("o_proj", ps,
                    self.call("q_proj", ps, x, t, p).add(self.call("k_proj", ps, x, t, p))
                            .mul(self.call("v_proj", ps, x, t, p)), t, p));
            attn.add("q_proj", linear(manager, HIDDEN, HIDDEN, true));
            attn.add("k_proj", linear(manager, HIDDEN, HIDDEN, false));
            attn.add("v_proj", linear(manager, HIDDEN, HIDDEN, false));
            attn.add("o_proj", linear(manager, HIDDEN, HIDDEN, false));
            Node mlp = new Node((self, ps, x, t, p) -> self.call("down_proj", ps,
                    Activation.relu(self.call("gate_proj", ps, x, t, p)).mul(self.call("up_proj", ps, x, t, p)),
                    t, p));
            mlp.add("gate_proj", linear(manager, HIDDEN, INTERMEDIATE, false));
            mlp.add("up_proj", linear(manager, HIDDEN, INTERMEDIATE, false));
            mlp.add("down_proj", linear(manager, INTERMEDIATE, HIDDEN, false));
            Node layer = new Node((self, ps, x, t, p) -> {
                NDArray h = x.add(self.call("self_attn", ps, x, t, p));
                return h.add(self.call("mlp", ps, h, t, p));
            });
            layer.add("self_attn", attn);
            layer.add("mlp", mlp);
            stack.add(String.valueOf(i), layer);
        }
        Node model = new Node((self, ps, x, t, p) -> self.call("layers", ps, x, t, p));
        model.add("layers", stack);
        addChild("model", model);
        addChild("lm_head", linear(manager, HIDDEN, VOCAB, false));
    }

    // As a checkpoint loader does: each Linear gets its weights directly (MutableBlock has no initializeChildBlocks).
    private static Linear linear(NDManager manager, int in, int units, boolean bias) {
        Linear linear = Linear.builder().setUnits(units).optBias(bias).build();
        linear.initialize(manager, DataType.FLOAT32, new Shape(1, in));
        // Xavier weights are large for this depth; shrink them so outputs stay O(1).
        linear.getParameters().forEach(p -> p.getValue().getArray().muli(0.5f));
        if (bias) {
            linear.getParameters().get("bias").getArray().addi(0.1f);
        }
        return linear;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray h = child("model").forward(ps, inputs, training, params).head();
        return child("lm_head").forward(ps, new NDList(h), training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].slice(0, inputShapes[0].dimension() - 1).add(VOCAB)};
    }

    /**
     * Runs the model in inference mode.
     *
     * @param x {@code [..., HIDDEN]}
     * @return {@code [..., VOCAB]}
     */
    public NDArray run(NDArray x) {
        return forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
    }
}
