package ru.saigabot.inference.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * ggml's {@code block_q6_K}: 256 values as sixteen sub-blocks of 16, each {@code x ≈ d·sc·q} with a signed 6-bit
 * {@code q} (stored as {@code q + 32}) and a signed 8-bit {@code sc}; 210 bytes: {@code ql[128]} (low 4 bits),
 * {@code qh[64]} (high 2 bits), {@code scales[16]}, {@code d}. The bit layout is that of ggml's
 * {@code dequantize_row_q6_K}: each half of 128 values uses 64 bytes of {@code ql} and 32 of {@code qh}.
 */
final class Q6KEncoder extends BlockEncoder {
    private static final int BLOCK = 256;
    private static final int SUB = 16;
    private final int[] sc = new int[BLOCK / SUB];
    private final int[] q = new int[BLOCK];

    Q6KEncoder(ByteWriter out, String name, long n) {
        super(out, name, n, BLOCK);
    }

    @Override
    void writeBlock() throws IOException {
        float[] subScale = new float[BLOCK / SUB];
        float maxScale = 0;
        for (int j = 0; j < subScale.length; j++) {
            float max = 0;
            for (int k = j * SUB; k < (j + 1) * SUB; k++) {
                max = Math.max(max, Math.abs(block[k]));
            }
            subScale[j] = max / 31;
            maxScale = Math.max(maxScale, subScale[j]);
        }
        float d = Float16.toFloat(Float16.fromFloat(maxScale / 127));
        for (int j = 0; j < subScale.length; j++) {
            sc[j] = d > 0 ? Math.min(127, Math.round(subScale[j] / d)) : 0;
            float step = d * sc[j];
            for (int k = j * SUB; k < (j + 1) * SUB; k++) {
                int value = step > 0 ? Math.round(block[k] / step) : 0;
                q[k] = Math.max(-32, Math.min(31, value)) + 32;
            }
        }
        ByteBuffer buffer = out.room(GgufTensorType.Q6_K.blockBytes());
        byte[] ql = new byte[128];
        byte[] qh = new byte[64];
        for (int half = 0; half < 2; half++) {
            int y = half * 128;
            for (int l = 0; l < 32; l++) {
                int q1 = q[y + l];
                int q2 = q[y + l + 32];
                int q3 = q[y + l + 64];
                int q4 = q[y + l + 96];
                ql[half * 64 + l] = (byte) ((q1 & 0xF) | (q3 & 0xF) << 4);
                ql[half * 64 + l + 32] = (byte) ((q2 & 0xF) | (q4 & 0xF) << 4);
                qh[half * 32 + l] = (byte) ((q1 >> 4) | (q2 >> 4) << 2 | (q3 >> 4) << 4 | (q4 >> 4) << 6);
            }
        }
        buffer.put(ql);
        buffer.put(qh);
        for (int s : sc) {
            buffer.put((byte) s);
        }
        buffer.putShort(Float16.fromFloat(d));
    }
}
