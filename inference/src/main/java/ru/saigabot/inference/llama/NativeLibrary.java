package ru.saigabot.inference.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ru.saigabot.inference.InferenceException;

/**
 * Gives java-llama.cpp a private directory to unpack its native library into. By default it uses
 * the shared temp directory, first deleting every file there whose name starts with "llama" or
 * "jllama", and always unpacks to the same file name: two processes starting together (two bots, or
 * a test and the bot it launched) can delete or overwrite each other's library while it loads.
 */
final class NativeLibrary {
    private static final String PROPERTY = "de.kherud.llama.tmpdir";

    private NativeLibrary() {}

    /** Must run before the first use of {@code LlamaModel}; later calls change nothing. */
    static synchronized void preparePrivateDirectory() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            Path directory = Files.createTempDirectory("saiga-llama-");
            // Registered before the library file's own deleteOnExit, so it runs after it (reverse order).
            directory.toFile().deleteOnExit();
            System.setProperty(PROPERTY, directory.toString());
        } catch (IOException e) {
            throw new InferenceException("cannot create a directory for llama.cpp's native library in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage()
                    + "; make the temp directory writable or set -Djava.io.tmpdir", e);
        }
    }
}
