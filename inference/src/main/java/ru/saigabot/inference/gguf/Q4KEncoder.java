package ru.saigabot.inference.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * ggml's {@code block_q4_K}: 256 values as eight sub-blocks of 32, each {@code x ≈ d·sc·q − dmin·m} with a 4-bit
 * {@code q}, 6-bit {@code sc} and {@code m}, and two float16 super-block scales; 144 bytes:
 * {@code d, dmin, scales[12], qs[128]}. The scales are packed as ggml's {@code get_scale_min_k4} reads them, and the
 * quants as its {@code dequantize_row_q4_K} does: each 64 values share 32 bytes, low nibbles first. A plain
 * min/max quantiser, without ggml's search for the best scale: good enough for synthetic models.
 */
final class Q4KEncoder extends BlockEncoder {
    private static final int BLOCK = 256;
    private static final int SUB = 32;
    private final float[] scales = new float[BLOCK / SUB];
    private final float[] mins = new float[BLOCK / SUB];
    private final int[] sc = new int[BLOCK / SUB];
    private final int[] m = new int[BLOCK / SUB];

    Q4KEncoder(ByteWriter out, String name, long n) {
        super(out, name, n, BLOCK);
    }

    @Override
    void writeBlock() throws IOException {
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < scales.length; j++) {
            float lo = 0; // the offset is subtracted, so sub-blocks are shifted to start at or below zero
            float hi = 0;
            for (int k = j * SUB; k < (j + 1) * SUB; k++) {
                lo = Math.min(lo, block[k]);
                hi = Math.max(hi, block[k]);
            }
            scales[j] = (hi - lo) / 15;
            mins[j] = -lo;
            maxScale = Math.max(maxScale, scales[j]);
            maxMin = Math.max(maxMin, mins[j]);
        }
        float d = Float16.toFloat(Float16.fromFloat(maxScale / 63));
        float dmin = Float16.toFloat(Float16.fromFloat(maxMin / 63));
        for (int j = 0; j < scales.length; j++) {
            sc[j] = d > 0 ? Math.min(63, Math.round(scales[j] / d)) : 0;
            m[j] = dmin > 0 ? Math.min(63, Math.round(mins[j] / dmin)) : 0;
        }
        ByteBuffer buffer = out.room(GgufTensorType.Q4_K.blockBytes());
        buffer.putShort(Float16.fromFloat(d));
        buffer.putShort(Float16.fromFloat(dmin));
        for (int j = 0; j < 4; j++) {
            buffer.put((byte) (sc[j] | (sc[j + 4] >> 4) << 6));
        }
        for (int j = 0; j < 4; j++) {
            buffer.put((byte) (m[j] | (m[j + 4] >> 4) << 6));
        }
        for (int j = 4; j < 8; j++) {
            buffer.put((byte) ((sc[j] & 0xF) | (m[j] & 0xF) << 4));
        }
        for (int pair = 0; pair < 4; pair++) {
            int low = 2 * pair;
            int high = low + 1;
            for (int l = 0; l < SUB; l++) {
                int q0 = quant(block[low * SUB + l], d * sc[low], dmin * m[low]);
                int q1 = quant(block[high * SUB + l], d * sc[high], dmin * m[high]);
                buffer.put((byte) (q0 | q1 << 4));
            }
        }
    }

    private static int quant(float x, float scale, float offset) {
        if (scale == 0) {
            return 0;
        }
        return Math.max(0, Math.min(15, Math.round((x + offset) / scale)));
    }
}
