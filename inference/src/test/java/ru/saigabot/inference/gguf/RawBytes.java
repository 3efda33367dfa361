package ru.saigabot.inference.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made little-endian bytes, for files the writer would refuse to produce. */
final class RawBytes {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    static RawBytes ggufHeader(int version, long tensors, long kvs) {
        return new RawBytes().ascii("GGUF").u32(version).u64(tensors).u64(kvs);
    }

    RawBytes ascii(String text) {
        bytes.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    RawBytes u32(long value) {
        bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
        return this;
    }

    RawBytes u64(long value) {
        bytes.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        return this;
    }

    RawBytes string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        u64(utf8.length);
        bytes.writeBytes(utf8);
        return this;
    }

    /** A tensor info. */
    RawBytes tensor(String name, int type, long offset, long... shape) {
        string(name).u32(shape.length);
        for (long ne : shape) {
            u64(ne);
        }
        return u32(type).u64(offset);
    }

    RawBytes zeros(int count) {
        bytes.writeBytes(new byte[count]);
        return this;
    }

    Path writeTo(Path path) throws IOException {
        return Files.write(path, bytes.toByteArray());
    }
}
