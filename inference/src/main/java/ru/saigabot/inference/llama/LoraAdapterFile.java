package ru.saigabot.inference.llama;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A GGUF LoRA adapter to load with the base model; requests apply it by {@code name} with a scale.
 *
 * @param name e.g. {@code style}; letters, digits, '.', '_' and '-'
 */
public record LoraAdapterFile(String name, Path file) {

    public LoraAdapterFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("LoRA adapter name '" + name
                    + "' is invalid; use 1..64 letters, digits, '.', '_' or '-'");
        }
    }
}
