package ru.saigabot.inference.gguf;

import java.io.IOException;

/** Receives a tensor's elements as floats, in ggml order (ne[0] fastest); the receiver encodes them. */
public interface FloatSink {

    void put(float value) throws IOException;

    /** Puts {@code length} values starting at {@code values[offset]}; prefer it over single puts for big tensors. */
    default void put(float[] values, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            put(values[i]);
        }
    }
}
