package org.badit.core.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * UTF-8 bytes as tokens (ids 0–255) plus BOS 256, EOS 257 and PAD 258: vocabulary 259. For models trained from
 * scratch in tests and the demo, where no tokenizer file exists.
 */
public final class ByteTokenizer implements Tokenizer {

    /** The beginning-of-sequence id. */
    public static final int BOS = 256;
    /** The end-of-sequence id. */
    public static final int EOS = 257;
    /** The padding id. */
    public static final int PAD = 258;
    /** The vocabulary size. */
    public static final int VOCAB_SIZE = 259;

    /** {@inheritDoc} */
    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int offset = addSpecialTokens ? 1 : 0;
        int[] ids = new int[bytes.length + offset];
        if (addSpecialTokens) {
            ids[0] = BOS;
        }
        for (int i = 0; i < bytes.length; i++) {
            ids[i + offset] = bytes[i] & 0xFF;
        }
        return ids;
    }

    /** {@inheritDoc} */
    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            if (id >= 0 && id < 256) {
                bytes.write(id);
                continue;
            }
            if (id >= VOCAB_SIZE || id < 0) {
                throw new IllegalArgumentException("id " + id + " is outside the byte vocabulary [0, " + VOCAB_SIZE + ")");
            }
            out.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.reset();
            if (!skipSpecialTokens) {
                out.append(id == BOS ? "<s>" : id == EOS ? "</s>" : "<pad>");
            }
        }
        return out.append(bytes.toString(StandardCharsets.UTF_8)).toString();
    }

    /** {@inheritDoc} */
    @Override
    public Integer bosId() {
        return BOS;
    }

    /** {@inheritDoc} */
    @Override
    public List<Integer> eosIds() {
        return List.of(EOS);
    }

    /** {@inheritDoc} */
    @Override
    public int padId() {
        return PAD;
    }

    /** {@inheritDoc} */
    @Override
    public int vocabSize() {
        return VOCAB_SIZE;
    }
}
