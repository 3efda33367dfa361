package ru.saigabot.inference.gguf;

import java.io.IOException;

/**
 * Produces a tensor's elements on demand, so a model of many gigabytes can be written without ever being in
 * memory: {@link GgufWriter} calls this once, when the tensor's turn comes, and encodes what it is given into the
 * tensor's type as it arrives.
 */
@FunctionalInterface
public interface TensorData {

    /**
     * Puts exactly all the tensor's elements, in ggml order: {@code ne[0]} varies fastest, so a matrix is written
     * row by row, each row being {@code ne[0]} consecutive elements.
     */
    void writeTo(FloatSink sink) throws IOException;

    /** A tensor with every element equal to {@code value}, e.g. 1.0 for RMS norm weights. */
    static TensorData constant(float value, long elementCount) {
        return sink -> {
            float[] chunk = new float[(int) Math.min(elementCount, 4096)];
            java.util.Arrays.fill(chunk, value);
            for (long left = elementCount; left > 0; left -= chunk.length) {
                sink.put(chunk, 0, (int) Math.min(left, chunk.length));
            }
        };
    }

    /** A tensor whose elements are all in memory already (small tensors and tests). */
    static TensorData of(float... values) {
        float[] copy = values.clone();
        return sink -> sink.put(copy, 0, copy.length);
    }
}
