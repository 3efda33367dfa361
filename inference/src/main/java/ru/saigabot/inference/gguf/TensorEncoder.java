package ru.saigabot.inference.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Encodes a tensor's floats into its ggml type as they arrive, and checks that exactly the right number came.
 * To write another type, add a subclass and a case in {@link #create}; the block layout is ggml's
 * ({@code ggml-common.h}).
 */
abstract class TensorEncoder implements FloatSink {

    protected final ByteWriter out;
    private final String tensorName;
    private final long expected;
    private long received;
    private final float[] single = new float[1];

    TensorEncoder(ByteWriter out, String tensorName, long expected) {
        this.out = out;
        this.tensorName = tensorName;
        this.expected = expected;
    }

    static boolean supports(GgufTensorType type) {
        return type == GgufTensorType.F32 || type == GgufTensorType.F16 || type == GgufTensorType.Q8_0
                || type == GgufTensorType.Q4_K || type == GgufTensorType.Q6_K;
    }

    static TensorEncoder create(GgufTensor tensor, ByteWriter out) {
        long n = tensor.elementCount();
        switch (tensor.type()) {
            case F32: return new F32(out, tensor.name(), n);
            case F16: return new F16(out, tensor.name(), n);
            case Q8_0: return new Q8_0(out, tensor.name(), n);
            case Q4_K: return new Q4KEncoder(out, tensor.name(), n);
            case Q6_K: return new Q6KEncoder(out, tensor.name(), n);
            default: throw unsupported(tensor);
        }
    }

    static UnsupportedOperationException unsupported(GgufTensor tensor) {
        return new UnsupportedOperationException("cannot write " + tensor.type() + " tensors (" + tensor.name()
                + "); writable types are F32, F16, Q8_0, Q4_K and Q6_K");
    }

    @Override
    public final void put(float value) throws IOException {
        single[0] = value;
        put(single, 0, 1);
    }

    @Override
    public final void put(float[] values, int offset, int length) throws IOException {
        count(length);
        encode(values, offset, length);
    }

    /** Checks that the tensor got all its elements. */
    final void finish() {
        if (received != expected) {
            throw new IllegalStateException("tensor " + tensorName + " needs " + expected + " elements, but its data "
                    + "gave only " + received);
        }
    }

    /** Encodes a run of values; the loop is in each subclass so that the JIT sees one encoder per loop. */
    abstract void encode(float[] values, int offset, int length) throws IOException;

    private void count(int n) {
        received += n;
        if (received > expected) {
            throw new IllegalStateException("tensor " + tensorName + " needs " + expected + " elements, but its data "
                    + "gave more");
        }
    }

    private static final class F32 extends TensorEncoder {
        F32(ByteWriter out, String name, long n) {
            super(out, name, n);
        }

        @Override
        void encode(float[] values, int offset, int length) throws IOException {
            int chunk = out.capacity() / 4;
            for (int start = offset, end = offset + length; start < end; start += chunk) {
                int n = Math.min(chunk, end - start);
                ByteBuffer buffer = out.room(4 * n);
                for (int i = start; i < start + n; i++) {
                    buffer.putFloat(values[i]);
                }
            }
        }
    }

    private static final class F16 extends TensorEncoder {
        F16(ByteWriter out, String name, long n) {
            super(out, name, n);
        }

        @Override
        void encode(float[] values, int offset, int length) throws IOException {
            int chunk = out.capacity() / 2;
            for (int start = offset, end = offset + length; start < end; start += chunk) {
                int n = Math.min(chunk, end - start);
                ByteBuffer buffer = out.room(2 * n);
                for (int i = start; i < start + n; i++) {
                    buffer.putShort(Float16.fromFloat(values[i]));
                }
            }
        }
    }

    /**
     * ggml's {@code block_q8_0}: 32 values as a float16 scale {@code d = max|x| / 127} and 32 int8s
     * {@code round(x / d)}, 34 bytes in all. Rows are whole blocks (checked by {@link GgufTensor}), so a block
     * never spans two rows.
     */
    private static final class Q8_0 extends BlockEncoder {
        private static final int BLOCK = 32;

        Q8_0(ByteWriter out, String name, long n) {
            super(out, name, n, BLOCK);
        }

        @Override
        void writeBlock() throws IOException {
            float max = 0;
            for (float v : block) {
                max = Math.max(max, Math.abs(v));
            }
            float d = max / 127;
            float inverse = d != 0 ? 1 / d : 0;
            ByteBuffer buffer = out.room(GgufTensorType.Q8_0.blockBytes());
            buffer.putShort(Float16.fromFloat(d));
            for (float v : block) {
                // roundf: halves away from zero, as ggml's reference quantiser does
                buffer.put((byte) Math.copySign(Math.floor(Math.abs(v * inverse) + 0.5f), v));
            }
        }
    }
}
