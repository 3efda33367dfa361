package ru.saigabot.inference.catalog;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A model file ready to load.
 *
 * @param path the file, to pass as {@code --model}
 * @param sizeBytes its size
 * @param sha256 its SHA-256 when computed by this run (not for a file that was already there)
 * @param checksumVerified whether the SHA-256 was compared with the catalog's or the hub's and matched; false
 *     when neither knew it (only the size was checked) or when the file was already there
 * @param alreadyPresent the file was downloaded before and nothing was transferred
 */
public record DownloadResult(Path path, long sizeBytes, Optional<String> sha256, boolean checksumVerified,
        boolean alreadyPresent) {
}
