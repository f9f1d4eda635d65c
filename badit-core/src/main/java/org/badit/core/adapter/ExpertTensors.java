package org.badit.core.adapter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.core.expert.BaditLinear;
import org.badit.core.expert.router.ExpertRouter;
import org.badit.core.method.MethodConfig;
import org.badit.lora.io.SafetensorsFile;
import org.badit.lora.io.TensorChecks;
import org.badit.lora.io.AdapterFormatException;
import org.badit.lora.nn.AdaptedLinear;
import org.badit.lora.nn.BlockTree;

/**
 * Tensor names and shapes of the expert adapter files, and their validation against a model.
 *
 * <pre>
 *   adapter_model.safetensors    base_model.model.&lt;path&gt;.experts_A       [K, r, in]
 *                                base_model.model.&lt;path&gt;.experts_B       [K, out, r]
 *                                base_model.model.&lt;path&gt;.router.&lt;param&gt;  static/task alpha [K] / [tasks, K],
 *                                                                     sequence/token gate [K, in]
 *   residual_base.safetensors    &lt;path&gt;.weight                           [out, in]   (HF checkpoint names)
 *   initial_experts.safetensors  base_model.model.&lt;path&gt;.experts_A/B     as in the adapter file
 * </pre>
 */
final class ExpertTensors {

    /** PEFT's prefix: a PeftModel wraps the model as {@code base_model.model}. */
    static final String KEY_PREFIX = "base_model.model.";
    /** A module's tensor name prefix inside the router child. */
    static final String ROUTER = "router.";

    private ExpertTensors() {}

    /** {@code base_model.model.<path>.<local>}. */
    static String key(String path, String local) {
        return KEY_PREFIX + path + "." + local;
    }

    /** {@code <path>.weight}: the residual base under its Hugging Face checkpoint name. */
    static String residualKey(String path) {
        return path + ".weight";
    }

    /**
     * The tensors one layer saves, relative to its module path, with their arrays.
     *
     * @param layer the layer
     * @return {@code experts_A}, {@code experts_B}, then {@code router.<param>} in registration order
     */
    static Map<String, NDArray> layerTensors(BaditLinear layer) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("experts_A", layer.expertsA().getArray());
        out.put("experts_B", layer.expertsB().getArray());
        for (Pair<String, Parameter> p : layer.router().getDirectParameters()) {
            out.put(ROUTER + p.getKey(), p.getValue().getArray());
        }
        return out;
    }

    /**
     * The shapes a module of the (not yet adapted) model must have in the adapter file, relative to its path.
     * The router's parameter shapes come from a throw-away router of the configured type, so they follow the router
     * classes rather than a copy of their rules.
     *
     * @param base the model before injection
     * @param manager a manager on the model's device, for the throw-away router
     * @param path the module path (a Linear)
     * @param config the method configuration
     * @return local name to shape
     */
    static Map<String, Shape> expectedShapes(Block base, NDManager manager, String path, MethodConfig config) {
        Shape w = weightShape(base, path);
        long out = w.get(0);
        long in = w.get(1);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("experts_A", new Shape(config.experts(), config.rank(), in));
        shapes.put("experts_B", new Shape(config.experts(), out, config.rank()));
        try (NDManager scope = manager.newSubManager()) {
            ExpertRouter router = config.router().create(scope, config.experts(), in, config.tasks());
            for (Pair<String, Parameter> p : router.getDirectParameters()) {
                shapes.put(ROUTER + p.getKey(), p.getValue().getArray().getShape());
            }
        }
        return shapes;
    }

    /** The {@code [out, in]} weight shape of a (not yet adapted) Linear module. */
    static Shape weightShape(Block base, String path) {
        Block block = BlockTree.find(base, path);
        if (block instanceof Linear) {
            return AdaptedLinear.arraysOf((Linear) block)[0].getShape();
        }
        if (block instanceof AdaptedLinear) {
            return ((AdaptedLinear) block).baseWeightArray().getShape();
        }
        throw new IllegalArgumentException("module '" + path + "' is not a Linear layer");
    }

    /**
     * Checks a file's tensors against the expected ones: every one present, floating-point, of the expected shape,
     * and nothing else; the {@code format} metadata, when present, {@code pt}.
     *
     * @param file the open file
     * @param expected full tensor name to shape
     * @param hint what to add to a shape error (where the expected shape came from)
     * @throws AdapterFormatException naming the file and the tensor
     */
    static void validate(SafetensorsFile file, Map<String, Shape> expected, String hint) {
        TensorChecks.checkTensors(file, expected, "", " (" + hint + ")",
                names -> "unexpected tensor " + names + ": it belongs to no module or parameter the config declares");
    }

    /** Local names in a stable order, for {@code saved_tensors}. */
    static List<String> localNames(Map<String, ?> tensors) {
        return new ArrayList<>(tensors.keySet());
    }
}
