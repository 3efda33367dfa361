package ru.saigabot.training.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** The train and validation JSONL files of each selected format, written line by line. */
final class DatasetFiles implements AutoCloseable {
    private final Map<ExportFormat, BufferedWriter[]> writers = new EnumMap<>(ExportFormat.class);

    DatasetFiles(Path out, Set<ExportFormat> formats) throws IOException {
        try {
            for (ExportFormat format : ExportFormat.values()) {
                if (formats.contains(format)) {
                    BufferedWriter[] pair = new BufferedWriter[2];
                    writers.put(format, pair);
                    pair[0] = Files.newBufferedWriter(out.resolve(format.fileName(true)), StandardCharsets.UTF_8);
                    pair[1] = Files.newBufferedWriter(out.resolve(format.fileName(false)), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    void write(ExportFormat format, boolean train, String json) throws IOException {
        BufferedWriter writer = writers.get(format)[train ? 0 : 1];
        writer.write(json);
        writer.write('\n');
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (BufferedWriter[] pair : writers.values()) {
            for (BufferedWriter writer : pair) {
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
