package ru.saigabot.inference.gguf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes GGUF v3 files (the layout is described at {@link GgufReader}). Tensor data is streamed: each tensor's
 * {@link TensorData} is asked for its elements only when its turn comes and they are encoded straight into a
 * buffered file channel, so the size of a model is bounded by the disk, not the heap.
 *
 * <p>The file is written as {@code <name>.partial} beside the target and renamed at the end, so a crash or a
 * failing tensor source never leaves a half-written file under the model's name.
 */
public final class GgufWriter {

    public static final int VERSION = 3;
    private static final int BUFFER_BYTES = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(GgufWriter.class);

    private GgufWriter() {
    }

    /**
     * Writes a GGUF file, replacing any file at {@code path}.
     *
     * @param metadata the key-value metadata, written in its order; a {@code general.alignment} entry (uint32, a
     *                 power of two) sets the data alignment, which otherwise is llama.cpp's default of 32 and not
     *                 written
     * @param tensors  the tensors, written in this order; each type must be {@link GgufTensorType#isWritable()}
     * @return the header of the written file, as {@link GgufReader#read} would return it
     */
    public static GgufFile write(Path path, GgufMetadata metadata, List<GgufTensor> tensors) throws IOException {
        long started = System.nanoTime();
        int alignment = alignment(metadata);
        List<GgufTensorInfo> infos = layout(tensors, alignment);

        Path target = path.toAbsolutePath();
        // Not Files.createTempFile: that makes the file private to its owner (0600), and a model should not be.
        Path temp = target.resolveSibling(target.getFileName() + ".partial");
        long dataOffset;
        long size;
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteWriter out = new ByteWriter(channel, BUFFER_BYTES);
            writeHeader(out, metadata, infos);
            dataOffset = GgufReader.align(out.position(), alignment);
            out.zeros(dataOffset - out.position());
            for (GgufTensor tensor : tensors) {
                TensorEncoder encoder = TensorEncoder.create(tensor, out);
                tensor.data().writeTo(encoder);
                encoder.finish();
                // ggml pads every tensor, the last one too, so the data section is a multiple of the alignment.
                out.zeros(GgufReader.align(out.position(), alignment) - out.position());
            }
            out.flush();
            size = out.position();
        } catch (Throwable e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        moveIntoPlace(temp, target);
        log.debug("wrote {}: {} tensors, {} bytes in {} ms", target, tensors.size(), size,
                (System.nanoTime() - started) / 1_000_000);
        return new GgufFile(path, VERSION, metadata, infos, alignment, dataOffset, size);
    }

    private static int alignment(GgufMetadata metadata) {
        GgufValue value = metadata.get(GgufMetadata.ALIGNMENT_KEY).orElse(null);
        if (value == null) {
            return GgufReader.DEFAULT_ALIGNMENT;
        }
        long alignment = value instanceof GgufValue.IntValue ? ((GgufValue.IntValue) value).value() : 0;
        if (value.type() != GgufValueType.UINT32 || Long.bitCount(alignment) != 1 || alignment > (1 << 30)) {
            throw new IllegalArgumentException(GgufMetadata.ALIGNMENT_KEY + " must be a uint32 power of two, not "
                    + value.type() + " " + value);
        }
        return (int) alignment;
    }

    /** Checks the tensors and gives each its offset: one after the other, each starting on the alignment. */
    private static List<GgufTensorInfo> layout(List<GgufTensor> tensors, int alignment) {
        List<GgufTensorInfo> infos = new ArrayList<>(tensors.size());
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (GgufTensor tensor : tensors) {
            if (!names.add(tensor.name())) {
                throw new IllegalArgumentException("two tensors are named " + tensor.name());
            }
            if (!tensor.type().isWritable()) {
                throw TensorEncoder.unsupported(tensor);
            }
            infos.add(new GgufTensorInfo(tensor.name(), tensor.shape(), tensor.type(), offset));
            offset = GgufReader.align(offset + tensor.byteSize(), alignment);
        }
        return infos;
    }

    private static void writeHeader(ByteWriter out, GgufMetadata metadata, List<GgufTensorInfo> infos)
            throws IOException {
        out.bytes(GgufReader.MAGIC);
        out.i32(VERSION);
        out.i64(infos.size());
        out.i64(metadata.size());
        for (var entry : metadata.asMap().entrySet()) {
            out.string(entry.getKey());
            out.i32(entry.getValue().type().id());
            writeValue(out, entry.getValue());
        }
        for (GgufTensorInfo info : infos) {
            out.string(info.name());
            out.i32(info.shape().size());
            for (long ne : info.shape()) {
                out.i64(ne);
            }
            out.i32(info.type().id());
            out.i64(info.offset());
        }
    }

    private static void writeValue(ByteWriter out, GgufValue value) throws IOException {
        if (value instanceof GgufValue.IntValue) {
            long v = ((GgufValue.IntValue) value).value();
            switch (value.type()) {
                case UINT8: case INT8: out.u8((int) v); break;
                case UINT16: case INT16: out.i16((short) v); break;
                case UINT32: case INT32: out.i32((int) v); break;
                default: out.i64(v); break;
            }
        } else if (value instanceof GgufValue.FloatValue) {
            double v = ((GgufValue.FloatValue) value).value();
            if (value.type() == GgufValueType.FLOAT32) {
                out.f32((float) v);
            } else {
                out.f64(v);
            }
        } else if (value instanceof GgufValue.BoolValue) {
            out.u8(((GgufValue.BoolValue) value).value() ? 1 : 0);
        } else if (value instanceof GgufValue.StringValue) {
            out.string(((GgufValue.StringValue) value).value());
        } else {
            GgufValue.ArrayValue array = (GgufValue.ArrayValue) value;
            out.i32(array.elementType().id());
            out.i64(array.size());
            for (GgufValue element : array.elements()) {
                writeValue(out, element);
            }
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
