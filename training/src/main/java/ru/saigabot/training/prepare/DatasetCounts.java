package ru.saigabot.training.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import ru.saigabot.training.export.ExportFormat;

/**
 * What the exported files of one method hold, read line by line (constant memory) and checked: each line must
 * be a record of that method's format, so that a wrong {@code --data} folder fails here and not on a GPU
 * machine an hour later.
 *
 * @param liked KTO records labelled true (0 for other methods)
 * @param disliked KTO records labelled false (0 for other methods)
 */
public record DatasetCounts(long trainRecords, long valRecords, long liked, long disliked) {

    public static DatasetCounts read(Path dataDir, ExportFormat method, ObjectMapper json) {
        long[] train = scan(dataDir.resolve(method.fileName(true)), method, json, true);
        long[] val = scan(dataDir.resolve(method.fileName(false)), method, json, false);
        if (train[0] == 0) {
            throw new PrepareException(dataDir.resolve(method.fileName(true)) + " has no records: there is nothing to "
                    + "train on yet. Collect more votes, or export with a wider --since/--until");
        }
        return new DatasetCounts(train[0], val[0], train[1], train[2]);
    }

    /** {records, labelled true, labelled false}. */
    private static long[] scan(Path file, ExportFormat method, ObjectMapper json, boolean required) {
        long[] counts = new long[3];
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = parse(json, line, file, number);
                check(record, method, file, number);
                counts[0]++;
                if (method == ExportFormat.KTO) {
                    counts[record.get("label").asBoolean() ? 1 : 2]++;
                }
            }
        } catch (NoSuchFileException e) {
            if (required) {
                throw new PrepareException(file + " is missing: --data must be a folder written by 'saiga-bot train "
                        + "export' with the " + method.id() + " format", e);
            }
        } catch (IOException e) {
            throw new PrepareException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return counts;
    }

    private static JsonNode parse(ObjectMapper json, String line, Path file, long number) {
        try {
            return json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new PrepareException(file + " line " + number + " is not JSON (" + e.getOriginalMessage()
                    + "); export the data again with 'saiga-bot train export'", e);
        }
    }

    private static void check(JsonNode record, ExportFormat method, Path file, long number) {
        List<String> fields = switch (method) {
            case SFT -> List.of("messages");
            case KTO -> List.of("prompt", "completion", "label");
            case DPO -> List.of("prompt", "chosen", "rejected");
        };
        for (String field : fields) {
            if (!record.has(field)) {
                throw new PrepareException(file + " line " + number + " is not a " + method.id() + " record (no \""
                        + field + "\" field)");
            }
        }
        if (method == ExportFormat.KTO && !record.get("label").isBoolean()) {
            throw new PrepareException(file + " line " + number + ": \"label\" must be true or false");
        }
    }
}
