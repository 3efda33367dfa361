package ru.saigabot.inference.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Buffered little-endian writes to a file channel, counting the bytes written. */
final class ByteWriter {

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private long flushed;

    ByteWriter(FileChannel channel, int bufferSize) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(bufferSize).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Bytes written so far, including those still buffered. */
    long position() {
        return flushed + buffer.position();
    }

    void u8(int value) throws IOException {
        room(1).put((byte) value);
    }

    void i16(short value) throws IOException {
        room(2).putShort(value);
    }

    void i32(int value) throws IOException {
        room(4).putInt(value);
    }

    void i64(long value) throws IOException {
        room(8).putLong(value);
    }

    void f32(float value) throws IOException {
        room(4).putFloat(value);
    }

    void f64(double value) throws IOException {
        room(8).putDouble(value);
    }

    void bytes(byte[] bytes) throws IOException {
        int done = 0;
        while (done < bytes.length) {
            int n = Math.min(bytes.length - done, room(1).remaining());
            buffer.put(bytes, done, n);
            done += n;
        }
    }

    /** A GGUF string: uint64 byte length, then UTF-8 without a terminating NUL. */
    void string(String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        i64(utf8.length);
        bytes(utf8);
    }

    void zeros(long count) throws IOException {
        for (long i = 0; i < count; i++) {
            u8(0);
        }
    }

    int capacity() {
        return buffer.capacity();
    }

    void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            flushed += channel.write(buffer);
        }
        buffer.clear();
    }

    /**
     * The buffer, with room for at least {@code bytes} (at most {@link #capacity()}) more, for encoders to put
     * runs of values without a check per value.
     */
    ByteBuffer room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
        return buffer;
    }
}
