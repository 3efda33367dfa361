package ru.saigabot.inference.bench;

import java.util.List;
import ru.saigabot.inference.gguf.GgufTensorType;
import ru.saigabot.inference.gguf.TinyLlamaSpec;

/**
 * Random models the benchmark can write instead of loading a real one ({@code --shape}), to measure the engine
 * without downloading gigabytes. Their answers are gibberish that never ends early (end of text suppressed), so
 * every answer has the full token budget and runs are comparable.
 */
public final class BenchShapes {
    /** Names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of("tiny", "small");

    private BenchShapes() {
    }

    public static TinyLlamaSpec byName(String name) {
        return switch (name) {
            // about 1 MB: measures the engine's own overhead, llama.cpp's work is negligible
            case "tiny" -> TinyLlamaSpec.tiny().toBuilder().name("saiga-bench-tiny").endOfTextSuppressed(true).build();
            // about 30 MB of Q8_0: prompt evaluation costs enough to show what the prompt cache saves
            case "small" -> TinyLlamaSpec.tiny().toBuilder().name("saiga-bench-small").embeddingLength(512)
                    .blockCount(8).headCount(8).headCountKv(4).feedForwardLength(1536)
                    .weightType(GgufTensorType.Q8_0).endOfTextSuppressed(true).build();
            default -> throw new IllegalArgumentException("unknown shape '" + name + "'; known: " + NAMES);
        };
    }
}
