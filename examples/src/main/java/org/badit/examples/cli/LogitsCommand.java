package org.badit.examples.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.badit.core.model.DecoderLM;
import org.badit.lora.engine.Engines;
import org.badit.lora.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit logits}: the logits of a model at every position of one input, as JSON. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Print {\"logits\": [[...] per position]} of a Hugging Face model directory for token ids.")
final class LogitsCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model directory (config.json + *.safetensors).")
    Path model;

    @Option(names = "--input-ids", required = true, split = ",", description = "Comma-separated token ids.")
    int[] inputIds;

    @Option(names = "--out", description = "Write the JSON to this file instead of standard output.")
    Path out;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            DecoderLM lm = DecoderLM.load(model, manager);
            int vocab = lm.config().vocabSize();
            for (int id : inputIds) {
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("--input-ids: id " + id + " outside the vocabulary [0, "
                            + vocab + ")");
                }
            }
            float[] flat = lm.logits(new ParameterStore(manager, false),
                    manager.create(inputIds, new Shape(1, inputIds.length)), null, false, null).toFloatArray();
            float[][] rows = new float[inputIds.length][vocab];
            for (int t = 0; t < inputIds.length; t++) {
                System.arraycopy(flat, t * vocab, rows[t], 0, vocab);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("logits", rows);
            String text = new Gson().toJson(json);
            if (out != null) {
                AtomicFiles.writeString(out, text + "\n");
            } else {
                System.out.println(text);
            }
        }
        return 0;
    }
}
