package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ScratchModels;
import org.badit.core.testing.TestEngine;
import org.badit.core.tokenizer.ByteTokenizer;
import org.badit.lora.io.DirectoryLock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken input to every file and flag the command line reads: each case must end in one line that
 * names the file (or flag) and the field, a non-zero exit, no stack trace, and no output written. The cases mutate
 * copies of a valid tiny checkpoint, a valid two-task dataset and two finished runs (LoRA and BADIT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    @TempDir
    static Path root;

    private Path model;
    private Path wideModel;
    private Path data;
    private Path loraRun;
    private Path baditRun;
    private int counter;

    /** One case: builds its broken input in a fresh directory and returns the command line. */
    private record Case(String name, Setup setup, String... expected) {}

    @FunctionalInterface
    private interface Setup {
        String[] args(Path dir) throws Exception;
    }

    @BeforeAll
    void fixtures() throws Exception {
        model = Fixtures.tinyCheckpoint(root.resolve("model"));
        try (NDManager m = TestEngine.manager()) {
            DecoderLM.randomInit(ScratchModels.llama(ByteTokenizer.VOCAB_SIZE, 48, 64, 2, 4, 2, ByteTokenizer.BOS,
                    ByteTokenizer.EOS), 6, m).save(root.resolve("wide-model"));
        }
        wideModel = root.resolve("wide-model");
        data = Fixtures.tinyTasks(root.resolve("data"));
        loraRun = root.resolve("lora-run");
        baditRun = root.resolve("badit-run");
        for (Path run : List.of(loraRun, baditRun)) {
            Fixtures.Run r = Fixtures.cli(train(run, "--method", run == loraRun ? "lora" : "badit",
                    "--set", "checkpoint_every=1"));
            assertEquals(0, r.code(), r.err());
        }
    }

    private String[] train(Path out, String... extra) {
        return train(model, data, out, extra);
    }

    private static String[] train(Path model, Path data, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--model", model.toString(), "--data", data.toString(),
                "--experts", "2", "--rank", "2", "--targets", "all-linear", "--batch-size", "2", "--steps", "2",
                "--set", "max_prompt_tokens=64", "--set", "threads=1", "--output", out.toString()));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    // ---- the cases --------------------------------------------------------------------------------------------

    private List<Case> cases() {
        List<Case> c = new ArrayList<>();
        modelConfigCases(c);
        safetensorsCases(c);
        shardCases(c);
        tokenizerCases(c);
        dataCases(c);
        jsonlCases(c);
        runConfigCases(c);
        adapterCases(c);
        checkpointCases(c);
        flagCases(c);
        groupCases(c);
        return c;
    }

    private void modelConfigCases(List<Case> c) {
        c.add(new Case("config.json missing", d -> {
            Path m = copyModel(d);
            Files.delete(m.resolve("config.json"));
            return train(m, data, d.resolve("out"));
        }, "config.json"));
        c.add(new Case("config.json not JSON", d -> train(editConfig(d, t -> "{\"hidden_size\": 32,"), data,
                d.resolve("out")), "config.json"));
        c.add(new Case("config.json without hidden_size", d -> train(editConfigJson(d, o -> {
            o.remove("hidden_size");
            return o;
        }), data, d.resolve("out")), "config.json", "hidden_size"));
        c.add(new Case("config.json hidden_size of the wrong type", d -> train(editConfigJson(d, o -> {
            o.addProperty("hidden_size", "thirty-two");
            return o;
        }), data, d.resolve("out")), "config.json", "hidden_size"));
        c.add(new Case("config.json absurd vocab_size", d -> train(editConfigJson(d, o -> {
            o.addProperty("vocab_size", 1_000_000_000_000L);
            return o;
        }), data, d.resolve("out")), "config.json", "vocab_size"));
        c.add(new Case("config.json heads do not divide hidden_size", d -> train(editConfigJson(d, o -> {
            o.addProperty("num_attention_heads", 5);
            return o;
        }), data, d.resolve("out")), "config.json", "num_attention_heads"));
        c.add(new Case("config.json unknown architecture", d -> train(editConfigJson(d, o -> {
            o.addProperty("model_type", "gpt2");
            return o;
        }), data, d.resolve("out")), "config.json", "gpt2"));
        c.add(new Case("config.json negative num_hidden_layers", d -> train(editConfigJson(d, o -> {
            o.addProperty("num_hidden_layers", -2);
            return o;
        }), data, d.resolve("out")), "config.json", "num_hidden_layers"));
        c.add(new Case("config.json contradicts the weights", d -> train(editConfigJson(d, o -> {
            o.addProperty("intermediate_size", 96);
            return o;
        }), data, d.resolve("out")), "model.safetensors", "mlp"));
    }

    private void safetensorsCases(List<Case> c) {
        c.add(new Case("safetensors truncated", d -> {
            Path m = copyModel(d);
            Path f = m.resolve("model.safetensors");
            byte[] b = Files.readAllBytes(f);
            Files.write(f, Arrays.copyOf(b, b.length - 100));
            return train(m, data, d.resolve("out"));
        }, "model.safetensors"));
        c.add(new Case("safetensors empty file", d -> {
            Path m = copyModel(d);
            Files.write(m.resolve("model.safetensors"), new byte[0]);
            return train(m, data, d.resolve("out"));
        }, "model.safetensors"));
        c.add(new Case("safetensors header length beyond the file", d -> {
            Path m = copyModel(d);
            Path f = m.resolve("model.safetensors");
            byte[] b = Files.readAllBytes(f);
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, b.length + 10L);
            Files.write(f, b);
            return train(m, data, d.resolve("out"));
        }, "model.safetensors", "header"));
        c.add(new Case("safetensors header length absurd", d -> {
            Path m = copyModel(d);
            Path f = m.resolve("model.safetensors");
            byte[] b = Files.readAllBytes(f);
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
            Files.write(f, b);
            return train(m, data, d.resolve("out"));
        }, "model.safetensors", "header length 1099511627776"));
        c.add(new Case("safetensors header over 100 MB", d -> {
            Path m = copyModel(d);
            // A sparse 200 MB file whose header claims 150 MB: refused before a 150 MB buffer is allocated.
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(m.resolve("model.safetensors").toFile(),
                    "rw")) {
                f.setLength(200L << 20);
                f.seek(0);
                f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(150L << 20).array());
            }
            return train(m, data, d.resolve("out"));
        }, "model.safetensors", "exceeds the limit"));
        c.add(new Case("safetensors header not JSON", d -> train(editHeader(d, h -> "{\"a\": [1, 2"), data,
                d.resolve("out")), "model.safetensors", "header"));
        c.add(new Case("safetensors offsets beyond the file", d -> train(editHeaderJson(d, h -> {
            JsonObject t = firstTensor(h);
            long end = t.getAsJsonArray("data_offsets").get(1).getAsLong();
            long span = end - t.getAsJsonArray("data_offsets").get(0).getAsLong();
            t.add("data_offsets", JsonParser.parseString("[" + (end + 1_000_000) + ", " + (end + 1_000_000 + span)
                    + "]"));
            return h;
        }), data, d.resolve("out")), "model.safetensors", "data_offsets"));
        c.add(new Case("safetensors overlapping offsets", d -> train(editHeaderJson(d, h -> {
            List<String> names = tensorNames(h);
            JsonObject a = h.getAsJsonObject(names.get(0));
            JsonObject b = h.getAsJsonObject(names.get(1));
            b.add("data_offsets", a.get("data_offsets").deepCopy());
            b.add("shape", a.get("shape").deepCopy());
            return h;
        }), data, d.resolve("out")), "model.safetensors", "overlap"));
        c.add(new Case("safetensors shape x dtype != byte range", d -> train(editHeaderJson(d, h -> {
            JsonObject t = firstTensor(h);
            t.add("shape", JsonParser.parseString("[3]"));
            return h;
        }), data, d.resolve("out")), "model.safetensors", firstTensorName()));
        c.add(new Case("safetensors shape product overflows", d -> train(editHeaderJson(d, h -> {
            JsonObject t = firstTensor(h);
            t.add("shape", JsonParser.parseString("[4294967296, 4294967296, 4294967296]"));
            return h;
        }), data, d.resolve("out")), "model.safetensors", firstTensorName()));
        c.add(new Case("safetensors unknown dtype", d -> train(editHeaderJson(d, h -> {
            firstTensor(h).addProperty("dtype", "Q4_K");
            return h;
        }), data, d.resolve("out")), "model.safetensors", "Q4_K"));
        c.add(new Case("safetensors duplicate tensor names", d -> train(editHeader(d, h -> {
            String name = firstTensorName();
            int at = h.indexOf("\"" + name + "\"");
            int end = h.indexOf('}', at) + 1;
            return h.substring(0, end) + "," + h.substring(at, end) + h.substring(end);
        }), data, d.resolve("out")), "model.safetensors", firstTensorName()));
        c.add(new Case("safetensors missing a weight", d -> train(editHeader(d, h -> h.replace(
                "model.layers.1.mlp.down_proj.weight", "model.layers.1.mlp.down_prox.weight")), data,
                d.resolve("out")), "model.safetensors", "model.layers.1.mlp.down_proj.weight"));
        c.add(new Case("pickle weights only", d -> {
            Path m = copyModel(d);
            Files.move(m.resolve("model.safetensors"), m.resolve("pytorch_model.bin"));
            return train(m, data, d.resolve("out"));
        }, "pickle"));
    }

    private void shardCases(List<Case> c) {
        c.add(new Case("sharded index names a missing shard", d -> {
            Path m = shardedModel(d);
            Files.delete(m.resolve("model-00002-of-00002.safetensors"));
            return train(m, data, d.resolve("out"));
        }, "model.safetensors.index.json", "model-00002-of-00002.safetensors"));
        c.add(new Case("sharded: a tensor in two shards", d -> {
            Path m = shardedModel(d);
            Files.copy(m.resolve("model-00001-of-00002.safetensors"), m.resolve("model-00002-of-00002.safetensors"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return train(m, data, d.resolve("out"));
        }, "model-0000"));
        c.add(new Case("sharded index not JSON", d -> {
            Path m = shardedModel(d);
            Files.writeString(m.resolve("model.safetensors.index.json"), "{\"weight_map\": {");
            return train(m, data, d.resolve("out"));
        }, "model.safetensors.index.json"));
        c.add(new Case("sharded index escapes the directory", d -> {
            Path m = shardedModel(d);
            Path index = m.resolve("model.safetensors.index.json");
            Files.writeString(index, Files.readString(index).replaceFirst("model-00001-of-00002.safetensors",
                    "../model/model.safetensors"));
            return train(m, data, d.resolve("out"));
        }, "model.safetensors.index.json", "outside"));
    }

    private void tokenizerCases(List<Case> c) {
        c.add(new Case("tokenizer.json malformed", d -> {
            Path m = copyModel(d);
            Files.writeString(m.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": ");
            return train(m, data, d.resolve("out"));
        }, "tokenizer.json"));
        c.add(new Case("tokenizer.json absent for a non-byte vocabulary", d -> {
            Path m = d.resolve("model");
            try (NDManager mgr = TestEngine.manager()) {
                DecoderLM.randomInit(ScratchModels.llama(300, 32, 64, 1, 4, 2, 1, 2), 5, mgr).save(m);
            }
            return train(m, data, d.resolve("out"));
        }, "tokenizer.json"));
    }

    private void dataCases(List<Case> c) {
        c.add(new Case("task file malformed JSON", d -> train(model, editTask(d, t -> t.substring(0, t.length() / 2)),
                d.resolve("out")), "task001_copy", "train.json"));
        c.add(new Case("task file without Instances", d -> train(model, editTask(d, t -> t.replaceFirst(
                "\"Instances\"", "\"Instancez\"")), d.resolve("out")), "train.json", "Instances"));
        c.add(new Case("task file with empty outputs", d -> train(model, editTask(d, t -> t.replaceFirst(
                "\"output\": \\[\"ab0\"\\]", "\"output\": []")), d.resolve("out")), "train.json", "output"));
        c.add(new Case("task file with non-UTF-8 bytes", d -> {
            Path dd = copyTree(data, d.resolve("data"));
            Path f = dd.resolve("task001_copy/train.json");
            byte[] b = Files.readAllBytes(f);
            int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("Copy");
            b[at] = (byte) 0xC3;
            b[at + 1] = (byte) 0x28;
            Files.write(f, b);
            return train(model, dd, d.resolve("out"));
        }, "train.json", "UTF-8"));
        c.add(new Case("data directory without tasks", d -> {
            Files.createDirectories(d.resolve("empty"));
            return train(model, d.resolve("empty"), d.resolve("out"));
        }, "empty"));
        c.add(new Case("data directory missing", d -> train(model, d.resolve("nowhere"), d.resolve("out")),
                "nowhere", "no such data directory"));
        c.add(new Case("split list naming a path", d -> {
            Path nat = d.resolve("natural");
            Files.createDirectories(nat.resolve("tasks"));
            Files.createDirectories(nat.resolve("splits/default"));
            Files.writeString(nat.resolve("splits/default/train_tasks.txt"), "../../../etc/passwd\n");
            return train(model, nat, d.resolve("out"));
        }, "train_tasks.txt", "line 1"));
        c.add(new Case("unknown task name", d -> train(d.resolve("out"), "--set", "tasks=task999_nope"),
                "task999_nope"));
    }

    private void jsonlCases(List<Case> c) {
        c.add(new Case("predictions line not JSON", d -> score(d, "{\"id\": \"task001_copy-test-0\", ",
                "{\"id\": \"task001_copy-test-0\", \"references\": [\"ab0\"]}"), "predictions.jsonl", "line 1"));
        c.add(new Case("predictions line without id", d -> score(d, "{\"prediction\": \"ab0\"}",
                "{\"id\": \"task001_copy-test-0\", \"references\": [\"ab0\"]}"), "predictions.jsonl", "id"));
        c.add(new Case("prediction not a string", d -> score(d, "{\"id\": \"x\", \"prediction\": 3}",
                "{\"id\": \"x\", \"references\": [\"ab0\"]}"), "predictions.jsonl", "prediction"));
        c.add(new Case("references not a list", d -> score(d, "{\"id\": \"x\", \"prediction\": \"a\"}",
                "{\"id\": \"x\", \"references\": \"ab0\"}"), "references.jsonl", "references"));
        c.add(new Case("references unknown track", d -> score(d, "{\"id\": \"x\", \"prediction\": \"a\"}",
                "{\"id\": \"x\", \"references\": [\"a\"], \"track\": \"klingon\"}"), "references.jsonl", "track"));
    }

    private void runConfigCases(List<Case> c) {
        c.add(new Case("--set unknown key", d -> train(d.resolve("out"), "--set", "lerning_rate=1"),
                "lerning_rate"));
        c.add(new Case("--set value of the wrong type", d -> train(d.resolve("out"), "--set", "max_steps=abc"),
                "max_steps"));
        c.add(new Case("--set value out of range", d -> train(d.resolve("out"), "--set", "learning_rate=-1"),
                "learning_rate"));
        c.add(new Case("YAML config unknown key", d -> trainWithConfig(d, "learning_rate: 1e-3\nlrr: 2\n"),
                "run.yaml", "lrr"));
        c.add(new Case("YAML config malformed", d -> trainWithConfig(d, "experts: [1, 2\nrank: 3\n"), "run.yaml"));
        c.add(new Case("YAML config wrong type", d -> trainWithConfig(d, "experts: four\n"), "run.yaml",
                "experts"));
        c.add(new Case("YAML config out of range", d -> trainWithConfig(d, "warmup_ratio: 2\n"), "run.yaml",
                "warmup_ratio"));
        c.add(new Case("YAML config not a mapping", d -> trainWithConfig(d, "- a\n- b\n"), "run.yaml"));
        c.add(new Case("YAML config with a Java tag", d -> trainWithConfig(d,
                "seed: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL "
                        + "[\"http://x/\"]]]]\n"), "run.yaml"));
    }

    private void adapterCases(List<Case> c) {
        c.add(new Case("adapter on another base", d -> {
            Path run = copyTree(loraRun, d.resolve("run"));
            return new String[] {"eval", "--run", run.toString(), "--model", wideModel.toString(),
                "--max-test-instances", "1"};
        }, "adapter", "shape"));
        c.add(new Case("adapter missing a tensor", d -> {
            Path run = copyTree(loraRun, d.resolve("run"));
            rewriteHeader(run.resolve("adapter/adapter_model.safetensors"), h -> h.replaceFirst("lora_A", "lora_X"));
            return eval(run);
        }, "adapter_model.safetensors", "lora_A"));
        c.add(new Case("adapter_config.json malformed", d -> {
            Path run = copyTree(loraRun, d.resolve("run"));
            Files.writeString(run.resolve("adapter/adapter_config.json"), "{\"r\": ");
            return eval(run);
        }, "adapter_config.json"));
        c.add(new Case("adapter directory missing", d -> {
            Path run = copyTree(loraRun, d.resolve("run"));
            deleteTree(run.resolve("adapter"));
            return eval(run);
        }, "adapter"));
        c.add(new Case("adapter of another method", d -> {
            Path run = copyTree(baditRun, d.resolve("run"));
            deleteTree(run.resolve("adapter"));
            copyTree(loraRun.resolve("adapter"), run.resolve("adapter"));
            return eval(run);
        }, "adapter", "lora"));
        c.add(new Case("adapter weights truncated", d -> {
            Path run = copyTree(baditRun, d.resolve("run"));
            Path f = run.resolve("adapter/adapter_model.safetensors");
            byte[] b = Files.readAllBytes(f);
            Files.write(f, Arrays.copyOf(b, b.length / 2));
            return eval(run);
        }, "adapter_model.safetensors"));
        c.add(new Case("run config.json of eval malformed", d -> {
            Path run = copyTree(loraRun, d.resolve("run"));
            Files.writeString(run.resolve("config.json"), "{\"method\": ");
            return eval(run);
        }, "config.json"));
    }

    private void checkpointCases(List<Case> c) {
        c.add(new Case("checkpoint truncated", d -> {
            Path run = copyTree(baditRun, d.resolve("run"));
            Path f = latestCheckpoint(run).resolve("params.safetensors");
            byte[] b = Files.readAllBytes(f);
            Files.write(f, Arrays.copyOf(b, b.length - 64));
            return resume(run);
        }, "params.safetensors"));
        c.add(new Case("resume with a changed setting", d -> {
            Path run = copyTree(baditRun, d.resolve("run"));
            return resume(run, "--set", "learning_rate=0.5");
        }, "config.json", "learning_rate"));
        c.add(new Case("checkpoint pointer leaves the folder", d -> {
            Path run = copyTree(baditRun, d.resolve("run"));
            Files.writeString(run.resolve("checkpoints/latest"), "../../../../etc\n");
            return resume(run);
        }, "latest", "not a checkpoint name"));
        c.add(new Case("checkpoint state.json incomplete", d -> {
            Path run = copyTree(baditRun, d.resolve("run"));
            Files.writeString(latestCheckpoint(run).resolve("state.json"), "{\"step\": 2}");
            return resume(run);
        }, "state.json", "optimizerSteps"));
        c.add(new Case("checkpoint of another method", d -> {
            Path run = copyTree(baditRun, d.resolve("run"));
            Path ck = latestCheckpoint(run);
            Path other = latestCheckpoint(loraRun);
            Files.copy(other.resolve("params.safetensors"), ck.resolve("params.safetensors"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return resume(run);
        }, "params.safetensors"));
    }

    private void flagCases(List<Case> c) {
        c.add(new Case("unknown option", d -> new String[] {"train", "--bogus"}, "--bogus"));
        c.add(new Case("flag value not a number", d -> new String[] {"train", "--steps", "abc"}, "--steps"));
        c.add(new Case("unknown method", d -> train(d.resolve("out"), "--method", "lorax"), "lorax"));
        c.add(new Case("zero experts", d -> bare(d, "--experts", "0"), "experts", ">= 1"));
        c.add(new Case("negative rank", d -> bare(d, "--rank", "-1"), "rank", ">= 1"));
        c.add(new Case("batch size that would size an allocation", d -> bare(d, "--batch-size", "2000000000"),
                "batch_size", "<= 65536"));
        c.add(new Case("unknown router", d -> train(d.resolve("out"), "--router", "oracle"), "oracle"));
        c.add(new Case("unknown DOG orthogonalization", d -> train(d.resolve("out"), "--method", "badit", "--set",
                "dog_orthogonalization=qr"), "dog_orthogonalization", "qr"));
        c.add(new Case("negative DOG hand-off", d -> train(d.resolve("out"), "--method", "badit", "--set",
                "dog_handoff_steps=-1"), "dog_handoff_steps", ">= 0"));
        c.add(new Case("missing --model", d -> new String[] {"train", "--data", data.toString(), "--output",
            d.resolve("out").toString()}, "model"));
        c.add(new Case("--model does not exist", d -> train(d.resolve("nope"), data, d.resolve("out")), "nope"));
        c.add(new Case("--output is a file", d -> {
            Files.writeString(d.resolve("file"), "x");
            return train(d.resolve("file"));
        }, "file", "not a directory"));
        c.add(new Case("eval --run not a run", d -> new String[] {"eval", "--run", d.toString()},
                "not a training run"));
        c.add(new Case("compare with an unknown method", d -> new String[] {"compare", "--model", model.toString(),
            "--data", data.toString(), "--methods", "lora,bogus", "--output", d.resolve("out").toString()}, "bogus"));
        c.add(new Case("score without references or data", d -> {
            Files.writeString(d.resolve("predictions.jsonl"), "");
            return new String[] {"score", "--predictions", d.resolve("predictions.jsonl").toString()};
        }, "--references"));
        c.add(new Case("generate with an unknown token id", d -> new String[] {"generate", "--model",
            model.toString(), "--input-ids", "1,99999", "--max-new-tokens", "2"}, "99999", "vocab"));
        c.add(new Case("generate past the context length", d -> new String[] {"generate", "--model",
            model.toString(), "--input-ids", "1,2", "--max-new-tokens", "2000000000"}, "max_new_tokens",
            "max_position_embeddings"));
        c.add(new Case("verify-init with an unknown target", d -> new String[] {"verify-init", "--model",
            model.toString(), "--method", "lora", "--experts", "2", "--rank", "2", "--targets", "no_such_proj"},
            "no_such_proj"));
        c.add(new Case("output directory locked by another run", d -> {
            DirectoryLock held = DirectoryLock.acquire(d.resolve("out"));
            heldLocks.add(held);
            return train(d.resolve("out"));
        }, "another badit run"));
    }

    private void groupCases(List<Case> c) {
        c.add(new Case("groups file naming an unknown task", d -> grouped(d,
                "{\"groups\": [[\"task001_copy\"], [\"task999_nope\"]]}"), "groups.json", "groups[1][0]",
                "unknown task 'task999_nope'"));
        c.add(new Case("groups file with a task in two groups", d -> grouped(d,
                "{\"groups\": [[\"task001_copy\"], [\"task002_repeat\", \"task001_copy\"]]}"), "groups.json",
                "groups[1][1]", "already in groups[0][0]"));
        c.add(new Case("groups file not JSON", d -> grouped(d, "{\"groups\": [["), "groups.json",
                "not valid JSON"));
        c.add(new Case("groups file without groups", d -> grouped(d, "{\"tasks\": [\"task001_copy\"]}"),
                "groups.json", "missing field 'groups'"));
        c.add(new Case("groups file with a group that is not a list", d -> grouped(d,
                "{\"groups\": [\"task001_copy\"]}"), "groups.json", "groups[0]", "list of task names"));
        c.add(new Case("groups file with an empty group", d -> grouped(d,
                "{\"groups\": [[\"task001_copy\"], []]}"), "groups.json", "groups[1]", "non-empty"));
        c.add(new Case("unknown group budget", d -> {
            Path f = Files.writeString(d.resolve("groups.json"), "{\"groups\": [[\"task001_copy\"]]}");
            return train(d.resolve("out"), "--task-groups", f.toString(), "--group-budget", "half");
        }, "--group-budget", "half"));
        c.add(new Case("group-tasks with more groups than tasks", d -> groupTasks(d, "--groups", "3"), "--groups 3",
                "exceeds the number of tasks 2"));
        c.add(new Case("group-tasks with an unknown method", d -> groupTasks(d, "--method", "kmeans"), "--method", "kmeans",
                "sdp-adaptive"));
        c.add(new Case("group-tasks with an unknown estimator", d -> groupTasks(d, "--estimator", "hessian"),
                "--estimator", "hessian"));
        c.add(new Case("group-tasks --affinity of other tasks", d -> {
            Path f = Files.writeString(d.resolve("groups.json"), "{\"tasks\": [\"a\", \"b\"], \"affinity\": "
                    + "[[1, 0], [0, 1]]}");
            return groupTasks(d, "--affinity", f.toString());
        }, "groups.json", "field 'tasks'"));
        c.add(new Case("group-tasks --truth naming an unknown task", d -> {
            Path f = Files.writeString(d.resolve("truth.json"), "{\"groups\": [[\"task001_copy\", \"nope\"]]}");
            return groupTasks(d, "--truth", f.toString());
        }, "truth.json", "groups[0][1]", "unknown task 'nope'"));
    }

    private String[] grouped(Path d, String groupsJson) throws IOException {
        Path f = Files.writeString(d.resolve("groups.json"), groupsJson);
        return train(d.resolve("out"), "--task-groups", f.toString());
    }

    private String[] groupTasks(Path d, String... extra) {
        List<String> args = new ArrayList<>(List.of("group-tasks", "--model", model.toString(), "--data",
                data.toString(), "--set", "max_prompt_tokens=64", "--set", "threads=1", "--output",
                d.resolve("out").toString()));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    private final List<DirectoryLock> heldLocks = new ArrayList<>();

    // ---- running and checking ------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyCaseIsOneClearLine() {
        List<Case> all = cases();
        assertTrue(all.size() >= 40, "at least 40 cases: " + all.size());
        return all.stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> check(k)));
    }

    @org.junit.jupiter.api.Test
    void aResumeMayChangeTheLoggingCadenceAndThreads() throws Exception {
        Path run = copyTree(baditRun, root.resolve("resume-ok"));
        Fixtures.Run r = Fixtures.cli(resume(run, "--set", "log_every=1", "--set", "checkpoint_every=5"));
        assertEquals(0, r.code(), r.err());
    }

    private void check(Case k) throws Exception {
        Path dir = Files.createDirectories(root.resolve("case-" + (++counter)));
        String[] args = k.setup().args(dir);
        Set<Path> before = files(dir);
        Fixtures.Run r;
        try {
            r = Fixtures.cli(args);
        } finally {
            heldLocks.forEach(DirectoryLock::close);
            heldLocks.clear();
        }
        String cmd = String.join(" ", args);
        assertNotEquals(0, r.code(), k.name() + ": exit code of " + cmd + "\n" + r.err());
        // Progress lines may come first (a resume loads the model before it reads the checkpoint); the error is the
        // last line and the only one.
        List<String> lines = r.err().strip().lines().toList();
        String err = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        assertTrue(err.startsWith("badit: error: "), k.name() + ": the last line is the error:\n" + r.err());
        assertEquals(1, lines.stream().filter(l -> l.contains("error")).count(), k.name() + ": one error line:\n"
                + r.err());
        assertFalse(r.err().contains("\tat "), k.name() + ": no stack trace:\n" + r.err());
        assertFalse(err.contains("Exception:") || err.matches(".*\\b(null|NaN)\\b$"),
                k.name() + ": no stack trace or bare exception: " + err);
        for (String e : k.expected()) {
            assertTrue(err.contains(e), k.name() + ": expected '" + e + "' in: " + err);
        }
        System.out.println("[bad-input] " + k.name() + " -> " + err);
        Set<Path> written = files(dir);
        written.removeAll(before);
        written.removeIf(p -> p.getFileName().toString().equals(DirectoryLock.FILE_NAME));
        assertTrue(written.isEmpty(), k.name() + ": wrote " + written);
    }

    private static Set<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return new java.util.HashSet<>(s.filter(Files::isRegularFile).toList());
        }
    }

    // ---- helpers to build broken inputs --------------------------------------------------------------------------

    private Path copyModel(Path d) throws IOException {
        return copyTree(model, d.resolve("model"));
    }

    private Path editConfig(Path d, UnaryOperator<String> edit) throws IOException {
        Path m = copyModel(d);
        Path f = m.resolve("config.json");
        Files.writeString(f, edit.apply(Files.readString(f)));
        return m;
    }

    private Path editConfigJson(Path d, UnaryOperator<JsonObject> edit) throws IOException {
        return editConfig(d, t -> edit.apply(JsonParser.parseString(t).getAsJsonObject()).toString());
    }

    private Path editHeader(Path d, UnaryOperator<String> edit) throws IOException {
        Path m = copyModel(d);
        rewriteHeader(m.resolve("model.safetensors"), edit);
        return m;
    }

    private Path editHeaderJson(Path d, UnaryOperator<JsonObject> edit) throws IOException {
        return editHeader(d, h -> edit.apply(JsonParser.parseString(h).getAsJsonObject()).toString());
    }

    private static void rewriteHeader(Path file, UnaryOperator<String> edit) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int n = (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String header = new String(b, 8, n, StandardCharsets.UTF_8);
        byte[] h = edit.apply(header).getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + b.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        out.put(b, 8 + n, b.length - 8 - n);
        Files.write(file, out.array());
    }

    private static String header(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int n = (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        return new String(b, 8, n, StandardCharsets.UTF_8);
    }

    private static List<String> tensorNames(JsonObject header) {
        List<String> names = new ArrayList<>(header.keySet());
        names.remove("__metadata__");
        names.sort(Comparator.naturalOrder());
        return names;
    }

    private JsonObject firstTensor(JsonObject header) {
        return header.getAsJsonObject(firstTensorName());
    }

    private String firstTensorName() {
        try {
            return tensorNames(JsonParser.parseString(header(model.resolve("model.safetensors"))).getAsJsonObject())
                    .get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits the tiny checkpoint into two shards with an index, as Hugging Face writes large ones. */
    private Path shardedModel(Path d) throws IOException {
        Path m = copyModel(d);
        Path single = m.resolve("model.safetensors");
        byte[] b = Files.readAllBytes(single);
        int n = (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        JsonObject h = JsonParser.parseString(new String(b, 8, n, StandardCharsets.UTF_8)).getAsJsonObject();
        List<String> names = tensorNames(h);
        JsonObject weightMap = new JsonObject();
        for (int s = 0; s < 2; s++) {
            List<String> part = s == 0 ? names.subList(0, names.size() / 2) : names.subList(names.size() / 2,
                    names.size());
            JsonObject header = new JsonObject();
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (String name : part) {
                JsonObject t = h.getAsJsonObject(name).deepCopy();
                long from = t.getAsJsonArray("data_offsets").get(0).getAsLong();
                long to = t.getAsJsonArray("data_offsets").get(1).getAsLong();
                long start = body.size();
                body.write(b, (int) (8 + n + from), (int) (to - from));
                t.add("data_offsets", JsonParser.parseString("[" + start + ", " + body.size() + "]"));
                header.add(name, t);
            }
            String shard = String.format("model-%05d-of-00002.safetensors", s + 1);
            byte[] hb = header.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(8 + hb.length + body.size()).order(ByteOrder.LITTLE_ENDIAN);
            out.putLong(hb.length).put(hb).put(body.toByteArray());
            Files.write(m.resolve(shard), out.array());
            part.forEach(name -> weightMap.addProperty(name, shard));
        }
        Files.delete(single);
        JsonObject index = new JsonObject();
        index.add("weight_map", weightMap);
        Files.writeString(m.resolve("model.safetensors.index.json"), index.toString());
        return m;
    }

    private Path editTask(Path d, UnaryOperator<String> edit) throws IOException {
        Path dd = copyTree(data, d.resolve("data"));
        Path f = dd.resolve("task001_copy/train.json");
        Files.writeString(f, edit.apply(Files.readString(f)));
        return dd;
    }

    private String[] bare(Path d, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--model", model.toString(), "--data", data.toString(),
                "--output", d.resolve("out").toString()));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    private static String[] score(Path d, String prediction, String reference) throws IOException {
        Files.writeString(d.resolve("predictions.jsonl"), prediction + "\n");
        Files.writeString(d.resolve("references.jsonl"), reference + "\n");
        return new String[] {"score", "--predictions", d.resolve("predictions.jsonl").toString(), "--references",
            d.resolve("references.jsonl").toString()};
    }

    private String[] trainWithConfig(Path d, String yaml) throws IOException {
        Files.writeString(d.resolve("run.yaml"), yaml);
        List<String> args = new ArrayList<>(Arrays.asList(train(d.resolve("out"))));
        args.add("--config");
        args.add(d.resolve("run.yaml").toString());
        return args.toArray(String[]::new);
    }

    private static String[] eval(Path run) {
        return new String[] {"eval", "--run", run.toString(), "--max-test-instances", "1", "--set",
            "max_new_tokens=2"};
    }

    private String[] resume(Path run, String... extra) {
        List<String> args = new ArrayList<>(Arrays.asList(train(run, "--method", "badit", "--set",
                "checkpoint_every=1")));
        args.addAll(Arrays.asList(extra));
        args.add("--resume");
        return args.toArray(String[]::new);
    }

    private static Path latestCheckpoint(Path run) throws IOException {
        return run.resolve("checkpoints").resolve(Files.readString(run.resolve("checkpoints/latest")).trim());
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals(DirectoryLock.FILE_NAME)) {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
