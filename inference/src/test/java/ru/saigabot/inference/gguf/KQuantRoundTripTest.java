package ru.saigabot.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Q4_K and Q6_K blocks decoded the way ggml's reference {@code dequantize_row_q4_K} / {@code dequantize_row_q6_K}
 * decode them give back the written values within a quantisation step.
 */
class KQuantRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void q4KBlocksDecodeToTheWrittenValues() throws IOException {
        float[] values = noise(512, 1, 0.05f);
        float[] decoded = roundTrip(GgufTensorType.Q4_K, values);
        for (int i = 0; i < values.length; i++) {
            // a step is (max - min) / 15 of a sub-block of 32; 0.1 / 15 at most here, plus the 6-bit scale's rounding
            assertThat(decoded[i]).as("value %d", i).isCloseTo(values[i], within(0.006f));
        }
    }

    @Test
    void q6KBlocksDecodeToTheWrittenValues() throws IOException {
        float[] values = noise(512, 2, 0.05f);
        float[] decoded = roundTrip(GgufTensorType.Q6_K, values);
        for (int i = 0; i < values.length; i++) {
            // a step is max|x| / 31 of a sub-block of 16
            assertThat(decoded[i]).as("value %d", i).isCloseTo(values[i], within(0.0012f));
        }
    }

    @Test
    void zerosStayZeros() throws IOException {
        assertThat(roundTrip(GgufTensorType.Q4_K, new float[256])).containsOnly(0f);
        assertThat(roundTrip(GgufTensorType.Q6_K, new float[256])).containsOnly(0f);
    }

    private float[] roundTrip(GgufTensorType type, float[] values) throws IOException {
        Path path = dir.resolve(type + ".gguf");
        GgufWriter.write(path, GgufMetadata.builder().build(),
                List.of(GgufTensor.of("w", type, TensorData.of(values), values.length)));
        GgufFile file = GgufReader.read(path);
        ByteBuffer data = GgufRoundTripTest.bytes(file, file.tensor("w").orElseThrow());
        assertThat(data.remaining()).isEqualTo(values.length / 256 * type.blockBytes());
        float[] out = new float[values.length];
        for (int block = 0; block < values.length / 256; block++) {
            if (type == GgufTensorType.Q4_K) {
                decodeQ4K(data, out, block * 256);
            } else {
                decodeQ6K(data, out, block * 256);
            }
        }
        return out;
    }

    private static void decodeQ4K(ByteBuffer data, float[] y, int at) {
        float d = Float16.toFloat(data.getShort());
        float dmin = Float16.toFloat(data.getShort());
        int[] scales = new int[12];
        for (int i = 0; i < 12; i++) {
            scales[i] = data.get() & 0xFF;
        }
        int[] qs = new int[128];
        for (int i = 0; i < 128; i++) {
            qs[i] = data.get() & 0xFF;
        }
        int is = 0;
        int q = 0;
        for (int j = 0; j < 256; j += 64) {
            int[] sm1 = scaleMin(is, scales);
            int[] sm2 = scaleMin(is + 1, scales);
            for (int l = 0; l < 32; l++) {
                y[at + j + l] = d * sm1[0] * (qs[q + l] & 0xF) - dmin * sm1[1];
                y[at + j + 32 + l] = d * sm2[0] * (qs[q + l] >> 4) - dmin * sm2[1];
            }
            q += 32;
            is += 2;
        }
    }

    /** ggml's get_scale_min_k4. */
    private static int[] scaleMin(int j, int[] q) {
        if (j < 4) {
            return new int[] {q[j] & 63, q[j + 4] & 63};
        }
        return new int[] {(q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4), (q[j + 4] >> 4) | ((q[j] >> 6) << 4)};
    }

    private static void decodeQ6K(ByteBuffer data, float[] y, int at) {
        int[] ql = new int[128];
        int[] qh = new int[64];
        int[] sc = new int[16];
        for (int i = 0; i < 128; i++) {
            ql[i] = data.get() & 0xFF;
        }
        for (int i = 0; i < 64; i++) {
            qh[i] = data.get() & 0xFF;
        }
        for (int i = 0; i < 16; i++) {
            sc[i] = data.get(); // int8
        }
        float d = Float16.toFloat(data.getShort());
        for (int n = 0; n < 2; n++) {
            int l0 = n * 64;
            int h0 = n * 32;
            int s0 = n * 8;
            int y0 = at + n * 128;
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int q1 = ((ql[l0 + l] & 0xF) | ((qh[h0 + l] & 3) << 4)) - 32;
                int q2 = ((ql[l0 + l + 32] & 0xF) | (((qh[h0 + l] >> 2) & 3) << 4)) - 32;
                int q3 = ((ql[l0 + l] >> 4) | (((qh[h0 + l] >> 4) & 3) << 4)) - 32;
                int q4 = ((ql[l0 + l + 32] >> 4) | (((qh[h0 + l] >> 6) & 3) << 4)) - 32;
                y[y0 + l] = d * sc[s0 + is] * q1;
                y[y0 + l + 32] = d * sc[s0 + is + 2] * q2;
                y[y0 + l + 64] = d * sc[s0 + is + 4] * q3;
                y[y0 + l + 96] = d * sc[s0 + is + 6] * q4;
            }
        }
    }

    private static float[] noise(int n, long seed, float amplitude) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-amplitude, amplitude);
        }
        return values;
    }
}
