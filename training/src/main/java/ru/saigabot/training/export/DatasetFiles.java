package ru.saigabot.training.export;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** The train and validation JSONL files of each selected format, written line by line. */
final class DatasetFiles implements AutoCloseable {
    private final Map<ExportFormat, OutputStream[]> writers = new EnumMap<>(ExportFormat.class);

    DatasetFiles(Path out, Set<ExportFormat> formats) throws IOException {
        try {
            for (ExportFormat format : ExportFormat.values()) {
                if (formats.contains(format)) {
                    OutputStream[] pair = new OutputStream[2];
                    writers.put(format, pair);
                    pair[0] = new BufferedOutputStream(Files.newOutputStream(out.resolve(format.fileName(true))), 1 << 16);
                    pair[1] = new BufferedOutputStream(Files.newOutputStream(out.resolve(format.fileName(false))), 1 << 16);
                }
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Writes {@code length} bytes of {@code line} (UTF-8 JSON) and a newline. */
    void write(ExportFormat format, boolean train, byte[] line, int offset, int length) throws IOException {
        OutputStream writer = writers.get(format)[train ? 0 : 1];
        writer.write(line, offset, length);
        writer.write('\n');
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (OutputStream[] pair : writers.values()) {
            for (OutputStream writer : pair) {
                if (writer == null) {
                    continue;
                }
                try {
                    writer.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
