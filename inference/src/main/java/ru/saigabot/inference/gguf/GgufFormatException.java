package ru.saigabot.inference.gguf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file is not a GGUF file llama.cpp could load: wrong magic, unsupported version, truncated, or inconsistent.
 * The message is one line that names the file and says what is wrong, fit to show a user who passed a bad
 * {@code --model}. It is an {@link IOException} so callers handle "cannot read" and "not a model" in one place.
 */
public class GgufFormatException extends IOException {

    private final transient Path file;

    public GgufFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public GgufFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that is wrong. */
    public Path file() {
        return file;
    }
}
