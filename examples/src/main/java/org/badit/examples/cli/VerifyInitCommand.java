package org.badit.examples.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.badit.core.method.InitVerifier;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.RouterType;
import org.badit.core.model.DecoderLM;
import org.badit.lora.engine.Engines;
import org.badit.lora.AdapterInjector;
import org.badit.lora.TargetModules;
import org.badit.lora.init.SvdMethod;
import org.badit.lora.nn.AdaptedLinear;
import org.badit.lora.nn.BlockTree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code badit verify-init}: adapts a checkpoint with a method and checks that at initialization it still computes
 * the base model, that the decomposition reconstructs each weight, and (expert methods) that the experts are
 * mutually orthogonal.
 */
@Command(name = "verify-init", mixinStandardHelpOptions = true,
        description = {"Adapt a model with a method and print one JSON object: max_abs_logit_diff (adapted at init "
                + "vs base, on a seeded random probe), reconstruction_rel_error (||W - W_res - update|| / ||W||, "
                + "worst layer), max_expert_cosine (largest cosine between different experts' subspaces, worst "
                + "layer; null without experts), method, router, layers."})
final class VerifyInitCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model directory (config.json + *.safetensors).")
    Path model;

    @Option(names = "--method", required = true,
            description = "lora, pissa, milora, olora, loramoe, badit-nodog, badit or "
            + "badit-nobad (random experts + DOG).")
    String method;

    @Option(names = "--experts", required = true, description = "Experts K (the LoRA family gets rank K·r).")
    int experts;

    @Option(names = "--rank", required = true, description = "Rank r of each expert.")
    int rank;

    @Option(names = "--router", defaultValue = "sequence",
            description = "static, sequence, token or task (default: ${DEFAULT-VALUE}; LoRAMoE always token).")
    String router;

    @Option(names = "--targets", defaultValue = "gate_proj",
            description = "Adapted layers: names (gate_proj,up_proj), all-linear or regex:EXPR (default: "
                    + "${DEFAULT-VALUE}).")
    String targets;

    @Option(names = "--alpha", description = "LoRA alpha of one expert (default 2·r; scaling s = alpha / r).")
    Float alpha;

    @Option(names = "--svd", description = "exact or randomized:NITER (default: exact up to 1024 columns, else "
            + "randomized:4).")
    String svd;

    @Option(names = "--tasks", defaultValue = "4",
            description = "Task ids of the task router; probe sequence b runs as task b mod tasks (default: "
                    + "${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--probe", defaultValue = "2x16", description = "Probe size BxT of random token ids "
            + "(default: ${DEFAULT-VALUE}).")
    String probe;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds the initializations and the probe "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        // Everything that can be checked without the engine is checked first, so a typo costs no model load.
        Method m = Method.parse(method);
        RouterType r = RouterType.parse(router);
        TargetModules t = parseTargets(targets);
        int[] probeSize = parseProbe(probe);
        MethodConfig.Builder builder = MethodConfig.builder().setMethod(m).optExperts(experts).optRank(rank)
                .optRouter(r).optTargets(t).optTasks(tasks).optSeed(seed);
        if (alpha != null) {
            builder.optAlpha(alpha);
        }
        if (svd != null) {
            builder.optSvd(parseSvd(svd));
        }
        MethodConfig config = builder.build();
        if (!Files.isDirectory(model)) {
            throw new IllegalArgumentException("--model: " + model + " is not a directory");
        }
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            DecoderLM lm = DecoderLM.load(model, manager);
            checkBudget(lm, config);
            int length = Math.min(probeSize[1], lm.config().maxPositionEmbeddings());
            InitVerifier.Result result = InitVerifier.verify(lm, config,
                    InitVerifier.probe(manager, lm.config().vocabSize(), probeSize[0], length, seed));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("max_abs_logit_diff", finite(result.maxAbsLogitDiff()));
            json.put("reconstruction_rel_error", finite(result.reconstructionRelError()));
            json.put("max_expert_cosine", finite(result.maxExpertCosine()));
            json.put("method", m.id());
            json.put("router", m.hasExperts() ? config.router().id() : null);
            json.put("layers", result.layers());
            json.put("experts", experts);
            json.put("rank", rank);
            json.put("targets", t.toPeft());
            System.out.println(new GsonBuilder().serializeNulls().disableHtmlEscaping().create().toJson(json));
        }
        return 0;
    }

    /** SVD-based methods take K·r singular triplets: say which layer is too small before decomposing anything. */
    private static void checkBudget(DecoderLM lm, MethodConfig config) {
        if (config.method().keepsPretrainedBase()) {
            return; // random-init adapters may have any rank
        }
        for (String path : AdapterInjector.select(lm, config.targets())) {
            Shape s = AdaptedLinear.arraysOf((Linear) BlockTree.find(lm, path))[0].getShape();
            long limit = Math.min(s.get(0), s.get(1));
            if (config.totalRank() > limit) {
                throw new IllegalArgumentException("K·r = " + config.experts() + "·" + config.rank() + " = "
                        + config.totalRank() + " exceeds min(out, in) = " + limit + " of " + path + " [" + s.get(0)
                        + ", " + s.get(1) + "]; lower --experts or --rank");
            }
        }
    }

    /**
     * Parses a target selection as the commands write it.
     *
     * @param text {@code gate_proj,up_proj}, {@code all-linear} or {@code regex:EXPR}
     * @return the selection
     */
    static TargetModules parseTargets(String text) {
        String v = text.trim();
        if (v.startsWith("regex:")) {
            return TargetModules.regex(v.substring("regex:".length()));
        }
        if (TargetModules.ALL_LINEAR.equals(v)) {
            return TargetModules.allLinear();
        }
        return TargetModules.names(Arrays.stream(v.split(",")).map(String::trim).toList());
    }

    private static SvdMethod parseSvd(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (v.equals("exact")) {
            return SvdMethod.exact();
        }
        if (v.startsWith("randomized:")) {
            try {
                return SvdMethod.randomized(Integer.parseInt(v.substring("randomized:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--svd: '" + text + "': the power iterations must be an "
                        + "integer, e.g. randomized:4", e);
            }
        }
        throw new IllegalArgumentException("--svd: unknown '" + text + "'; use exact or randomized:NITER");
    }

    private static int[] parseProbe(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            int b = Integer.parseInt(parts[0]);
            int t = Integer.parseInt(parts[1]);
            if (parts.length == 2 && b >= 1 && t >= 1) {
                return new int[] {b, t};
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // reported below
        }
        throw new IllegalArgumentException("--probe: '" + text + "' is not BxT with B, T >= 1, e.g. 2x16");
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
