package ru.saigabot.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny model written with {@code endOfTextSuppressed} runs every answer to its token limit. A random
 * model otherwise emits {@code </s>} about once in two thousand tokens, which made tests that interrupt
 * an answer mid-stream depend on luck.
 */
class EndOfTextSuppressedIT {

    @Test
    void answersRunToTheTokenLimit(@TempDir Path dir) throws Exception {
        Path path = TinyLlama.write(dir.resolve("no-eos.gguf"),
                TinyLlamaSpec.tiny().toBuilder().endOfTextSuppressed(true).build()).path();
        try (LlamaModel model = new LlamaModel(new ModelParameters().setModel(path.toString()).setCtxSize(2048)
                .setThreads(2).setGpuLayers(0))) {
            for (int seed = 1; seed <= 3; seed++) {
                int pieces = 0;
                for (LlamaOutput output : model.generate(new InferenceParameters("<s>user\nПривет!</s>\n<s>bot")
                        .setNPredict(1500).setTemperature(1.0f).setSeed(seed).setCachePrompt(false))) {
                    if (!output.text.isEmpty()) {
                        pieces++;
                    }
                }
                // Streaming merges the bytes of one character into one piece, so a few less than 1500.
                assertThat(pieces).as("seed %d", seed).isGreaterThan(1400);
            }
        }
    }
}
