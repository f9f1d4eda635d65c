package org.badit.lora.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of valid inputs for the file-reader fuzz tests: bit flips, byte overwrites, truncations, splices of
 * two valid inputs, inserted and deleted byte ranges, decimal numbers replaced by huge or negative ones, duplicated
 * JSON keys, and for safetensors files the 8-byte header length and the header JSON (re-framed, so the mutation
 * reaches the header checks). Everything is a function of the {@link SplittableRandom} passed in, so a case is
 * reproduced from its seed and index alone (see {@link FuzzHarness}).
 */
public final class Mutator {

    /** The kinds of mutation. */
    public enum Kind {
        BIT_FLIP, BYTE_OVERWRITE, TRUNCATE, SPLICE, INSERT_RANGE, DELETE_RANGE, HUGE_NUMBER, DUPLICATE_KEY,
        HEADER_LENGTH, HEADER_TEXT
    }

    /** Integers that break size arithmetic: int and long limits, negatives, 2^32, 2^40. */
    public static final long[] HUGE_LONGS = {Integer.MAX_VALUE, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE,
        Long.MIN_VALUE, Integer.MIN_VALUE, -1, 0, 1L << 32, 1L << 40, (1L << 32) + 3, 1L << 62};

    /** The same as JSON number text, plus doubles at and beyond the double range and non-integers. */
    public static final String[] HUGE_NUMBERS = {"2147483647", "2147483648", "-2147483649", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "4294967299", "1099511627776", "4611686018427387904", "-1",
        "0", "-0", "1e308", "-1e308", "1e309", "1e999999999", "1e-999999999", "1.5", "2.0000000001",
        "123456789012345678901234567890", "NaN", "Infinity"};

    private static final byte[] INTERESTING_BYTES = {0, (byte) 0xff, 0x7f, (byte) 0x80, '"', '{', '}', '[', ']', ',',
        ':', '\\', '\n', '-', '0', '9', 'e', (byte) 0xc3, (byte) 0xe2};

    private static final String[] KEY_VALUES = {"0", "-1", "2147483647", "9223372036854775807", "1e308", "null",
        "true", "\"x\"", "\"\"", "[]", "{}", "[0, 0]", "[-1]"};

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern KEY = Pattern.compile("\"[^\"\\\\]{0,200}\"\\s*:");

    private final List<byte[]> seeds;
    private final boolean safetensors;

    private Mutator(List<byte[]> seeds, boolean safetensors) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed inputs");
        }
        this.seeds = List.copyOf(seeds);
        this.safetensors = safetensors;
    }

    /**
     * A mutator of text (JSON, JSONL) inputs.
     *
     * @param seeds valid inputs
     * @return the mutator
     */
    public static Mutator text(List<byte[]> seeds) {
        return new Mutator(seeds, false);
    }

    /**
     * A mutator of safetensors files, adding header-length and header-JSON mutations to the byte-level ones.
     *
     * @param seeds valid files
     * @return the mutator
     */
    public static Mutator safetensors(List<byte[]> seeds) {
        return new Mutator(seeds, true);
    }

    /**
     * Returns the valid inputs.
     *
     * @return the seeds
     */
    public List<byte[]> seeds() {
        return seeds;
    }

    /** One generated input and the mutations that made it. */
    public record Result(byte[] bytes, int seedIndex, List<String> mutations) {}

    /**
     * Makes one input: a random seed with one to three mutations stacked (about one input in fifty is left valid so
     * the success path is exercised too).
     *
     * @param rng the case's random numbers
     * @return the input and a description of the mutations
     */
    public Result next(SplittableRandom rng) {
        int seedIndex = rng.nextInt(seeds.size());
        byte[] data = seeds.get(seedIndex).clone();
        List<String> applied = new ArrayList<>();
        if (rng.nextInt(50) == 0) {
            return new Result(data, seedIndex, applied);
        }
        int n = 1 + rng.nextInt(3);
        Kind[] kinds = Kind.values();
        int kindCount = safetensors ? kinds.length : kinds.length - 2;
        for (int i = 0; i < n; i++) {
            Kind kind = kinds[rng.nextInt(kindCount)];
            StringBuilder what = new StringBuilder(kind.name());
            data = apply(kind, data, rng, what);
            applied.add(what.toString());
        }
        return new Result(data, seedIndex, applied);
    }

    private byte[] apply(Kind kind, byte[] data, SplittableRandom rng, StringBuilder what) {
        switch (kind) {
            case BIT_FLIP: {
                if (data.length == 0) {
                    return data;
                }
                int flips = 1 + rng.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int at = rng.nextInt(data.length);
                    int bit = rng.nextInt(8);
                    data[at] ^= (byte) (1 << bit);
                    what.append(" @").append(at).append('.').append(bit);
                }
                return data;
            }
            case BYTE_OVERWRITE: {
                if (data.length == 0) {
                    return data;
                }
                int at = rng.nextInt(data.length);
                byte b = rng.nextBoolean() ? INTERESTING_BYTES[rng.nextInt(INTERESTING_BYTES.length)]
                        : (byte) rng.nextInt(256);
                data[at] = b;
                what.append(" @").append(at).append('=').append(b & 0xff);
                return data;
            }
            case TRUNCATE: {
                int at = data.length == 0 ? 0 : rng.nextInt(data.length);
                what.append(" to ").append(at);
                return Arrays.copyOf(data, at);
            }
            case SPLICE: {
                byte[] other = seeds.get(rng.nextInt(seeds.size()));
                int a = rng.nextInt(data.length + 1);
                int b = rng.nextInt(other.length + 1);
                what.append(" head ").append(a).append(" + tail from ").append(b);
                byte[] out = new byte[a + other.length - b];
                System.arraycopy(data, 0, out, 0, a);
                System.arraycopy(other, b, out, a, other.length - b);
                return out;
            }
            case INSERT_RANGE: {
                byte[] source = rng.nextBoolean() ? data : seeds.get(rng.nextInt(seeds.size()));
                int from = rng.nextInt(source.length + 1);
                int len = Math.min(source.length - from, rng.nextInt(64) + 1);
                byte[] piece = rng.nextInt(4) == 0 ? randomBytes(rng, rng.nextInt(16) + 1)
                        : Arrays.copyOfRange(source, from, from + len);
                int at = rng.nextInt(data.length + 1);
                what.append(' ').append(piece.length).append(" bytes @").append(at);
                return insert(data, at, piece);
            }
            case DELETE_RANGE: {
                if (data.length == 0) {
                    return data;
                }
                int at = rng.nextInt(data.length);
                int len = Math.min(data.length - at, rng.nextInt(32) + 1);
                what.append(' ').append(len).append(" bytes @").append(at);
                byte[] out = new byte[data.length - len];
                System.arraycopy(data, 0, out, 0, at);
                System.arraycopy(data, at + len, out, at, data.length - at - len);
                return out;
            }
            case HUGE_NUMBER:
                return latin1(hugeNumber(string(data), rng, what));
            case DUPLICATE_KEY:
                return latin1(duplicateKey(string(data), rng, what));
            case HEADER_LENGTH: {
                if (data.length < 8) {
                    return data;
                }
                long actual = ByteBuffer.wrap(data, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                long v = switch (rng.nextInt(3)) {
                    case 0 -> HUGE_LONGS[rng.nextInt(HUGE_LONGS.length)];
                    case 1 -> actual + rng.nextInt(-3, 4);
                    default -> data.length - 8 + rng.nextInt(-2, 3);
                };
                ByteBuffer.wrap(data, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
                what.append(' ').append(v);
                return data;
            }
            case HEADER_TEXT: {
                if (data.length < 8) {
                    return data;
                }
                long length = ByteBuffer.wrap(data, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                if (length < 0 || length > data.length - 8) {
                    return data;
                }
                String header = new String(data, 8, (int) length, StandardCharsets.ISO_8859_1);
                String mutated = rng.nextInt(3) == 0 ? duplicateKey(header, rng, what) : hugeNumber(header, rng, what);
                byte[] h = mutated.getBytes(StandardCharsets.ISO_8859_1);
                byte[] out = new byte[8 + h.length + data.length - 8 - (int) length];
                ByteBuffer.wrap(out, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
                System.arraycopy(h, 0, out, 8, h.length);
                System.arraycopy(data, 8 + (int) length, out, 8 + h.length, data.length - 8 - (int) length);
                return out;
            }
            default:
                throw new AssertionError(kind);
        }
    }

    /** Replaces one decimal number of the text with a huge, negative or non-integral one. */
    private static String hugeNumber(String text, SplittableRandom rng, StringBuilder what) {
        List<int[]> spans = spans(NUMBER.matcher(text));
        if (spans.isEmpty()) {
            return text;
        }
        int[] s = spans.get(rng.nextInt(spans.size()));
        String v = HUGE_NUMBERS[rng.nextInt(HUGE_NUMBERS.length)];
        what.append(" @").append(s[0]).append(' ').append(text, s[0], s[1]).append(" -> ").append(v);
        return text.substring(0, s[0]) + v + text.substring(s[1]);
    }

    /** Inserts {@code "key": value,} right before an occurrence of the key, so the object holds it twice. */
    private static String duplicateKey(String text, SplittableRandom rng, StringBuilder what) {
        List<int[]> spans = spans(KEY.matcher(text));
        if (spans.isEmpty()) {
            return text;
        }
        int[] s = spans.get(rng.nextInt(spans.size()));
        String key = text.substring(s[0], s[1]);
        String value = rng.nextBoolean() ? KEY_VALUES[rng.nextInt(KEY_VALUES.length)] : valueAfter(text, s[1]);
        what.append(" @").append(s[0]).append(' ').append(key).append(' ').append(value);
        return text.substring(0, s[0]) + key + " " + value + ", " + text.substring(s[0]);
    }

    /** The text of the (flat) value after a key, up to the next comma or closing brace at the same depth. */
    private static String valueAfter(String text, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (depth == 0) {
                    return text.substring(from, i).trim();
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return text.substring(from, i).trim();
            }
        }
        return "0";
    }

    private static List<int[]> spans(Matcher m) {
        List<int[]> out = new ArrayList<>();
        while (m.find()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    /** Bytes as ISO-8859-1 text, so every byte (also invalid UTF-8) survives the round trip unchanged. */
    private static String string(byte[] data) {
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] randomBytes(SplittableRandom rng, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rng.nextInt(256);
        }
        return b;
    }

    private static byte[] insert(byte[] data, int at, byte[] piece) {
        byte[] out = new byte[data.length + piece.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(data, at, out, at + piece.length, data.length - at);
        return out;
    }
}
