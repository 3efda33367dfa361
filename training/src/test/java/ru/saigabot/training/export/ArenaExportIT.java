package ru.saigabot.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.training.testing.Seed;
import ru.saigabot.training.testing.TestDatabase;

/** Arena votes become DPO pairs: the preferred answer chosen, the other rejected; ties and "both bad" give none. */
@ExtendWith(TestDatabase.class)
class ArenaExportIT {

    @Test
    void theMajorityOfDecisiveVotesMakesAPair(DataSource db, @TempDir Path out) throws Exception {
        Seed seed = new Seed(db);
        for (long user = 1; user <= 3; user++) {
            seed.user(user, null, null);
        }
        try (Connection connection = db.getConnection()) {
            // b wins 2-1: chosen = answer b.
            long won = task(connection, "Как сварить гречку?", "SYS", "Залейте водой и забудьте про неё.",
                    "Промойте, залейте водой 1:2, варите 20 минут.</s>");
            votes(connection, won, "a", "b", "b");
            // One vote each for a, tie and both bad: no answer has more votes than the other verdicts, no pair.
            long split = task(connection, "Что почитать вечером?", null, "Детектив Агаты Кристи подойдёт.",
                    "Что-нибудь лёгкое, например рассказы Чехова.");
            votes(connection, split, "a", "tie", "both_bad");
            // Everyone says "both bad": no pair.
            long bad = task(connection, "Сколько ног у паука?", null, "Шесть ног у каждого паука.",
                    "Десять ног, как у краба.");
            votes(connection, bad, "both_bad", "both_bad", "a");
        }

        ExportStats stats = new TrainingExport(db).run(new ExportOptions(out, Optional.empty(), Optional.empty(),
                EnumSet.allOf(ExportFormat.class), 0, 0.6, 0, 2.08));

        List<JsonNode> dpo = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("dpo.train.jsonl"))) {
            dpo.add(json.readTree(line));
        }
        assertThat(dpo).hasSize(1);
        JsonNode pair = dpo.get(0);
        assertThat(pair.get("prompt").get(0).get("role").asText()).isEqualTo("system");
        assertThat(pair.get("prompt").get(1).get("content").asText()).isEqualTo("Как сварить гречку?");
        assertThat(pair.get("chosen").get(0).get("content").asText()).startsWith("Промойте");
        assertThat(pair.get("rejected").get(0).get("content").asText()).startsWith("Залейте");
        assertThat(pair.get("chosen").get(0).get("content").asText()).as("issue #16: kept as text")
                .endsWith("20 минут.<\u200B/s>");
        assertThat(stats.neutralised()).containsEntry("dpo", 1L);
        assertThat(stats.sources().get("dpo")).containsEntry("arena", 1L);
        assertThat(stats.records("sft.train.jsonl")).as("arena votes feed DPO only").isZero();
        assertThat(Files.readString(out.resolve("dataset.md"))).contains("| dpo | arena | 1 |");
    }

    private static long task(Connection connection, String prompt, String system, String a, String b)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "WITH va AS (INSERT INTO arena_variant (spec) VALUES ('x-' || ?) RETURNING id), "
                        + "vb AS (INSERT INTO arena_variant (spec) VALUES ('y-' || ?) RETURNING id) "
                        + "INSERT INTO arena_task (prompt, system_prompt, variant_a, answer_a, variant_b, answer_b) "
                        + "SELECT ?, ?, va.id, ?, vb.id, ? FROM va, vb RETURNING id")) {
            statement.setString(1, prompt);
            statement.setString(2, prompt);
            statement.setString(3, prompt);
            statement.setString(4, system);
            statement.setString(5, a);
            statement.setString(6, b);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void votes(Connection connection, long task, String... choices) throws SQLException {
        for (int i = 0; i < choices.length; i++) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO arena_vote (task_id, annotator_id, left_side, choice, voted_at) VALUES (?, ?, ?, ?, now())")) {
                statement.setLong(1, task);
                statement.setLong(2, i + 1);
                statement.setString(3, i % 2 == 0 ? "a" : "b");
                statement.setString(4, choices[i]);
                statement.executeUpdate();
            }
        }
    }
}
