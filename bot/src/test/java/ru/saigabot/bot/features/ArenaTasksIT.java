package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.cli.Main;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.Sql;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.inference.gguf.TinyLlamaSpec;
import ru.saigabot.inference.gguf.TinyLora;

/** `arena tasks load` and `arena tasks generate` against a real database and the tiny model. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class ArenaTasksIT {

    @Test
    void loadsTasksAndRefusesABadFileWhole(DatabaseUrl db, @TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"prompt\": \"Первый\"}\n\n{\"prompt\": \"Второй\", \"answer_a\": \"x\"}\n",
                StandardCharsets.UTF_8);
        Result refused = run("arena", "tasks", "load", bad.toString(), "--db-url", db.jdbcUrl());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("bad.jsonl, line 3: give both answer_a and answer_b");
        Sql sql = new Sql(db);

        Path good = dir.resolve("tasks.jsonl");
        Files.writeString(good, String.join("\n",
                "{\"prompt\": \"Столица Франции?\", \"variant_a\": \"saiga2_13b\", \"answer_a\": \"Париж.\", "
                        + "\"variant_b\": \"gpt-3.5-turbo\", \"answer_b\": \"Лион.\", \"control\": \"a\"}",
                "{\"prompt\": \"Напиши хокку\", \"variant_a\": \"saiga2_13b\", \"answer_a\": \"...\", "
                        + "\"variant_b\": \"gpt-3.5-turbo\", \"answer_b\": \"!!!\"}",
                "{\"prompt\": \"Ждёт ответов\"}"), StandardCharsets.UTF_8);
        Result loaded = run("arena", "tasks", "load", good.toString(), "--db-url", db.jdbcUrl());
        assertThat(loaded.code()).as(loaded.err()).isZero();
        assertThat(loaded.out()).contains("Loaded 3 tasks").contains("2 with answers (1 control), 1 waiting");
        assertThat(sql.rows("SELECT t.prompt, va.spec, t.answer_a, vb.spec, t.answer_b, t.control FROM arena_task t "
                + "LEFT JOIN arena_variant va ON va.id = t.variant_a LEFT JOIN arena_variant vb ON vb.id = t.variant_b "
                + "ORDER BY t.id")).containsExactly(
                List.of("Столица Франции?", "saiga2_13b", "Париж.", "gpt-3.5-turbo", "Лион.", "a"),
                java.util.Arrays.asList("Напиши хокку", "saiga2_13b", "...", "gpt-3.5-turbo", "!!!", null),
                java.util.Arrays.asList("Ждёт ответов", null, null, null, null, null));
        assertThat(run("arena", "tasks", "load", bad.toString(), "--db-url", db.jdbcUrl()).code()).isEqualTo(2);
        assertThat(sql.number("SELECT count(*) FROM arena_task")).as("nothing of a bad file is stored").isEqualTo(3);
    }

    @Test
    void generatesBothAnswersWithTheTinyModelAndAnAdapter(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        Path adapter = dir.resolve("style.gguf");
        TinyLora.write(adapter, TinyLlamaSpec.tiny().toBuilder().endOfTextSuppressed(true).build(),
                TinyLora.Spec.defaults());
        assertThat(run("adapters", "add", "style", "--file", adapter.toString(), "--base", model.path().toString(),
                "--db-url", db.jdbcUrl()).code()).isZero();
        Path prompts = dir.resolve("prompts.txt");
        Files.writeString(prompts, "Привет\n{\"prompt\": \"Как дела?\\nРасскажи.\"}\n", StandardCharsets.UTF_8);

        Result unknown = run("arena", "tasks", "generate", "--prompts", prompts.toString(), "--a", model.path() + "+nope",
                "--b", model.path().toString(), "--db-url", db.jdbcUrl());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--adapter nope is not registered");

        String a = model.path() + "@temperature=0";
        String b = model.path() + "+style@temperature=0.7,max_tokens=6";
        Result generated = run("arena", "tasks", "generate", "--prompts", prompts.toString(), "--a", a, "--b", b,
                "--max-tokens", "8", "--threads", "2", "--ctx-size", "512", "--db-url", db.jdbcUrl());
        assertThat(generated.code()).as(generated.err()).isZero();
        assertThat(generated.out()).contains("Answered 4 tasks").as("the two refused-run prompts are answered too");

        Sql sql = new Sql(db);
        List<List<Object>> rows = sql.rows("SELECT t.prompt, va.spec, t.answer_a, vb.spec, t.answer_b, t.system_prompt "
                + "FROM arena_task t JOIN arena_variant va ON va.id = t.variant_a "
                + "JOIN arena_variant vb ON vb.id = t.variant_b ORDER BY t.id");
        assertThat(rows).hasSize(4);
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("Привет", "Как дела?\nРасскажи.", "Привет",
                "Как дела?\nРасскажи.");
        for (List<Object> row : rows) {
            assertThat(row.get(1)).isEqualTo(a);
            assertThat(row.get(3)).isEqualTo(b);
            assertThat((String) row.get(2)).isNotBlank();
            assertThat((String) row.get(4)).isNotBlank();
            assertThat(row.get(5)).isEqualTo(ru.saigabot.bot.settings.ChatSettings.DEFAULT_SYSTEM_PROMPT);
        }
        assertThat(run("arena", "tasks", "generate", "--a", a, "--b", b, "--db-url", db.jdbcUrl()).out())
                .contains("No task is waiting for answers");
    }

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
