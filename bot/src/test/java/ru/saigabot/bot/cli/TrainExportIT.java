package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.app.BotApplication;
import ru.saigabot.bot.app.RunOptions;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.InstantEngine;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * From chat to dataset: people talk to the bot through the Bot API emulator and vote with the 👍/👎
 * buttons, then {@code saiga-bot train export} runs on the same database and every JSONL line is
 * checked against its format. The tiny model never ends an answer by itself (it has no end token),
 * so its answers are stored as cut and must be dropped as unfinished; a second run of the bot with
 * an engine that finishes at once provides the answers that must be exported.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class TrainExportIT {
    private static final String TOKEN = "7000001:TEST-token-for-the-emulator-only";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ANSWER = "Сайгаки живут в степях. Справочная: 8 912 345 67 89.";
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path runs;

    @Test
    void votesMadeThroughTheBotBecomeWellFormedRecords(DatabaseUrl db, ModelPath model, @TempDir Path dataDir,
                                                      @TempDir Path out) throws Exception {
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "SaigaTestBot")) {
            BotConfig config = new BotConfig(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()), model.path(),
                    Optional.of(db.jdbcUrl()), dataDir, 2, 2, 2048, "auto");
            RunOptions options = new RunOptions(1, 100, 24, 42);
            TestUser alice = telegram.user(5001, "Алиса", "ru");
            TestUser bob = telegram.user(5002, "Борис", "ru");
            TestChat aliceChat = telegram.privateChat(alice);
            TestChat bobChat = telegram.privateChat(bob);

            BotApplication tinyModel = BotApplication.start(config, options);
            try {
                vote(telegram, aliceChat, alice, "Привет! Расскажи сказку про сайгака.", "👍");
            } finally {
                tinyModel.close();
            }
            BotApplication instant = BotApplication.start(config, options, c -> new InstantEngine(ANSWER));
            try {
                vote(telegram, aliceChat, alice, "Мой адрес alice.smirnova@example.com, запомни его", "👎");
                vote(telegram, bobChat, bob, "Как поживают сайгаки?", "👍");
                BotMessage changed = vote(telegram, bobChat, bob, "Что едят сайгаки зимой?", "👍");
                telegram.awaitCallbackAnswered(telegram.pressButtonLabeled(bob, changed, "👎").queryId(), WAIT);
                vote(telegram, aliceChat, alice, "Сколько лет живут сайгаки?", "👍");
                try {
                    Await.until(WAIT, () -> count(db, "SELECT count(*) FROM feedback WHERE vote = -1") == 2);
                } catch (Throwable t) {
                    throw new AssertionError("DUMP " + dump(db) + telegram.calls("answerCallbackQuery"), t);
                }
            } finally {
                instant.close();
            }
        }

        StringWriter console = new StringWriter();
        StringWriter errors = new StringWriter();
        var commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(console));
        commandLine.setErr(new PrintWriter(errors));
        int code = commandLine.execute("train", "export", "--out", out.toString(), "--db-url", db.jdbcUrl(),
                "--val-percent", "50");

        assertThat(code).as(errors.toString()).isEqualTo(ExitCodes.OK);
        assertThat(console.toString()).contains("sft.train.jsonl").contains("dataset.md");
        List<JsonNode> sft = records(out, "sft");
        List<JsonNode> kto = records(out, "kto");
        assertThat(records(out, "dpo")).as("no regenerations or arena votes yet").isEmpty();
        assertThat(sft).hasSize(2);
        assertThat(kto).hasSize(4);
        sft.forEach(this::checkSft);
        kto.forEach(this::checkKto);
        assertThat(kto.stream().filter(line -> !line.get("label").asBoolean())).hasSize(2);
        JsonNode stats = json.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.at("/removed/unfinished/kto").asLong()).as("the tiny model's cut answer").isEqualTo(1);
        assertThat(stats.at("/removed/unfinished/sft").asLong()).isEqualTo(1);
        assertThat(Files.readString(out.resolve("dataset.md"))).contains("| `kto.val.jsonl` |");
        for (String file : List.of("sft.train.jsonl", "sft.val.jsonl", "kto.train.jsonl", "kto.val.jsonl")) {
            assertThat(Files.readString(out.resolve(file)))
                    .doesNotContain("alice.smirnova", "912 345", "5001", "5002", "Алиса", "Борис");
        }

        // The export becomes a KTO run folder whose weights come from the labels really in its training file.
        Path run = runs.resolve("feedback-1");
        StringWriter prepared = new StringWriter();
        commandLine.setOut(new PrintWriter(prepared));
        code = commandLine.execute("train", "prepare", "--data", out.toString(), "--base", "saiga_llama3_8b",
                "--method", "kto", "--out", run.toString(), "--name", "feedback-1");
        assertThat(code).as(errors.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(run.resolve("data/train.jsonl"))).isEqualTo(Files.readString(out.resolve("kto.train.jsonl")));
        long liked = 0;
        long disliked = 0;
        for (String line : Files.readAllLines(out.resolve("kto.train.jsonl"))) {
            if (json.readTree(line).get("label").asBoolean()) {
                liked++;
            } else {
                disliked++;
            }
        }
        JsonNode plan = json.readTree(run.resolve("plan.json").toFile());
        assertThat(plan.at("/records/liked").asLong()).isEqualTo(liked);
        assertThat(plan.at("/records/disliked").asLong()).isEqualTo(disliked);
        assertThat(plan.at("/kto/weighted_ratio").asDouble()).isBetween(1.0, 4.0 / 3.0);
        assertThat(json.readTree(run.resolve("rulm/config.json").toFile()).at("/kto/undesirable_weight").asDouble())
                .isEqualTo(plan.at("/kto/undesirable_weight").asDouble());
        assertThat(prepared.toString()).contains("adapter name: feedback-1").contains("./run.sh");
        assertThat(Files.readString(run.resolve("run.sh"))).contains("trl kto --config trl/config.yaml")
                .contains("convert_lora_to_gguf.py");
    }

    @Test
    void badOptionsAreOneLineAndExitCodeTwo(@TempDir Path out) {
        StringWriter errors = new StringWriter();
        var commandLine = Main.newCommandLine();
        commandLine.setErr(new PrintWriter(errors));
        int code = commandLine.execute("train", "export", "--out", out.toString(), "--formats", "sft,orpo",
                "--db-url", "jdbc:postgresql://127.0.0.1:1/none");
        assertThat(code).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(errors.toString().strip()).startsWith("saiga-bot: --formats: unknown format 'orpo'")
                .doesNotContain("\n");
    }

    private BotMessage vote(BotApiEmulator telegram, TestChat chat, TestUser user, String text, String button)
            throws Exception {
        Set<Integer> earlier = new java.util.HashSet<>();
        telegram.botMessages(chat.id()).forEach(m -> earlier.add(m.messageId()));
        telegram.sendText(chat, user, text);
        BotMessage answer = telegram.awaitBotMessage(chat.id(),
                m -> !m.buttons().isEmpty() && !earlier.contains(m.messageId()), WAIT);
        telegram.awaitCallbackAnswered(telegram.pressButtonLabeled(user, answer, button).queryId(), WAIT);
        return answer;
    }

    private List<JsonNode> records(Path out, String format) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String split : List.of("train", "val")) {
            for (String line : Files.readAllLines(out.resolve(format + "." + split + ".jsonl"))) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    private void checkSft(JsonNode line) {
        assertThat(fieldNames(line)).containsExactly("messages");
        JsonNode messages = line.get("messages");
        checkMessages(messages);
        assertThat(messages.get(messages.size() - 1).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(messages.size() - 1).get("content").asText()).isEqualTo(ANSWER.replace("8 912 345 67 89", "[PHONE]"));
    }

    private void checkKto(JsonNode line) {
        assertThat(fieldNames(line)).containsExactly("prompt", "completion", "label");
        checkMessages(line.get("prompt"));
        assertThat(line.get("prompt").get(line.get("prompt").size() - 1).get("role").asText()).isEqualTo("user");
        assertThat(line.get("completion")).hasSize(1);
        assertThat(line.get("completion").get(0).get("role").asText()).isEqualTo("assistant");
        assertThat(line.get("label").isBoolean()).isTrue();
    }

    /** Every record starts with its system message; roles are only system, user and assistant. */
    private void checkMessages(JsonNode messages) {
        assertThat(messages.isArray()).isTrue();
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).get("content").asText()).isNotBlank();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            assertThat(fieldNames(message)).containsExactly("role", "content");
            assertThat(message.get("role").asText()).isIn(Set.of("system", "user", "assistant"));
            assertThat(message.get("content").isTextual()).isTrue();
            if (i > 0) {
                assertThat(message.get("role").asText()).isNotEqualTo("system");
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static long count(DatabaseUrl db, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String dump(DatabaseUrl db) throws Exception {
        StringBuilder b = new StringBuilder();
        try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl());
             var r = c.createStatement().executeQuery("SELECT m.id, m.chat_id, m.conversation_id, m.role, m.status, m.reply_to_id, "
                     + "left(m.content, 20), (SELECT string_agg(f.vote::text || f.user_id, ',') FROM feedback f WHERE f.message_id = m.id) FROM message m ORDER BY m.id")) {
            while (r.next()) {
                for (int i = 1; i <= 8; i++) b.append(r.getString(i)).append(' ');
                b.append('\n');
            }
        }
        return b.toString();
    }
}
