package ru.saigabot.inference.catalog;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Saiga model the bot knows how to fetch: one GGUF file of a Hugging Face repository.
 *
 * @param name short name used on the command line, e.g. {@code saiga_llama3_8b}
 * @param repository Hugging Face repository, {@code owner/name}
 * @param file GGUF file within the repository
 * @param listedBytes size as the repository's file list shows it (e.g. "4.92 GB"), for tables and the free
 *     space check; the download is verified against {@code exactBytes}, or else against what the hub reports
 * @param exactBytes exact size in bytes, when a source gave it
 * @param sha256 SHA-256 of the file (its Git LFS object id), when a source gave it
 * @param template chat template name, one of {@link #TEMPLATES}
 * @param description one line: base model, quantisation, RAM needed
 * @param trainingRepository the Hugging Face repository with the model's own (transformers) weights, which LoRA
 *     adapters for it are trained on; empty when no such repository is known
 */
public record CatalogModel(String name, String repository, String file, long listedBytes, OptionalLong exactBytes,
        Optional<String> sha256, String template, String description, Optional<String> trainingRepository) {

    /** The chat formats the bot can write prompts in. */
    public static final Set<String> TEMPLATES = Set.of("saiga_v2", "llama3", "chatml", "mistral");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]*");

    public CatalogModel(String name, String repository, String file, long listedBytes, OptionalLong exactBytes,
                        Optional<String> sha256, String template, String description) {
        this(name, repository, file, listedBytes, exactBytes, sha256, template, description, Optional.empty());
    }

    public CatalogModel {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name must be lower-case letters, digits and _, got '" + name + "'");
        }
        if (listedBytes <= 0) {
            throw new IllegalArgumentException(name + ": listed size must be positive");
        }
        if (!TEMPLATES.contains(template)) {
            throw new IllegalArgumentException(name + ": unknown chat template '" + template + "', expected one of "
                    + TEMPLATES);
        }
        if (description.isBlank() || description.contains("\n")) {
            throw new IllegalArgumentException(name + ": the description must be one non-empty line");
        }
        // validates repository, file, exact size and checksum
        new RemoteFile(repository, file, exactBytes, sha256);
        trainingRepository.ifPresent(repo -> RemoteFile.unverified(repo, "config.json"));
        sha256 = sha256.map(hex -> hex.toLowerCase(Locale.ROOT));
    }

    /** What to download and how to check it. */
    public RemoteFile remoteFile() {
        return new RemoteFile(repository, file, exactBytes, sha256);
    }

    /** The exact size when known, else the listed one: for display and disk space estimates. */
    public long approximateBytes() {
        return exactBytes.orElse(listedBytes);
    }
}
