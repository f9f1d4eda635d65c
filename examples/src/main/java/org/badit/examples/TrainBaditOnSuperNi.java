package org.badit.examples;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.badit.core.adapter.AdapterFiles;
import org.badit.core.data.SuperNiExamples;
import org.badit.core.data.TrainingExample;
import org.badit.core.eval.EvaluationResult;
import org.badit.core.eval.Evaluator;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.Methods;
import org.badit.core.model.DecoderLM;
import org.badit.core.tokenizer.HfTokenizer;
import org.badit.core.tokenizer.Tokenizer;
import org.badit.core.train.ConsoleProgress;
import org.badit.core.train.Trainer;
import org.badit.core.train.TrainerConfig;
import org.badit.lora.engine.Engines;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.Split;
import org.badit.superni.data.SuperNiLoader;
import org.badit.superni.prompt.PaperPrompt;

/**
 * Instruct-tunes a Hugging Face checkpoint with BADIT on the SuperNI CL-15 benchmark, evaluates it with the official
 * metrics and saves the adapter.
 *
 * <pre>java -cp badit.jar org.badit.examples.TrainBaditOnSuperNi /models/Qwen3-0.6B superni-cl15 out/</pre>
 */
public final class TrainBaditOnSuperNi {

    private TrainBaditOnSuperNi() {}

    /**
     * Runs the example.
     *
     * @param args checkpoint directory, SuperNI directory, output directory
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path out = Path.of(args[2]);
        List<SuperNiTask> train = SuperNiLoader.builder().setRoot(data).optSplit(Split.TRAIN).optMaxInstances(200)
                .build().load();
        List<SuperNiTask> test = SuperNiLoader.builder().setRoot(data).optSplit(Split.TEST).optMaxInstances(50)
                .build().load();
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
                Tokenizer tokenizer = HfTokenizer.open(modelDir)) {
            DecoderLM model = DecoderLM.load(modelDir, manager);
            AdaptedModel badit = Methods.apply(model, MethodConfig.builder().setMethod(Method.BADIT)
                    .optExperts(4).optRank(8).build());
            System.out.println(badit.injection());

            List<TrainingExample> examples = SuperNiExamples.tokenize(train, new PaperPrompt(), tokenizer, 512, 64);
            TrainerConfig config = TrainerConfig.builder().optLearningRate(2e-4f).optBatchSize(8).optEpochs(1)
                    .optOutputDir(out).build();
            new Trainer(config, List.of(new ConsoleProgress(System.err, true, 10)))
                    .fit(badit, examples, tokenizer.padId(), false);

            EvaluationResult result = Evaluator.builder().setModel(model).setTokenizer(tokenizer).build()
                    .evaluate(test);
            result.writePredictions(out.resolve("predictions.jsonl"));
            System.out.println("ROUGE-L " + result.report().overall().rougeL());
            AdapterFiles.save(badit, out.resolve("adapter"));
        }
    }
}
