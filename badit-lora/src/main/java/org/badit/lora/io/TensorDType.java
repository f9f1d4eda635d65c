package org.badit.lora.io;

import ai.djl.ndarray.types.DataType;

/** The element types of the safetensors format, with their sizes and DJL counterparts. */
public enum TensorDType {
    F64(8, DataType.FLOAT64),
    F32(4, DataType.FLOAT32),
    F16(2, DataType.FLOAT16),
    /** bfloat16: DJL aborts the JVM on bf16 arrays, so it is only ever converted in Java, never handed over. */
    BF16(2, null),
    I64(8, DataType.INT64),
    I32(4, DataType.INT32),
    I16(2, DataType.INT16),
    I8(1, DataType.INT8),
    U8(1, DataType.UINT8),
    BOOL(1, DataType.BOOLEAN);

    private final int bytes;
    private final DataType djl;

    TensorDType(int bytes, DataType djl) {
        this.bytes = bytes;
        this.djl = djl;
    }

    /**
     * Returns the size of one element.
     *
     * @return bytes per element
     */
    public int bytes() {
        return bytes;
    }

    /**
     * Returns the DJL data type of the same layout.
     *
     * @return the DJL type, or null for {@link #BF16}
     */
    public DataType djl() {
        return djl;
    }

    /**
     * Returns whether this is a floating-point type.
     *
     * @return true for F64, F32, F16, BF16
     */
    public boolean isFloat() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /**
     * Maps a DJL data type to its safetensors name.
     *
     * @param type the DJL type
     * @return the safetensors dtype
     * @throws IllegalArgumentException for types safetensors cannot hold
     */
    public static TensorDType of(DataType type) {
        for (TensorDType t : values()) {
            if (t.djl == type) {
                return t;
            }
        }
        throw new IllegalArgumentException("no safetensors dtype for DJL type " + type);
    }
}
