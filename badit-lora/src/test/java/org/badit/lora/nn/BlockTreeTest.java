package org.badit.lora.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockTreeTest {

    /** A parent that follows the MutableBlock contract. */
    static final class Parent extends MutableBlock {
        Parent() {
            addChild("q_proj", Linear.builder().setUnits(2).build());
            addChild("inner", new SequentialBlock().add(Linear.builder().setUnits(2).build()));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return child("inner").forward(ps, child("q_proj").forward(ps, inputs, training, params), training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    @Test
    void pathsAreDotJoinedChildNames() {
        Parent root = new Parent();
        assertEquals(List.of("q_proj", "inner", "inner.01Linear"), List.copyOf(BlockTree.modules(root).keySet()));
        assertSame(root.getChildren().get("q_proj"), BlockTree.find(root, "q_proj"));
    }

    @Test
    void replaceWorksForMutableAndSequentialParents() {
        Parent root = new Parent();
        Block fresh = Linear.builder().setUnits(2).build();
        Block old = BlockTree.replace(root, "q_proj", fresh);
        assertSame(fresh, BlockTree.find(root, "q_proj"));
        assertEquals(List.of("q_proj", "inner"), root.getChildren().keys());
        Block fresh2 = Linear.builder().setUnits(2).build();
        BlockTree.replace(root, "inner.01Linear", fresh2);
        assertSame(fresh2, BlockTree.find(root, "inner.01Linear"));
        assertSame(Linear.class, old.getClass());
    }

    @Test
    void unknownPathIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlockTree.find(new Parent(), "k_proj"));
        assertEquals(true, e.getMessage().contains("k_proj"));
    }
}
