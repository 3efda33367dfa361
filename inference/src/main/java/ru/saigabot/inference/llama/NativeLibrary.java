package ru.saigabot.inference.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.inference.InferenceException;

/**
 * Gives java-llama.cpp a private directory to unpack its native library into. By default it uses
 * the shared temp directory, first deleting every file there whose name starts with "llama" or
 * "jllama", and always unpacks to the same file name: two processes starting together (two bots, or
 * a test and the bot it launched) can delete or overwrite each other's library while it loads.
 */
final class NativeLibrary {
    private static final Logger log = LoggerFactory.getLogger(NativeLibrary.class);
    private static final String PROPERTY = "de.kherud.llama.tmpdir";

    private NativeLibrary() {}

    /**
     * Deletes the unpacked library once {@code LlamaModel} has loaded it (a loaded library stays mapped after its
     * file is gone). Not left to delete-on-exit alone: a process killed, or halted after a clean stop (see the
     * bot's SIGTERM handling), runs none, and every start would leave 5 MB in the temp directory. Where a loaded
     * file cannot be deleted (Windows), delete-on-exit still does it.
     */
    static synchronized void removeUnpackedCopy() {
        String directory = System.getProperty(PROPERTY);
        if (directory == null) {
            return;
        }
        Path dir = Path.of(directory);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.debug("the unpacked llama.cpp library stays until exit: dir={} error={}", dir, e.getMessage());
        }
    }

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
