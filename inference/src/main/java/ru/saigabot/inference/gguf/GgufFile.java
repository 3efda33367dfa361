package ru.saigabot.inference.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a GGUF file's header says: its metadata and tensor infos, and where the tensor data lies. Holds no tensor
 * data, so it is cheap even for a model of many gigabytes.
 *
 * @param path       the file
 * @param version    the GGUF version (2 or 3; they differ only in that v3 may be big-endian, which llama.cpp
 *                   does not load)
 * @param metadata   the key-value metadata, in file order
 * @param tensors    the tensor infos, in file order
 * @param alignment  the data alignment in bytes ({@code general.alignment}, default 32)
 * @param dataOffset where the data section starts in the file; a tensor's data is at
 *                   {@code dataOffset + tensor.offset()}
 * @param fileSize   the file's size in bytes
 */
public record GgufFile(Path path, int version, GgufMetadata metadata, List<GgufTensorInfo> tensors, int alignment,
                       long dataOffset, long fileSize) {

    public GgufFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(metadata, "metadata");
        tensors = List.copyOf(tensors);
    }

    /** Reads the header of a GGUF file; see {@link GgufReader#read(Path)}. */
    public static GgufFile read(Path path) throws IOException {
        return GgufReader.read(path);
    }

    public Optional<GgufTensorInfo> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Where the tensor's data starts in the file. */
    public long absoluteOffset(GgufTensorInfo tensor) {
        return dataOffset + tensor.offset();
    }

    /** {@code general.architecture}, e.g. "llama", if the file says. */
    public Optional<String> architecture() {
        return metadata.findString("general.architecture");
    }

    /** Total elements of all tensors (a model's parameter count). */
    public long parameterCount() {
        return tensors.stream().mapToLong(GgufTensorInfo::elementCount).sum();
    }
}
