package ru.saigabot.inference.gguf;

import java.util.SplittableRandom;

/** Deterministic random weights for synthetic models. */
final class RandomWeights {

    private RandomWeights() {
    }

    /**
     * A {@code [ne0, ne1]} matrix of uniform noise with standard deviation {@code std}, seeded from {@code seed}
     * and the tensor's name, so a tensor's values do not depend on which other tensors exist. Uniform ints scaled
     * down, rather than normal or {@code nextDouble(-1, 1)}, because that is about five times faster, which
     * matters for benchmark models of billions of weights.
     */
    static TensorData uniform(long seed, String name, float std, long ne0, long ne1) {
        return sink -> {
            SplittableRandom random = new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + name.hashCode());
            // uniform on [-a, a) has standard deviation a / sqrt(3)
            float scale = (float) (std * Math.sqrt(3) / 0x1p31);
            float[] row = new float[Math.toIntExact(ne0)];
            for (long r = 0; r < ne1; r++) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = random.nextInt() * scale;
                }
                sink.put(row, 0, row.length);
            }
        };
    }
}
