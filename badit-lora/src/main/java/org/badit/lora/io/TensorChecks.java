package org.badit.lora.io;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/** The checks every adapter file goes through before a tensor is read (PEFT LoRA and BADIT adapters alike). */
public final class TensorChecks {

    private TensorChecks() {}

    /**
     * Checks a file's tensors against the expected ones: every one present, floating-point, of the expected shape,
     * and nothing else; the {@code format} metadata, when present, {@code pt}.
     *
     * @param file the open file
     * @param expected full tensor name to shape
     * @param missingSuffix added to "missing tensor 'name'" (why it is expected), or ""
     * @param shapeSuffix added to a shape error (where the expected shape came from), or ""
     * @param unexpected the message for tensors nobody expects, given {@code 'first name'} and, when several,
     *     {@code (and N more)}
     * @throws AdapterFormatException naming the file and the tensor
     */
    public static void checkTensors(SafetensorsFile file, Map<String, Shape> expected, String missingSuffix,
            String shapeSuffix, UnaryOperator<String> unexpected) {
        Path path = file.path();
        String format = file.metadata().get("format");
        if (format != null && !format.equals("pt")) {
            throw new AdapterFormatException(path, "header metadata \"format\" is '" + format + "', expected 'pt'");
        }
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            if (!file.names().contains(e.getKey())) {
                throw new AdapterFormatException(path, "missing tensor '" + e.getKey() + "'" + missingSuffix);
            }
            TensorInfo info = file.info(e.getKey());
            if (!info.dtype().isFloat()) {
                throw new AdapterFormatException(path, "tensor '" + e.getKey() + "' has dtype " + info.dtype()
                        + "; expected a floating-point type (F32, F16, BF16, F64)");
            }
            if (!info.shape().equals(e.getValue())) {
                throw new AdapterFormatException(path, "tensor '" + e.getKey() + "' has shape " + info.shape()
                        + ", the model needs " + e.getValue() + shapeSuffix);
            }
        }
        TreeSet<String> extra = new TreeSet<>(file.names());
        extra.removeAll(expected.keySet());
        if (!extra.isEmpty()) {
            throw new AdapterFormatException(path, unexpected.apply("'" + extra.first() + "'"
                    + (extra.size() > 1 ? " (and " + (extra.size() - 1) + " more)" : "")));
        }
    }
}
