package ru.saigabot.inference.gguf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tensor to write: its name, type and shape (in ggml order, see {@link GgufTensorInfo#shape()}), and the source
 * of its elements, which is read only when the writer reaches it.
 */
public record GgufTensor(String name, GgufTensorType type, List<Long> shape, TensorData data) {

    /** ggml keeps names in a fixed 64-byte field with a terminating NUL. */
    public static final int MAX_NAME_BYTES = 63;

    /** ggml tensors have at most four dimensions. */
    public static final int MAX_DIMS = 4;

    public GgufTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        shape = List.copyOf(shape);
        Objects.requireNonNull(data, "data");
        if (name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(
                    "tensor name '" + name + "' must be 1 to " + MAX_NAME_BYTES + " bytes of UTF-8");
        }
        if (shape.isEmpty() || shape.size() > MAX_DIMS) {
            throw new IllegalArgumentException(
                    "tensor " + name + " has " + shape.size() + " dimensions; ggml allows 1 to " + MAX_DIMS);
        }
        for (long ne : shape) {
            if (ne <= 0) {
                throw new IllegalArgumentException("tensor " + name + " has a dimension of " + ne + ": " + shape);
            }
        }
        if (shape.get(0) % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor " + name + " is " + type + ", whose rows are blocks of "
                    + type.blockSize() + " elements, but its row length ne[0] is " + shape.get(0));
        }
    }

    /** @param shape ggml order: {@code shape[0]} is the row length */
    public static GgufTensor of(String name, GgufTensorType type, TensorData data, long... shape) {
        List<Long> dims = new ArrayList<>(shape.length);
        for (long ne : shape) {
            dims.add(ne);
        }
        return new GgufTensor(name, type, dims, data);
    }

    public long elementCount() {
        long count = 1;
        for (long ne : shape) {
            count = Math.multiplyExact(count, ne);
        }
        return count;
    }

    /** Bytes of data, without alignment padding. */
    public long byteSize() {
        return type.byteSize(elementCount());
    }
}
