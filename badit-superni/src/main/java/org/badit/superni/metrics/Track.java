package org.badit.superni.metrics;

import java.util.Locale;

/** The two SuperNI evaluation tracks, which differ only in how ROUGE tokenizes. */
public enum Track {
    /** English track: rouge-score's default tokenizer with Porter stemming. */
    DEFAULT(new DefaultRougeTokenizer(true)),
    /** Cross-lingual track: GPT-2 BPE tokens, no lower-casing, no stemming. */
    XLINGUAL(new Gpt2RougeTokenizer());

    private final RougeTokenizer tokenizer;

    Track(RougeTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Returns the tokenizer ROUGE uses in this track.
     *
     * @return the tokenizer
     */
    public RougeTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Returns the name the official files use ({@code default}, {@code xlingual}).
     *
     * @return the lower-case name
     */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a track name as the official files write it.
     *
     * @param name {@code default} or {@code xlingual} (case-insensitive)
     * @return the track
     * @throws IllegalArgumentException for any other name
     */
    public static Track of(String name) {
        for (Track t : values()) {
            if (t.key().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown track \"" + name + "\" (expected default or xlingual)");
    }
}
