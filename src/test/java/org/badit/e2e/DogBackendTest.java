package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.badit.core.expert.Dog;
import org.junit.jupiter.api.Test;

/** dog_backend on the badit jar's classpath, which does not ship ND4J: one clear line, never a NoClassDefFoundError. */
class DogBackendTest {

    @Test
    void nd4jWithoutNd4jOnTheClasspathSaysWhatToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Dog.builder().optClusteringBackend("nd4j"));
        assertTrue(e.getMessage().contains("org.nd4j:nd4j-native") && e.getMessage().contains("libtorch"),
                e.getMessage());
    }

    @Test
    void anUnknownBackendListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dog.builder().optClusteringBackend("cuda"));
        assertTrue(e.getMessage().contains("'cuda'") && e.getMessage().contains("libtorch, nd4j"), e.getMessage());
    }
}
