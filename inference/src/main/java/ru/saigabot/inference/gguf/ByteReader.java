package ru.saigabot.inference.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Buffered little-endian reads from a file channel, tracking the file position so that errors can say where the
 * file went wrong. Every read says what it is reading, for the message if the file ends too soon.
 */
final class ByteReader {

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final ByteBuffer buffer;
    /** File position of {@code buffer}'s byte 0. */
    private long bufferStart;

    ByteReader(Path path, FileChannel channel, long fileSize, int bufferSize) {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        this.buffer = ByteBuffer.allocate(bufferSize).order(ByteOrder.LITTLE_ENDIAN);
        this.buffer.limit(0);
    }

    long position() {
        return bufferStart + buffer.position();
    }

    long fileSize() {
        return fileSize;
    }

    long remaining() {
        return fileSize - position();
    }

    int u8(String what) throws IOException {
        ensure(1, what);
        return buffer.get() & 0xFF;
    }

    int u16(String what) throws IOException {
        ensure(2, what);
        return buffer.getShort() & 0xFFFF;
    }

    short i16(String what) throws IOException {
        ensure(2, what);
        return buffer.getShort();
    }

    int i32(String what) throws IOException {
        ensure(4, what);
        return buffer.getInt();
    }

    long u32(String what) throws IOException {
        return Integer.toUnsignedLong(i32(what));
    }

    long i64(String what) throws IOException {
        ensure(8, what);
        return buffer.getLong();
    }

    float f32(String what) throws IOException {
        ensure(4, what);
        return buffer.getFloat();
    }

    double f64(String what) throws IOException {
        ensure(8, what);
        return buffer.getDouble();
    }

    byte[] bytes(int length, String what) throws IOException {
        if (length > remaining()) {
            throw truncated(length, what);
        }
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < length) {
            if (!buffer.hasRemaining()) {
                ensure(1, what);
            }
            int n = Math.min(buffer.remaining(), length - done);
            buffer.get(bytes, done, n);
            done += n;
        }
        return bytes;
    }

    /** A GGUF string: a uint64 byte length, then that many bytes of UTF-8 (malformed bytes become U+FFFD). */
    String string(String what) throws IOException {
        long start = position();
        long length = i64(what + " length");
        if (length < 0 || length > remaining()) {
            throw new GgufFormatException(path, what + " at offset " + start + " claims a length of "
                    + Long.toUnsignedString(length) + " bytes, but only " + remaining()
                    + " bytes are left in the file (truncated or corrupt)");
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new GgufFormatException(path, what + " at offset " + start + " is " + length
                    + " bytes long, more than a Java string can hold (corrupt file?)");
        }
        return new String(bytes((int) length, what), StandardCharsets.UTF_8);
    }

    GgufFormatException truncated(long needed, String what) {
        return new GgufFormatException(path, "truncated file: reading " + what + " at offset " + position()
                + " needs " + needed + " bytes, but the file ends at " + fileSize);
    }

    private void ensure(int needed, String what) throws IOException {
        if (buffer.remaining() >= needed) {
            return;
        }
        if (remaining() < needed) {
            throw truncated(needed, what);
        }
        bufferStart += buffer.position();
        buffer.compact();
        while (buffer.position() < needed) {
            int n = channel.read(buffer, bufferStart + buffer.position());
            if (n < 0) { // the file shrank under us
                buffer.flip();
                throw truncated(needed, what);
            }
        }
        buffer.flip();
    }
}
