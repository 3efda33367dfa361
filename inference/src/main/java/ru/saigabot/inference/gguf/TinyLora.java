package ru.saigabot.inference.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a LoRA adapter GGUF for a {@link TinyLlama} model, in the layout llama.cpp's adapter loader expects:
 * metadata {@code general.type = "adapter"}, {@code adapter.type = "lora"}, {@code adapter.lora.alpha}, and the
 * base model's {@code general.architecture}; for each adapted matrix {@code W [n_in, n_out]} a pair
 * {@code W.lora_a [n_in, r]} and {@code W.lora_b [r, n_out]}, applied as
 * {@code W x + scale * alpha / r * B (A x)}.
 */
public final class TinyLora {

    private TinyLora() {
    }

    /**
     * @param rank        r
     * @param alpha       {@code adapter.lora.alpha}
     * @param targets     which matrices to adapt, by name suffix (e.g. {@code attn_q.weight}); never
     *                    {@code token_embd}, whose adapters llama.cpp lays out differently
     * @param weightScale standard deviation of A and B (random, unlike training's zero B, so the adapter shows)
     * @param seed        seed of A and B
     */
    public record Spec(int rank, float alpha, List<String> targets, float weightScale, long seed) {
        public Spec {
            targets = List.copyOf(targets);
            if (rank <= 0 || targets.isEmpty() || targets.stream().anyMatch(t -> t.startsWith("token_embd"))) {
                throw new IllegalArgumentException("a LoRA needs a positive rank and targets other than token_embd");
            }
        }

        /** Rank 4, alpha 4, on every attention query and value projection, weights of scale 0.2. */
        public static Spec defaults() {
            return new Spec(4, 4f, List.of("attn_q.weight", "attn_v.weight"), 0.2f, 7);
        }
    }

    public static GgufFile write(Path path, TinyLlamaSpec base, Spec lora) throws IOException {
        GgufMetadata metadata = GgufMetadata.builder()
                .putString("general.architecture", "llama")
                .putString("general.type", "adapter")
                .putString("general.name", base.name() + "-lora")
                .putString("adapter.type", "lora")
                .putFloat32("adapter.lora.alpha", lora.alpha())
                .build();
        List<GgufTensor> tensors = new ArrayList<>();
        for (TinyLlama.Matrix m : TinyLlama.matrices(base)) {
            if (lora.targets().stream().anyMatch(t -> m.name().endsWith(t))) {
                tensors.add(matrix(m.name() + ".lora_a", m.ne0(), lora.rank(), lora));
                tensors.add(matrix(m.name() + ".lora_b", lora.rank(), m.ne1(), lora));
            }
        }
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("no matrix of " + base.name() + " matches " + lora.targets());
        }
        return GgufWriter.write(path, metadata, tensors);
    }

    private static GgufTensor matrix(String name, long ne0, long ne1, Spec lora) {
        return GgufTensor.of(name, GgufTensorType.F32,
                RandomWeights.uniform(lora.seed(), name, lora.weightScale(), ne0, ne1), ne0, ne1);
    }
}
