package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.testing.cli.CommandRun;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.Sql;
import ru.saigabot.bot.testing.documents.TestDocuments;

/** {@code saiga-bot docs} through picocli, in-process, on a real database: add, list, search, remove and eval. */
@ExtendWith(FreshDatabase.class)
class DocsCommandIT {
    private static final String CHAT = "424242";

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private static Path documents(Path dir) throws Exception {
        Files.write(dir.resolve("guide.pdf"), TestDocuments.pdf(
                "Установка. Сервер ставится на Debian, нужно двадцать гигабайт на диске.",
                "Резервное копирование. Копию базы сервер делает каждую ночь в три часа."));
        Files.write(dir.resolve("notes.docx"), TestDocuments.docx(
                "Пароль от Wi-Fi в переговорной: kofe2024.", "Принтер стоит у окна, картриджи в шкафу."));
        Files.writeString(dir.resolve("menu.md"), "# Столовая\n\nОбед с часу до двух, по пятницам блины.\n",
                StandardCharsets.UTF_8);
        Files.write(dir.resolve("scan.pdf"), TestDocuments.scannedPdf(1));
        return dir;
    }

    @Test
    void addListSearchAndRemoveWorkOnTheBotsDatabase(DatabaseUrl db, @TempDir Path dir) throws Exception {
        Path docs = documents(dir);
        CommandRun added = run("docs", "add", "--chat", CHAT, "--db-url", db.jdbcUrl(), docs.toString());
        assertThat(added.code()).as(added.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(added.lines()).hasSize(3).anySatisfy(line -> assertThat(line).startsWith("guide.pdf: 2 pages, "))
                .anySatisfy(line -> assertThat(line).startsWith("notes.docx: ").contains(" words, "));
        assertThat(added.err()).startsWith("saiga-bot: " + docs.resolve("scan.pdf") + ": no text layer: ");

        CommandRun listed = run("docs", "list", "--chat", CHAT, "--db-url", db.jdbcUrl());
        assertThat(listed.lines()).hasSize(3).allSatisfy(line -> assertThat(line).endsWith("\ton"));

        CommandRun found = run("docs", "search", "--chat", CHAT, "--json", "--db-url", db.jdbcUrl(),
                "когда делается копия базы?");
        assertThat(found.code()).as(found.err()).isEqualTo(ExitCodes.OK);
        JsonNode best = new ObjectMapper().readTree(found.lines().get(0));
        assertThat(best.get("rank").asInt()).isEqualTo(1);
        assertThat(best.get("file").asText()).isEqualTo("guide.pdf");
        assertThat(best.get("page").asInt()).isEqualTo(2);
        assertThat(best.get("score").asDouble()).isPositive();
        assertThat(best.get("text").asText()).contains("каждую ночь");

        CommandRun readable = run("docs", "search", "--chat", CHAT, "--db-url", db.jdbcUrl(), "обед по пятницам");
        assertThat(readable.out()).contains("[1] menu.md", "*пятницам*");

        long id = new Sql(new DatabaseUrl(db.jdbcUrl())).number("SELECT id FROM document WHERE file_name = 'menu.md'");
        CommandRun removed = run("docs", "remove", "--chat", CHAT, "--db-url", db.jdbcUrl(), Long.toString(id));
        assertThat(removed.out()).isEqualTo("removed document " + id + System.lineSeparator());
        assertThat(run("docs", "search", "--chat", CHAT, "--db-url", db.jdbcUrl(), "обед по пятницам").out())
                .contains("no passage of chat " + CHAT + "'s active documents is relevant");
        CommandRun again = run("docs", "remove", "--chat", CHAT, "--db-url", db.jdbcUrl(), Long.toString(id));
        assertThat(again.code()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(again.err()).contains("has no document " + id);
    }

    @Test
    void evalScoresAQuestionSetAndLeavesNothingBehind(DatabaseUrl db, @TempDir Path dir) throws Exception {
        Path docs = Files.createDirectory(dir.resolve("docs"));
        documents(docs);
        Files.delete(docs.resolve("scan.pdf"));
        Path questions = dir.resolve("questions.jsonl");
        Files.writeString(questions, String.join("\n",
                "{\"question\": \"во сколько делается резервная копия?\", \"file\": \"guide.pdf\", \"page\": 2}",
                "{\"question\": \"какой пароль от Wi-Fi в переговорной\", \"answer_contains\": \"kofe2024\"}",
                "{\"question\": \"когда в столовой блины\", \"answer_contains\": \"по пятницам блины\"}",
                "{\"question\": \"сколько стоит билет на луну\", \"answer_contains\": \"луна\"}"), StandardCharsets.UTF_8);

        CommandRun eval = run("docs", "eval", "--docs", docs.toString(), "--questions", questions.toString(), "--misses",
                "--db-url", db.jdbcUrl());
        assertThat(eval.code()).as(eval.err()).isEqualTo(ExitCodes.OK);
        assertThat(eval.out()).contains("full-text search:            questions=4 recall@1=0.750 recall@4=0.750 "
                + "mrr=0.750", "full-text search + trigrams: questions=4 recall@1=0.750 recall@4=0.750",
                "miss (rank >10): сколько стоит билет на луну");
        Sql sql = new Sql(new DatabaseUrl(db.jdbcUrl()));
        assertThat(sql.number("SELECT count(*) FROM document")).as("the throwaway chat is deleted").isZero();
        assertThat(sql.number("SELECT count(*) FROM chat")).isZero();

        Files.writeString(questions, "{\"question\": \"без ответа\"}\n");
        CommandRun bad = run("docs", "eval", "--docs", docs.toString(), "--questions", questions.toString(),
                "--db-url", db.jdbcUrl());
        assertThat(bad.code()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(bad.err()).contains("line 1: neither \"answer_contains\" nor \"file\" says which passage answers it");
    }
}
