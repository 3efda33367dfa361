package ru.saigabot.inference.gguf;

/**
 * Which ggml type each weight matrix of a synthetic model gets: one type for all, or the mix llama.cpp's
 * quantiser gives a model for {@code Q4_K_M}, the file type of the Saiga GGUF releases ({@code q4_K}).
 */
public enum QuantMix {
    /** Every matrix in {@link TinyLlamaSpec#weightType()}. */
    UNIFORM,
    /**
     * llama.cpp's Q4_K_M: Q6_K for the output matrix and, in the layers its {@code use_more_bits} picks (the first
     * and last eighth and every third in between), for {@code attn_v} and {@code ffn_down}; Q4_K elsewhere.
     */
    Q4_K_M;

    GgufTensorType typeOf(String matrix, int blockCount, GgufTensorType uniform) {
        if (this == UNIFORM) {
            return uniform;
        }
        if (matrix.equals("output.weight")) {
            return GgufTensorType.Q6_K;
        }
        if (matrix.endsWith(".attn_v.weight") || matrix.endsWith(".ffn_down.weight")) {
            int layer = Integer.parseInt(matrix.substring("blk.".length(), matrix.indexOf('.', "blk.".length())));
            return usesMoreBits(layer, blockCount) ? GgufTensorType.Q6_K : GgufTensorType.Q4_K;
        }
        return GgufTensorType.Q4_K;
    }

    /** llama.cpp's {@code use_more_bits(i_layer, n_layers)}. */
    static boolean usesMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }
}
