package org.badit.superni.metrics;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.ArrayList;
import java.util.List;

/**
 * The xlingual track's tokenizer: GPT-2 byte-level BPE tokens (the official {@code GPTTokenizer} of SuperNI's
 * {@code evaluation.py}), no lower-casing, no stemming.
 *
 * <p>Each token is written as Hugging Face's {@code tokenize} shows it: its bytes mapped through GPT-2's
 * byte-to-unicode table, then stripped of leading {@code Ġ} (the mapped space), as the official script does. So a
 * double space yields an empty token, and a CJK character yields pieces such as {@code æĪ}. The vocabulary is
 * jtokkit's {@code r50k_base}, which is GPT-2's (50,257 tokens, same pre-tokenization pattern), bundled in its jar:
 * nothing is downloaded. The special {@code <|endoftext|>} stays one token, as in Hugging Face.
 */
public final class Gpt2RougeTokenizer implements RougeTokenizer {

    private static final String END_OF_TEXT = "<|endoftext|>";
    private static final char[] BYTE_TO_UNICODE = byteToUnicode();

    /** Lazily loaded once: reading the vocabulary takes a few hundred milliseconds. */
    private static final class Holder {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    }

    /** {@inheritDoc} */
    @Override
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = text.indexOf(END_OF_TEXT, from);
            addPieces(at < 0 ? text.substring(from) : text.substring(from, at), tokens);
            if (at < 0) {
                return tokens;
            }
            tokens.add(END_OF_TEXT);
            from = at + END_OF_TEXT.length();
        }
    }

    private static void addPieces(String text, List<String> tokens) {
        if (text.isEmpty()) {
            return;
        }
        IntArrayList ids = Holder.ENCODING.encodeOrdinary(text);
        IntArrayList one = new IntArrayList(1);
        for (int i = 0; i < ids.size(); i++) {
            one.clear();
            one.add(ids.get(i));
            byte[] bytes = Holder.ENCODING.decodeBytes(one);
            int start = 0;
            while (start < bytes.length && bytes[start] == ' ') {
                start++; // lstrip("Ġ"): Ġ is the space byte
            }
            StringBuilder token = new StringBuilder(bytes.length - start);
            for (int b = start; b < bytes.length; b++) {
                token.append(BYTE_TO_UNICODE[bytes[b] & 0xff]);
            }
            tokens.add(token.toString());
        }
    }

    /** GPT-2's {@code bytes_to_unicode}: printable Latin-1 bytes map to themselves, the rest to U+0100 onwards. */
    private static char[] byteToUnicode() {
        char[] table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char) b : (char) next++;
        }
        return table;
    }
}
