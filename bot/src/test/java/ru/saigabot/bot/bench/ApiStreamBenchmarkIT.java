package ru.saigabot.bot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.inference.bench.BenchShapes;

/**
 * {@link ApiStreamBenchmark} once at a tiny size, so that it keeps working as the API changes: every figure is
 * measured and printed. Nothing here is timed; the figures come from the benchmark itself (bot/README.md).
 */
@ExtendWith(FreshDatabase.class)
class ApiStreamBenchmarkIT {

    @Test
    void measuresEveryFigureOnce(DatabaseUrl db, @TempDir Path dir) throws Exception {
        Path model = BenchShapes.write("tiny", dir, progress -> {});
        ApiStreamBenchmark.Settings settings = new ApiStreamBenchmark.Settings("tiny", 2, 1, 1024, 8, 1, 0, 3, 1);

        ApiStreamReport report = ApiStreamBenchmark.run(settings, model, db.jdbcUrl(), dir);

        assertThat(report.singleRatio()).isPositive();
        assertThat(report.jsonSpeed()).isPositive();
        assertThat(report.apiRounds()).hasSize(1);
        // The tiny bench shape never ends an answer early: every stream is read to its max_tokens. (The engine counts
        // 9 for 8: java-llama.cpp's last output, which ends the stream, is counted as a token too.)
        assertThat(report.apiRounds().get(0)).extracting(StreamFigure::tokens)
                .allSatisfy(tokens -> assertThat(tokens).isBetween(8, 9)).hasSize(3);
        assertThat(ApiStreamReport.fairness(report.apiRounds())).allSatisfy(ratio -> assertThat(ratio)
                .isPositive().isLessThanOrEqualTo(1.0));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        JsonNode line = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(line.path("single").path("api_over_engine").asDouble()).isPositive();
        assertThat(line.path("concurrent").path("api_slowest_over_fastest")).hasSize(1);
        assertThat(line.path("json_schema").path("api_json_tps").asDouble()).isPositive();
    }
}
