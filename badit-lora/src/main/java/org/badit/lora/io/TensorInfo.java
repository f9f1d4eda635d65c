package org.badit.lora.io;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor's entry in a safetensors header.
 *
 * @param name the tensor's name
 * @param dtype its element type
 * @param shape its shape
 * @param begin first byte, relative to the start of the data section
 * @param end one past the last byte, relative to the start of the data section
 */
public record TensorInfo(String name, TensorDType dtype, Shape shape, long begin, long end) {

    /**
     * Returns the number of bytes of the tensor's data.
     *
     * @return end − begin
     */
    public long byteLength() {
        return end - begin;
    }
}
