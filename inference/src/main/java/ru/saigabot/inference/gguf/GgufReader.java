package ru.saigabot.inference.gguf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a GGUF file's header (metadata and tensor infos) without touching the tensor data, checking it as strictly
 * as llama.cpp's loader does, so a file this accepts is one llama.cpp can at least open. Layout (all little-endian):
 * <pre>
 *   "GGUF"  uint32 version  uint64 tensor_count  uint64 kv_count
 *   kv_count x  { string key, uint32 value_type, value }
 *   tensor_count x { string name, uint32 n_dims, uint64 ne[n_dims], uint32 ggml_type, uint64 offset }
 *   zero padding to general.alignment, then the data section: each tensor at its offset, padded to the alignment
 * </pre>
 * where a string is a uint64 byte length and UTF-8 bytes, and an array value is uint32 element_type, uint64 count
 * and the elements.
 */
public final class GgufReader {

    /** The magic "GGUF" as the bytes 47 47 55 46. */
    static final byte[] MAGIC = {'G', 'G', 'U', 'F'};
    static final int DEFAULT_ALIGNMENT = 32;
    private static final int OLDEST_VERSION = 2; // llama.cpp dropped v1 (32-bit counts) in 2023
    private static final int NEWEST_VERSION = 3;
    /** Fewest bytes a tensor info can take: name length, n_dims, one ne, type, offset. */
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 8 + 4 + 8;
    /** Fewest bytes a metadata entry can take: key length, value type, a one-byte value. */
    private static final int MIN_KV_BYTES = 8 + 4 + 1;
    private static final int MAX_ARRAY_NESTING = 8;

    private final Path path;
    private final ByteReader in;

    private GgufReader(Path path, ByteReader in) {
        this.path = path;
        this.in = in;
    }

    /**
     * Reads and checks the header of a GGUF file.
     *
     * @throws GgufFormatException if the file is not a well-formed GGUF v2/v3 file, including when tensor data
     *                             would lie past its end (a truncated download)
     * @throws IOException         if it cannot be read at all
     */
    public static GgufFile read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new GgufFormatException(path, "is a directory, not a GGUF file");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            GgufReader reader = new GgufReader(path, new ByteReader(path, channel, size, 64 * 1024));
            return reader.readFile();
        }
    }

    /**
     * Checks that {@code path} is a readable GGUF file, turning every failure (missing file, no permission, bad
     * format) into a {@link GgufFormatException} whose one-line message can be shown as is, e.g. for a bad
     * {@code --model} at start-up.
     *
     * @return the file's header, so that a caller can go on to check e.g. {@link GgufFile#architecture()}
     */
    public static GgufFile validate(Path path) throws GgufFormatException {
        try {
            return read(path);
        } catch (GgufFormatException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new GgufFormatException(path, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new GgufFormatException(path, "permission denied", e);
        } catch (IOException e) {
            throw new GgufFormatException(path, "cannot be read: " + e, e);
        }
    }

    /** Whether {@code path} is a readable, well-formed GGUF file. */
    public static boolean isGguf(Path path) {
        try {
            validate(path);
            return true;
        } catch (GgufFormatException e) {
            return false;
        }
    }

    private GgufFile readFile() throws IOException {
        checkMagic();
        int version = readVersion();
        long tensorCount = count(in.i64("tensor count"), MIN_TENSOR_INFO_BYTES, "tensors");
        long kvCount = count(in.i64("metadata entry count"), MIN_KV_BYTES, "metadata entries");

        GgufMetadata metadata = readMetadata(kvCount);
        int alignment = alignment(metadata);
        List<GgufTensorInfo> tensors = readTensorInfos(tensorCount, alignment);

        long dataOffset = align(in.position(), alignment);
        for (GgufTensorInfo tensor : tensors) {
            long room = in.fileSize() - dataOffset - tensor.offset(); // negative if it starts past the end
            if (tensor.offset() > in.fileSize() || tensor.byteSize() > room) {
                // llama.cpp checks this too, but only when it loads the tensors, long after start-up
                throw new GgufFormatException(path, "truncated file: tensor '" + tensor.name() + "' needs "
                        + tensor.byteSize() + " bytes at offset " + Long.toUnsignedString(dataOffset + tensor.offset())
                        + ", but the file ends at " + in.fileSize() + " (an incomplete download or copy?)");
            }
        }
        return new GgufFile(path, version, metadata, tensors, alignment, dataOffset, in.fileSize());
    }

    private void checkMagic() throws IOException {
        if (in.fileSize() < MAGIC.length) {
            throw new GgufFormatException(path, "not a GGUF file: it is only " + in.fileSize() + " bytes long");
        }
        byte[] magic = in.bytes(MAGIC.length, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new GgufFormatException(path, "not a GGUF file: the magic bytes are " + FormatHints.describe(magic)
                    + ", expected 47 47 55 46 (\"GGUF\")" + FormatHints.guess(magic, path));
        }
    }

    private int readVersion() throws IOException {
        long version = in.u32("version");
        if (version >= OLDEST_VERSION && version <= NEWEST_VERSION) {
            return (int) version;
        }
        int swapped = Integer.reverseBytes((int) version);
        if (swapped >= OLDEST_VERSION && swapped <= NEWEST_VERSION) {
            throw new GgufFormatException(path, "big-endian GGUF file (version " + swapped
                    + " byte-swapped); llama.cpp on this machine loads only little-endian files");
        }
        if (version == 1) {
            throw new GgufFormatException(path, "unsupported GGUF version 1 (an early 2023 format llama.cpp no "
                    + "longer loads; re-convert or re-download the model)");
        }
        throw new GgufFormatException(path, "unsupported GGUF version " + version + " (known: "
                + OLDEST_VERSION + " to " + NEWEST_VERSION + ")");
    }

    /** Rejects counts that cannot be true for a file of this size, before anything is allocated for them. */
    private long count(long count, int minBytesEach, String what) throws GgufFormatException {
        if (count < 0 || count > in.remaining() / minBytesEach) {
            throw new GgufFormatException(path, "the header claims " + Long.toUnsignedString(count) + " " + what
                    + ", more than the " + in.fileSize() + "-byte file can hold (truncated or corrupt)");
        }
        return count;
    }

    private GgufMetadata readMetadata(long kvCount) throws IOException {
        Map<String, GgufValue> values = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            long at = in.position();
            String key = in.string("key of metadata entry #" + i);
            long typeId = in.u32("value type of metadata key '" + key + "'");
            GgufValueType type = GgufValueType.byId(typeId);
            if (type == null) {
                throw new GgufFormatException(path, "metadata key '" + key + "' at offset " + at
                        + " has unknown value type " + typeId);
            }
            if (values.containsKey(key)) {
                throw new GgufFormatException(path, "duplicate metadata key '" + key + "' at offset " + at);
            }
            values.put(key, readValue(type, "metadata key '" + key + "'", 0));
        }
        GgufMetadata.Builder builder = GgufMetadata.builder();
        values.forEach(builder::put);
        return builder.build();
    }

    private GgufValue readValue(GgufValueType type, String what, int nesting) throws IOException {
        switch (type) {
            case UINT8: return GgufValue.uint8(in.u8(what));
            case INT8: return GgufValue.int8((byte) in.u8(what));
            case UINT16: return GgufValue.uint16(in.u16(what));
            case INT16: return GgufValue.int16(in.i16(what));
            case UINT32: return GgufValue.uint32(in.u32(what));
            case INT32: return GgufValue.int32(in.i32(what));
            case UINT64: return GgufValue.uint64(in.i64(what));
            case INT64: return GgufValue.int64(in.i64(what));
            case FLOAT32: return GgufValue.float32(in.f32(what));
            case FLOAT64: return GgufValue.float64(in.f64(what));
            case BOOL: return GgufValue.bool(in.u8(what) != 0); // llama.cpp reads any non-zero byte as true
            case STRING: return GgufValue.string(in.string(what));
            case ARRAY: return readArray(what, nesting);
            default: throw new AssertionError(type);
        }
    }

    private GgufValue readArray(String what, int nesting) throws IOException {
        if (nesting >= MAX_ARRAY_NESTING) {
            throw new GgufFormatException(path, what + " nests arrays more than " + MAX_ARRAY_NESTING + " deep");
        }
        long at = in.position();
        long typeId = in.u32("element type of " + what);
        GgufValueType elementType = GgufValueType.byId(typeId);
        if (elementType == null) {
            throw new GgufFormatException(path, what + " at offset " + at + " is an array of unknown type "
                    + typeId);
        }
        long length = in.i64("length of " + what);
        if (length < 0 || length > in.remaining() / elementType.minSize()) {
            throw new GgufFormatException(path, what + " at offset " + at + " claims "
                    + Long.toUnsignedString(length) + " elements of " + elementType
                    + ", more than the rest of the file can hold (truncated or corrupt)");
        }
        List<GgufValue> elements = new ArrayList<>((int) length);
        for (long i = 0; i < length; i++) {
            elements.add(readValue(elementType, what + "[" + i + "]", nesting + 1));
        }
        return new GgufValue.ArrayValue(elementType, elements);
    }

    private int alignment(GgufMetadata metadata) throws GgufFormatException {
        GgufValue value = metadata.get(GgufMetadata.ALIGNMENT_KEY).orElse(null);
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (value.type() != GgufValueType.UINT32) {
            throw new GgufFormatException(path, GgufMetadata.ALIGNMENT_KEY + " is a " + value.type()
                    + "; llama.cpp needs a uint32");
        }
        long alignment = ((GgufValue.IntValue) value).value();
        if (alignment == 0 || Long.bitCount(alignment) != 1 || alignment > (1 << 30)) {
            throw new GgufFormatException(path, GgufMetadata.ALIGNMENT_KEY + " is " + alignment
                    + "; it must be a power of two");
        }
        return (int) alignment;
    }

    private List<GgufTensorInfo> readTensorInfos(long tensorCount, int alignment) throws IOException {
        List<GgufTensorInfo> tensors = new ArrayList<>((int) tensorCount);
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            long at = in.position();
            String name = in.string("name of tensor #" + i);
            if (name.getBytes(StandardCharsets.UTF_8).length > GgufTensor.MAX_NAME_BYTES) {
                throw new GgufFormatException(path, "tensor #" + i + " at offset " + at + " has a name longer than "
                        + GgufTensor.MAX_NAME_BYTES + " bytes: '" + name + "'");
            }
            if (!names.add(name)) {
                throw new GgufFormatException(path, "duplicate tensor '" + name + "' at offset " + at);
            }
            long dims = in.u32("dimension count of tensor '" + name + "'");
            if (dims > GgufTensor.MAX_DIMS) {
                throw new GgufFormatException(path, "tensor '" + name + "' has " + dims + " dimensions; ggml allows "
                        + "at most " + GgufTensor.MAX_DIMS);
            }
            List<Long> shape = new ArrayList<>((int) dims);
            for (int d = 0; d < dims; d++) {
                long ne = in.i64("ne[" + d + "] of tensor '" + name + "'");
                if (ne < 0) {
                    throw new GgufFormatException(path, "tensor '" + name + "' has a negative dimension ne[" + d
                            + "] = " + ne);
                }
                shape.add(ne);
            }
            long typeId = in.u32("type of tensor '" + name + "'");
            GgufTensorType type = GgufTensorType.byId(typeId);
            if (type == null) {
                throw new GgufFormatException(path, "tensor '" + name + "' has unknown ggml type " + typeId
                        + " (a type newer than llama.cpp b4916, or a corrupt file)");
            }
            long offset = in.i64("data offset of tensor '" + name + "'");
            tensors.add(checkedTensor(name, shape, type, offset, alignment));
        }
        return tensors;
    }

    private GgufTensorInfo checkedTensor(String name, List<Long> shape, GgufTensorType type, long offset,
                                         int alignment) throws GgufFormatException {
        GgufTensorInfo tensor = new GgufTensorInfo(name, shape, type, offset);
        if (tensor.ne(0) % type.blockSize() != 0) {
            throw new GgufFormatException(path, "tensor '" + name + "' is " + type + ", stored in blocks of "
                    + type.blockSize() + ", but its rows have " + tensor.ne(0) + " elements");
        }
        try {
            tensor.byteSize();
        } catch (ArithmeticException e) {
            throw new GgufFormatException(path, "tensor '" + name + "' has an impossibly large shape " + shape);
        }
        if (offset < 0 || offset % alignment != 0) {
            throw new GgufFormatException(path, "tensor '" + name + "' has data offset "
                    + Long.toUnsignedString(offset) + ", which is not a multiple of the alignment " + alignment);
        }
        return tensor;
    }

    static long align(long position, int alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }
}
