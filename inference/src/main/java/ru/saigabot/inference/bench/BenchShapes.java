package ru.saigabot.inference.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import ru.saigabot.inference.gguf.GgufTensor;
import ru.saigabot.inference.gguf.GgufTensorType;
import ru.saigabot.inference.gguf.QuantMix;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.gguf.TinyLlamaSpec;

/**
 * Random models the benchmark can write instead of loading a real one ({@code --shape}): two small ones that
 * measure the engine itself, a medium one whose prompts cost about what a real small model's do, and one per catalog
 * model with that model's architecture, size and quantisation
 * (Q4_K_M), so an operator learns how fast a Saiga model will run on a machine before downloading it. Answers are
 * gibberish; where the vocabulary is the tiny test one, the end of text is suppressed so that every answer has the
 * full token budget and runs compare.
 *
 * <p>Shapes, from each base model's {@code config.json}: Llama-3 8B and YandexGPT-5 Lite 8B (32 layers, n_embd 4096,
 * 32 heads with 8 KV heads, n_ff 14336; vocabularies 128,256 and 129,024), Mistral Nemo 12B (40 layers, n_embd 5120,
 * 32 heads of 128 with 8 KV heads, n_ff 14336, 131,072 tokens), Mistral 7B (32 layers, n_embd 4096, 32/8 heads,
 * n_ff 14336, 32,000 tokens); {@code medium} has Qwen2.5-0.5B's (24 layers, n_embd 896, 14 heads with 2 KV heads,
 * n_ff 4864) with the tiny vocabulary.
 */
public final class BenchShapes {
    private static final List<String> SMALL = List.of("tiny", "small", "medium");
    private static final List<String> CATALOG = List.of("saiga_llama3_8b", "saiga_nemo_12b", "saiga_yandexgpt_8b",
            "saiga_mistral_7b");

    private BenchShapes() {
    }

    /** Every name {@link #byName} accepts. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(SMALL);
        names.addAll(CATALOG);
        return names;
    }

    public static TinyLlamaSpec byName(String name) {
        TinyLlamaSpec llama8b = TinyLlamaSpec.tiny().toBuilder().embeddingLength(4096).blockCount(32).headCount(32)
                .headCountKv(8).feedForwardLength(14336).contextLength(8192).weightScale(0.02f)
                .mix(QuantMix.Q4_K_M).build();
        return switch (name) {
            // about 1 MB: measures the engine's own overhead, llama.cpp's work is negligible
            case "tiny" -> TinyLlamaSpec.tiny().toBuilder().name("saiga-bench-tiny").endOfTextSuppressed(true).build();
            // about 30 MB of Q8_0: prompt evaluation costs enough to show what the prompt cache saves
            case "small" -> TinyLlamaSpec.tiny().toBuilder().name("saiga-bench-small").embeddingLength(512)
                    .blockCount(8).headCount(8).headCountKv(4).feedForwardLength(1536)
                    .weightType(GgufTensorType.Q8_0).endOfTextSuppressed(true).build();
            // about 380 MB of Q8_0, Qwen2.5-0.5B's shape with the tiny vocabulary: a prompt costs what it costs on a real
            // small model, and a run still takes minutes, not hours, on a small machine
            case "medium" -> TinyLlamaSpec.tiny().toBuilder().name("saiga-bench-medium").embeddingLength(896)
                    .blockCount(24).headCount(14).headCountKv(2).feedForwardLength(4864)
                    .weightType(GgufTensorType.Q8_0).endOfTextSuppressed(true).build();
            case "saiga_llama3_8b" -> llama8b.toBuilder().name("saiga-bench-shape-llama3-8b").vocabSize(128256)
                    .ropeFreqBase(500000f).build();
            case "saiga_yandexgpt_8b" -> llama8b.toBuilder().name("saiga-bench-shape-yandexgpt-8b").vocabSize(129024)
                    .contextLength(32768).ropeFreqBase(500000f).build();
            case "saiga_nemo_12b" -> llama8b.toBuilder().name("saiga-bench-shape-nemo-12b").embeddingLength(5120)
                    .blockCount(40).keyLength(128).vocabSize(131072).contextLength(131072).ropeFreqBase(1000000f)
                    .build();
            case "saiga_mistral_7b" -> llama8b.toBuilder().name("saiga-bench-shape-mistral-7b").vocabSize(32000)
                    .contextLength(32768).ropeFreqBase(10000f).build();
            default -> throw new IllegalArgumentException("unknown shape '" + name + "'; known: " + names());
        };
    }

    /** The bytes of the shape's tensors, about its file size (metadata and alignment add a few MB at most). */
    public static long tensorBytes(TinyLlamaSpec spec) {
        return TinyLlama.tensors(spec).stream().mapToLong(GgufTensor::byteSize).sum();
    }

    /**
     * Writes the shape into {@code dir} as {@code saiga-bench-<name>.gguf}, or reuses the file a previous run wrote
     * there. The file appears under its name only when complete.
     */
    public static Path write(String name, Path dir, Consumer<String> progress) throws IOException {
        TinyLlamaSpec spec = byName(name);
        Path target = dir.resolve("saiga-bench-" + name + ".gguf");
        Optional<Long> existing = Files.exists(target) ? Optional.of(Files.size(target)) : Optional.empty();
        if (existing.isPresent() && existing.get() >= tensorBytes(spec)) {
            progress.accept("using " + target + " (" + (existing.get() >> 20) + " MB), written by an earlier run");
            return target;
        }
        progress.accept("writing a random " + name + "-shaped model (" + (tensorBytes(spec) >> 20) + " MB) to " + target);
        // GgufWriter writes beside the target and renames at the end: a file under this name is complete.
        return TinyLlama.write(target, spec).path();
    }
}
