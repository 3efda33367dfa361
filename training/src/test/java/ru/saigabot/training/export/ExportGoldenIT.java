package ru.saigabot.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.training.testing.Fixture;
import ru.saigabot.training.testing.TestDatabase;

/**
 * The export of {@link Fixture} with the default options, compared byte for byte with the files in
 * {@code src/test/resources/golden}. After an intended change, regenerate them with
 * {@code -Dgolden.update=true} and review the diff.
 */
@ExtendWith(TestDatabase.class)
class ExportGoldenIT {
    static final List<String> FILES = List.of("sft.train.jsonl", "sft.val.jsonl", "kto.train.jsonl", "kto.val.jsonl",
            "dpo.train.jsonl", "dpo.val.jsonl", "dataset.md", "stats.json");

    @Test
    void everyFileMatchesItsGoldenCopy(DataSource dataSource, @TempDir Path out) throws IOException {
        Fixture.seed(dataSource);
        // 50% validation, so both sides of every format are exercised by the small fixture.
        ExportOptions defaults = ExportOptions.defaults(out);
        ExportOptions options = new ExportOptions(out, defaults.since(), defaults.until(), defaults.formats(), 50,
                defaults.minAgreement(), 0, defaults.maxLengthRatio());

        new TrainingExport(dataSource).run(options);

        assertThat(Files.list(out).map(p -> p.getFileName().toString()).sorted().toList())
                .as("no spool file left behind").containsExactlyInAnyOrderElementsOf(FILES);
        Path golden = Paths.get("src/test/resources/golden");
        for (String file : FILES) {
            String actual = Files.readString(out.resolve(file), StandardCharsets.UTF_8);
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(golden);
                Files.writeString(golden.resolve(file), actual, StandardCharsets.UTF_8);
            }
            assertThat(actual).as(file).isEqualTo(Files.readString(golden.resolve(file), StandardCharsets.UTF_8));
        }
    }
}
