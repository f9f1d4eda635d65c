package org.badit.core.method;

import org.badit.core.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.badit.core.model.DecoderLM;
import org.badit.lora.TargetModules;
import org.junit.jupiter.api.Test;

/** Every method, every router, on every oracle architecture: at init the adapted model is the base model. */
class InitOnOracleTest {

    static List<Path> oracleDirs() throws IOException {
        String shared = System.getProperty("badit.shared.dir");
        Path root = shared == null ? null : Paths.get(shared, "oracle");
        assumeTrue(root != null && Files.isDirectory(root),
                "skipped: ../shared/oracle not found (system property badit.shared.dir)");
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("config.json"))).sorted().toList();
        }
    }

    private static InitVerifier.Result verify(Path dir, MethodConfig config) {
        try (NDManager manager = TestEngine.manager()) {
            DecoderLM model = DecoderLM.load(dir, manager);
            return InitVerifier.verify(model, config,
                    InitVerifier.probe(manager, model.config().vocabSize(), 2, 9, 5));
        }
    }

    @Test
    void baditReproducesTheBaseForEveryRouterWithOrthogonalExperts() throws IOException {
        for (Path dir : oracleDirs()) {
            for (RouterType router : RouterType.values()) {
                MethodConfig config = MethodConfig.builder().setMethod(Method.BADIT).optExperts(3).optRank(4)
                        .optRouter(router).optTasks(3).optTargets(TargetModules.allLinear()).build();
                InitVerifier.Result r = verify(dir, config);
                String what = dir.getFileName() + " / " + router.id() + ": " + r;
                assertTrue(r.layers() > 0, what);
                assertTrue(r.maxAbsLogitDiff() < 1e-4, what);
                assertTrue(r.reconstructionRelError() < 1e-5, what);
                assertTrue(r.maxExpertCosine() < 1e-4, what);
            }
        }
    }

    @Test
    void everyOtherMethodAlsoStartsAtTheBaseModel() throws IOException {
        Path dir = oracleDirs().get(0);
        for (Method method : Method.values()) {
            MethodConfig config = MethodConfig.builder().setMethod(method).optExperts(2).optRank(4).build();
            InitVerifier.Result r = verify(dir, config);
            assertTrue(r.maxAbsLogitDiff() < 1e-4, method + ": " + r);
            assertTrue(r.reconstructionRelError() < 1e-5, method + ": " + r);
        }
    }
}
