package org.badit.core.eval;

import org.badit.core.testing.TestEngine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.Methods;
import org.badit.core.method.RouterType;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ScratchModels;
import org.badit.core.tokenizer.ByteTokenizer;
import org.badit.lora.engine.Engines;
import org.badit.lora.TargetModules;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.SuperNiLoader;
import org.badit.superni.data.Split;
import org.junit.jupiter.api.Assumptions;

/** Shared pieces of the evaluation tests: a tiny byte-level Llama and two SuperNI tasks. */
final class EvalFixtures {

    static final List<String> TASKS = List.of("task073_commonsenseqa_answer_generation",
            "task363_sst2_polarity_classification");

    private EvalFixtures() {}

    /** One intra-op thread: the models are tiny and the test machine is shared. */
    static NDManager manager() {
        Engines.setThreads(1);
        return TestEngine.manager();
    }

    static DecoderLM model(NDManager manager, long seed) {
        return DecoderLM.randomInit(ScratchModels.llama(ByteTokenizer.VOCAB_SIZE, 32, 64, 2, 4, 2,
                ByteTokenizer.BOS, ByteTokenizer.EOS), seed, manager);
    }

    static AdaptedModel badit(DecoderLM lm, RouterType router, int tasks) {
        return Methods.apply(lm, MethodConfig.builder().setMethod(Method.BADIT).optExperts(2).optRank(4)
                .optRouter(router).optTasks(tasks).optTargets(TargetModules.allLinear()).optSeed(3).build());
    }

    /** The test split of two CL-benchmark tasks, capped; skips the test when the shared data is absent. */
    static List<SuperNiTask> tasks(int perTask) throws IOException {
        String shared = System.getProperty("badit.shared.dir");
        Path root = shared == null ? null : Path.of(shared, "data", "superni-cl15");
        Assumptions.assumeTrue(root != null && Files.isDirectory(root),
                "skipped: SuperNI CL benchmark not found (system property badit.shared.dir=" + shared
                        + ", expected <dir>/data/superni-cl15)");
        List<SuperNiTask> tasks = SuperNiLoader.builder().setRoot(root).optSplit(Split.TEST)
                .optMaxInstances(perTask).optTasks(Set.copyOf(TASKS)).build().load();
        Assumptions.assumeTrue(tasks.size() == TASKS.size(), "skipped: " + root + " lacks " + TASKS);
        return tasks;
    }

    /** An evaluator whose budget truncates none of the test prompts, so batches hold rows of different lengths. */
    static Evaluator.Builder evaluator(DecoderLM lm) {
        return Evaluator.builder().setModel(lm).setTokenizer(new ByteTokenizer()).optMaxNewTokens(12)
                .optMaxPromptTokens(1024);
    }
}
