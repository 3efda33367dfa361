package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.Sql;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * A whole arena round: the tiny model answers the prompts as two variants, three annotators vote through
 * /annotate in the emulator, and `arena report` writes figures that match the stored votes.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class ArenaRoundIT {

    /** What each simulated annotator presses, task after task. */
    private static final List<List<String>> SCRIPTS = List.of(
            List.of("A лучше", "A лучше", "B лучше", "A лучше"),
            List.of("A лучше", "Одинаково", "B лучше", "Оба плохие"),
            List.of("B лучше", "A лучше", "A лучше", "A лучше"));

    @Test
    void generatedTasksAnnotatedByThreePeopleGiveAConsistentReport(DatabaseUrl db, ModelPath model,
                                                                   @TempDir Path dir) throws Exception {
        Path prompts = dir.resolve("prompts.txt");
        Files.writeString(prompts, "Что такое радуга?\nНапиши стих про осень\nСколько будет 2+2?\n",
                StandardCharsets.UTF_8);
        String a = model.path() + "@temperature=0";
        String b = model.path() + "@temperature=1.2,seed=5";
        var generated = ArenaTasksIT.run("arena", "tasks", "generate", "--prompts", prompts.toString(), "--a", a,
                "--b", b, "--max-tokens", "8", "--threads", "2", "--ctx-size", "512", "--db-url", db.jdbcUrl());
        assertThat(generated.code()).as(generated.err()).isZero();
        Path control = dir.resolve("control.jsonl");
        Files.writeString(control, "{\"prompt\": \"Столица России?\", \"variant_a\": \"ref\", \"answer_a\": "
                + "\"Москва.\", \"variant_b\": \"bad\", \"answer_b\": \"Самара.\", \"control\": \"a\"}\n",
                StandardCharsets.UTF_8);
        assertThat(ArenaTasksIT.run("arena", "tasks", "load", control.toString(), "--db-url", db.jdbcUrl()).code())
                .isZero();

        try (RunningBot running = RunningBot.start(db, model, dir.resolve("data"), RunningBot.options(8), 2,
                new ArenaOptions(3))) {
            BotApiEmulator telegram = running.telegram;
            for (int person = 0; person < SCRIPTS.size(); person++) {
                TestUser annotator = telegram.user(7201 + person, "Разметчик", "ru");
                BotMessage task = AnnotateIT.annotate(telegram, annotator);
                for (String button : SCRIPTS.get(person)) {
                    assertThat(task.buttons()).as("a task for annotator %d", person + 1).isNotEmpty();
                    task = AnnotateIT.press(telegram, annotator, task, button, "Спасибо! Голос учтён.");
                }
                assertThat(task.text()).as("four tasks, each done once").startsWith("✅ Заданий пока нет");
            }
        }

        Sql sql = new Sql(db);
        assertThat(sql.number("SELECT count(*) FROM arena_vote WHERE choice IS NOT NULL")).isEqualTo(12);
        Path out = dir.resolve("report");
        var reported = ArenaTasksIT.run("arena", "report", "--out", out.toString(),
                "--bootstrap", "200", "--db-url", db.jdbcUrl());
        assertThat(reported.code()).as(reported.err()).isZero();
        assertThat(out.resolve("report.md")).isRegularFile();
        assertThat(ImageIO.read(out.resolve("winrates.png").toFile())).isNotNull();

        // The figures, recomputed from the stored votes (the control task left out).
        String votesOnGenerated = "FROM arena_vote v JOIN arena_task t ON t.id = v.task_id WHERE t.control IS NULL "
                + "AND v.choice IS NOT NULL";
        long wins = sql.number("SELECT count(*) " + votesOnGenerated + " AND v.choice = 'a'");
        long losses = sql.number("SELECT count(*) " + votesOnGenerated + " AND v.choice = 'b'");
        long ties = sql.number("SELECT count(*) " + votesOnGenerated + " AND v.choice IN ('tie', 'both_bad')");
        long shownAWon = sql.number("SELECT count(*) " + votesOnGenerated + " AND v.choice = v.left_side");
        assertThat(wins + losses + ties).isEqualTo(9);
        String line = a + " vs " + b + ": " + wins + "-" + ties + "-" + losses;
        assertThat(reported.out()).contains(line);

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode pair = report.get("pairs").get(0);
        assertThat(report.get("pairs")).hasSize(1);
        assertThat(pair.get("wins").asLong()).isEqualTo(wins);
        assertThat(pair.get("losses").asLong()).isEqualTo(losses);
        assertThat(pair.get("ties").asLong() + pair.get("bothBad").asLong()).isEqualTo(ties);
        assertThat(pair.get("winRate").asDouble()).isEqualTo((double) wins / (wins + losses));
        assertThat(pair.get("tasks").asInt()).isEqualTo(3);
        assertThat(pair.get("agreement").get("tasks").asInt()).isEqualTo(3);
        assertThat(pair.get("positionBias").get("shownAWins").asLong()).isEqualTo(shownAWon);
        assertThat(report.get("votes").asInt()).isEqualTo(9);
        assertThat(report.get("ratings")).hasSize(2);
        // The control task's right answer is "a" (Москва); who pressed it depends on the order each one was shown.
        List<String> controlRight = sql.strings("SELECT v.annotator_id || ':' || (v.choice = 'a') FROM arena_vote v "
                + "JOIN arena_task t ON t.id = v.task_id WHERE t.control IS NOT NULL ORDER BY v.annotator_id");
        assertThat(controlRight).hasSize(3);
        JsonNode annotators = report.get("annotatorResults");
        for (int i = 0; i < 3; i++) {
            assertThat(annotators.get(i).get("controlCorrect").asInt()).isEqualTo(controlRight.get(i).endsWith(":true")
                    ? 1 : 0);
            assertThat(annotators.get(i).get("excluded").asBoolean()).isFalse();
        }

        // With a minimum accuracy of 100%, whoever missed the control task is left out with all four votes.
        Path strict = dir.resolve("strict");
        assertThat(ArenaTasksIT.run("arena", "report", "--out", strict.toString(), "--min-accuracy", "1",
                "--bootstrap", "0", "--db-url", db.jdbcUrl()).code()).isZero();
        JsonNode strictReport = new ObjectMapper().readTree(strict.resolve("report.json").toFile());
        long missed = controlRight.stream().filter(r -> r.endsWith(":false")).count();
        assertThat(strictReport.get("excludedVotes").asLong()).isEqualTo(missed * 4);
        assertThat(strictReport.get("votes").asLong()).isEqualTo(9 - missed * 3);
    }
}
