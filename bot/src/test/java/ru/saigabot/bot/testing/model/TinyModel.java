package ru.saigabot.bot.testing.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.gguf.TinyLlamaSpec;

/**
 * The tiny llama model (random weights, its own Latin and Cyrillic vocabulary) written once per test
 * run by the project's GGUF writer, and deleted when JUnit finishes.
 */
public final class TinyModel implements AutoCloseable {
    private final Path directory;
    private final Path file;

    private TinyModel(Path directory, Path file) {
        this.directory = directory;
        this.file = file;
    }

    public static Path get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(TinyModel.class, key -> write(), TinyModel.class).file;
    }

    private static TinyModel write() {
        try {
            Path directory = Files.createTempDirectory("saiga-tiny-model");
            Path file = directory.resolve("tiny-saiga.gguf");
            // No </s>: every answer runs to the token limit, so streaming and interruption tests never depend on luck.
            TinyLlama.write(file, TinyLlamaSpec.tiny().toBuilder().endOfTextSuppressed(true).build());
            return new TinyModel(directory, file);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the tiny test model", e);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(directory);
    }
}
