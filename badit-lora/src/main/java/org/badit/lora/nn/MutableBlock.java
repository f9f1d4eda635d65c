package org.badit.lora.nn;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * A block whose children may be replaced after construction, as PEFT replaces {@code nn.Linear} modules with LoRA
 * layers.
 *
 * <p>The contract that makes adapter injection work: a {@code MutableBlock} reaches its children through
 * {@link #child(String)} <em>at every forward call</em> and never caches a child in a field, so a child replaced by
 * {@link #replaceChild(String, Block)} is the one that runs. Child names are the Hugging Face module names
 * ({@code q_proj}, {@code mlp}, {@code 0}, ...), so a module path such as {@code model.layers.0.self_attn.q_proj} is
 * the dot-joined names from the root ({@link BlockTree}).
 */
public abstract class MutableBlock extends AbstractBlock {

    /** Creates a block of version 1. */
    protected MutableBlock() {
        super((byte) 1);
    }

    /**
     * Adds a child under exactly that name. (DJL's {@code addChildBlock} prefixes names with an index, which would
     * break Hugging Face module paths.)
     *
     * @param name the child's name, unique among this block's children
     * @param block the child
     * @param <B> the child's type
     * @return the child
     */
    protected final <B extends Block> B addChild(String name, B block) {
        if (children.indexOf(name) >= 0) {
            throw new IllegalArgumentException("duplicate child name '" + name + "'");
        }
        children.add(name, block);
        return block;
    }

    /**
     * Returns the current child of that name.
     *
     * @param name the child's name
     * @return the child
     * @throws IllegalStateException when there is no such child
     */
    protected final Block child(String name) {
        Block block = children.get(name);
        if (block == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no child '" + name + "'; children: "
                    + children.keys());
        }
        return block;
    }

    /**
     * Replaces the child of that name, keeping its position.
     *
     * @param name the child's name
     * @param replacement the new child
     * @return the replaced child
     */
    public Block replaceChild(String name, Block replacement) {
        int index = children.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no child '" + name
                    + "'; children: " + children.keys());
        }
        Block old = children.remove(index);
        children.add(index, name, replacement);
        return old;
    }
}
