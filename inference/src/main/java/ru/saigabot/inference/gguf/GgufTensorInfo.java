package ru.saigabot.inference.gguf;

import java.util.List;
import java.util.Objects;

/**
 * A tensor as described in a GGUF header, without its data.
 *
 * @param name   e.g. {@code blk.0.attn_q.weight}
 * @param shape  ggml's {@code ne}: {@code shape.get(0)} is the innermost, fastest-varying dimension (a row), so a
 *               matrix mapping n_in to n_out features is {@code [n_in, n_out]}, the reverse of PyTorch's order
 * @param type   how the elements are stored
 * @param offset where the data starts, relative to the start of the file's data section (see
 *               {@link GgufFile#dataOffset()}); a multiple of the file's alignment
 */
public record GgufTensorInfo(String name, List<Long> shape, GgufTensorType type, long offset) {

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        shape = List.copyOf(shape);
        Objects.requireNonNull(type, "type");
    }

    /** {@code ne[dim]}, or 1 beyond the tensor's dimensions, as ggml pads every shape to 4 dimensions. */
    public long ne(int dim) {
        return dim < shape.size() ? shape.get(dim) : 1;
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

    @Override
    public String toString() {
        return name + " " + type + " " + shape + " @" + offset;
    }
}
