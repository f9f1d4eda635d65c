package org.badit.lora.nn;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.util.Pair;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;

/** Module paths over a DJL block tree: {@code model.layers.0.self_attn.q_proj} names a block by its child names. */
public final class BlockTree {

    private BlockTree() {}

    /**
     * Lists every block under the root by module path, depth first in child order (the root itself is not listed).
     *
     * @param root the root block
     * @return module path to block, in a stable order
     */
    public static Map<String, Block> modules(Block root) {
        Map<String, Block> out = new LinkedHashMap<>();
        collect("", root, out);
        return out;
    }

    private static void collect(String prefix, Block block, Map<String, Block> out) {
        BlockList children = block.getChildren();
        for (Pair<String, Block> child : children) {
            String path = prefix.isEmpty() ? child.getKey() : prefix + "." + child.getKey();
            out.put(path, child.getValue());
            collect(path, child.getValue(), out);
        }
    }

    /**
     * Finds the block at a module path.
     *
     * @param root the root block
     * @param path a dot-joined module path
     * @return the block
     * @throws IllegalArgumentException when no block has that path
     */
    public static Block find(Block root, String path) {
        Block current = root;
        for (String name : path.split("\\.")) {
            Block next = current.getChildren().get(name);
            if (next == null) {
                throw new IllegalArgumentException("No module '" + path + "': '" + name + "' is not a child of "
                        + current.getClass().getSimpleName() + " (children: " + current.getChildren().keys() + ")");
            }
            current = next;
        }
        return current;
    }

    /**
     * Replaces the block at a module path in its parent.
     *
     * <p>A {@link MutableBlock} parent replaces it through its own API. Other DJL blocks that run their children from
     * the child list (e.g. {@code SequentialBlock}) are edited in place; blocks that cache children in fields cannot be
     * adapted, since the old child would still run.
     *
     * @param root the root block
     * @param path the module path of the block to replace
     * @param replacement the new block
     * @return the replaced block
     */
    public static Block replace(Block root, String path, Block replacement) {
        int dot = path.lastIndexOf('.');
        Block parent = dot < 0 ? root : find(root, path.substring(0, dot));
        String name = path.substring(dot + 1);
        if (parent instanceof MutableBlock) {
            return ((MutableBlock) parent).replaceChild(name, replacement);
        }
        if (parent instanceof AbstractBlock) {
            BlockList live = liveChildren((AbstractBlock) parent);
            int index = live.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("No module '" + path + "'");
            }
            Block old = live.remove(index);
            live.add(index, name, replacement);
            return old;
        }
        throw new IllegalArgumentException("Cannot replace '" + path + "': parent "
                + parent.getClass().getName() + " is not an AbstractBlock");
    }

    private static BlockList liveChildren(AbstractBlock block) {
        try {
            Field field = AbstractBlock.class.getDeclaredField("children");
            field.setAccessible(true);
            return (BlockList) field.get(block);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This DJL version hides AbstractBlock.children; cannot inject into "
                    + block.getClass().getName(), e);
        }
    }
}
