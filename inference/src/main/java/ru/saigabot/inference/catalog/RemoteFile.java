package ru.saigabot.inference.catalog;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One file of a Hugging Face model repository, and what it must be once downloaded.
 *
 * <p>Downloads land in {@code {modelsDir}/{owner}/{repository}/{file}}: Saiga repositories reuse file names
 * ({@code model-q4_K.gguf} is in several of them), so a flat directory would mix them up.
 *
 * @param repository {@code owner/name}, e.g. {@code IlyaGusev/saiga_llama3_8b_gguf}
 * @param file the file's name in the repository's root
 * @param size exact size in bytes, when a source gave it; otherwise the hub's word is taken
 * @param sha256 lower-case hex SHA-256 of the content, when a source gave it; otherwise the hub's word is taken
 */
public record RemoteFile(String repository, String file, OptionalLong size, Optional<String> sha256) {

    /** A name segment: starts with a letter or digit, so that "." and ".." can never form a path. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public RemoteFile {
        String[] parts = repository.split("/", -1);
        if (parts.length != 2 || !SEGMENT.matcher(parts[0]).matches() || !SEGMENT.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException("repository must be owner/name, got '" + repository + "'");
        }
        if (!SEGMENT.matcher(file).matches()) {
            throw new IllegalArgumentException("file must be a plain file name in the repository root, got '" + file + "'");
        }
        if (size.isPresent() && size.getAsLong() <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size.getAsLong());
        }
        sha256 = sha256.map(hex -> hex.toLowerCase(Locale.ROOT));
        if (sha256.isPresent() && !SHA256.matcher(sha256.get()).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits, got '" + sha256.get() + "'");
        }
    }

    /** A file whose size and checksum are only known from the hub. */
    public static RemoteFile unverified(String repository, String file) {
        return new RemoteFile(repository, file, OptionalLong.empty(), Optional.empty());
    }

    /** Where the finished download is; it exists only after its size and checksum were verified. */
    public Path localPath(Path modelsDir) {
        return modelsDir.resolve(repository).resolve(file);
    }

    /** Where the download in progress is kept, so that a later run can resume it. */
    public Path partPath(Path modelsDir) {
        return modelsDir.resolve(repository).resolve(file + ".part");
    }

    /** {@code owner/name/file}, for messages. */
    public String displayName() {
        return repository + "/" + file;
    }
}
