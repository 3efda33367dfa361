package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.MessageDraft;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * The jar as users run it: one clear line and exit code 2 for their mistakes, a clean exit on SIGTERM with status 0
 * (systemd marks a unit that exits 143 as failed).
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class ProcessLifecycleIT {
    private static final String TOKEN = "7000002:TEST-token-for-the-emulator-only";

    @Test
    void helpListsTheCommands(@TempDir Path dir) throws Exception {
        try (BotProcess bot = BotProcess.start(dir, Map.of(), "--help")) {
            assertThat(bot.awaitExit(30)).isZero();
        }
    }

    @Test
    void aMissingTokenIsOneLineAndExitCodeTwo(@TempDir Path dir, ModelPath model) throws Exception {
        try (BotProcess bot = BotProcess.start(dir, Map.of(), "run", "--model", model.path().toString())) {
            assertThat(bot.awaitExit(30)).isEqualTo(2);
            assertOneLineError(bot.stderr(), "TELEGRAM_BOT_TOKEN");
        }
    }

    @Test
    void aFileThatIsNotAModelIsRefused(@TempDir Path dir) throws Exception {
        Path notAModel = Files.writeString(dir.resolve("model.gguf"), "<html>404 Not Found</html>");
        try (BotProcess bot = BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "SAIGA_MODEL", notAModel.toString()),
                "run")) {
            assertThat(bot.awaitExit(30)).isEqualTo(2);
            assertOneLineError(bot.stderr(), "not a GGUF file");
        }
        try (BotProcess bot = BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN), "run", "--model",
                dir.resolve("missing.gguf").toString())) {
            assertThat(bot.awaitExit(30)).isEqualTo(2);
            assertOneLineError(bot.stderr(), "does not exist");
        }
    }

    @Test
    void anUnreachableDatabaseIsRefused(@TempDir Path dir, ModelPath model) throws Exception {
        try (BotProcess bot = BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN), "run",
                "--model", model.path().toString(),
                "--db-url", "jdbc:postgresql://127.0.0.1:1/saiga?user=saiga&password=secret")) {
            assertThat(bot.awaitExit(60)).isEqualTo(2);
            String stderr = bot.stderr();
            assertOneLineError(stderr, "cannot connect to the database at jdbc:postgresql://127.0.0.1:1/saiga");
            assertThat(stderr).doesNotContain("secret");
        }
    }

    @Test
    void aTokenTelegramRefusesIsExitCodeTwo(@TempDir Path dir, ModelPath model, DatabaseUrl db) throws Exception {
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN);
             BotProcess bot = BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", "7000003:some-other-token-not-known",
                     "TELEGRAM_API_URL", telegram.baseUrl()), "run", "--model", model.path().toString(),
                     "--db-url", db.jdbcUrl())) {
            assertThat(bot.awaitExit(60)).isEqualTo(2);
            assertOneLineError(bot.stderr(), "Telegram refused the bot token");
        }
    }

    /**
     * After the model is loaded, a token revoked while polling stops the bot with exit code 2: the
     * JVM must exit although java-llama.cpp leaves a non-daemon native thread behind.
     */
    @Test
    void exitsAfterTheModelWasLoaded(@TempDir Path dir, ModelPath model) throws Exception {
        // Also the zero-setup path of the README: no --db-url, an embedded PostgreSQL under --data-dir.
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN);
             BotProcess bot = BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN,
                     "TELEGRAM_API_URL", telegram.baseUrl(), "SAIGA_MODEL", model.path().toString(),
                     "SAIGA_DATA_DIR", dir.resolve("data").toString()), "run", "--poll-timeout", "1")) {
            telegram.awaitCall("getUpdates", Duration.ofSeconds(60));
            telegram.faults().failNext("getUpdates", 5, 401, "Unauthorized", null);
            assertThat(bot.awaitExit(20)).isEqualTo(2);
            assertThat(bot.stderr()).contains("saiga-bot: Telegram refused the bot token");
        }
        assertThat(dir.resolve("data/postgres/PG_VERSION")).exists();
    }

    /**
     * With the embedded database, SIGTERM stops PostgreSQL too (the bot's own stop does, after putting its answers
     * aside) before the process exits 0: nothing is left running.
     */
    @Test
    void sigtermStopsTheEmbeddedDatabaseAndExitsZero(@TempDir Path dir, ModelPath model) throws Exception {
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN);
             BotProcess bot = BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN,
                     "TELEGRAM_API_URL", telegram.baseUrl(), "SAIGA_MODEL", model.path().toString(),
                     "SAIGA_DATA_DIR", dir.resolve("data").toString()), "run", "--poll-timeout", "1")) {
            telegram.awaitCall("getUpdates", Duration.ofSeconds(60));
            assertThat(dir.resolve("data/postgres/postmaster.pid")).exists();
            // The bot polls a moment before its stop hook is in place: a SIGTERM in between exits 143 (README).
            Await.until(Duration.ofSeconds(30), () -> bot.stderr().contains("running: SIGTERM or Ctrl+C stops the bot"));
            bot.terminate();
            assertThat(bot.awaitExit(20)).as("exit code after SIGTERM").isZero();
            assertThat(bot.stderr()).contains("stopped: shutdown_ms=");
        }
        assertThat(dir.resolve("data/postgres/postmaster.pid")).as("PostgreSQL stopped").doesNotExist();
    }

    /**
     * SIGTERM in the middle of an answer: the process is gone within 10 s, and the next start
     * finishes that answer, so the user gets exactly one.
     */
    @Test
    void sigtermStopsWithinTenSecondsAndLosesNothing(@TempDir Path dir, ModelPath model, DatabaseUrl db)
            throws Exception {
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN)) {
            TestUser bob = telegram.user(6001, "Боб", "ru");
            TestChat chat = telegram.privateChat(bob);
            try (BotProcess bot = startBot(dir, telegram, model, db)) {
                telegram.awaitCall("getUpdates", Duration.ofSeconds(60));
                telegram.sendText(chat, bob, "Расскажи длинную историю");
                telegram.awaitDraft(chat.id(), d -> d.plainText().startsWith("⏳"), Duration.ofSeconds(30));
                long signalled = System.nanoTime();
                bot.terminate();
                assertThat(bot.awaitExit(10)).as("exit code after SIGTERM").isZero();
                assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(10));
                assertThat(bot.stderr()).contains("stopped: shutdown_ms=");
                List<MessageDraft> drafts = telegram.drafts(chat.id());
                assertThat(drafts.get(drafts.size() - 1).plainText()).contains("перезапускается");
            }
            try (BotProcess bot = startBot(dir, telegram, model, db)) {
                // A new JVM, PostgreSQL and the model start before the answer: minutes on a loaded machine.
                BotMessage answer = telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(),
                        Duration.ofSeconds(120));
                assertThat(bot.stderr()).contains("unfinished requests resumed: count=1");
                assertThat(telegram.botMessages(chat.id()).stream().filter(m -> !m.buttons().isEmpty()))
                        .containsExactly(answer);
                // Stored right after Telegram accepted the final message (see AnswerDelivery).
                Await.until(Duration.ofSeconds(20), () -> count(db, "SELECT count(*) FROM generation WHERE status = 'done'") == 1);
                assertThat(count(db, "SELECT count(*) FROM message WHERE role = 'assistant'")).isEqualTo(1);
                assertThat(count(db, "SELECT count(*) FROM generation")).isEqualTo(1);
                bot.terminate();
                assertThat(bot.awaitExit(10)).as("exit code after SIGTERM").isZero();
            }
        }
    }

    private static BotProcess startBot(Path dir, BotApiEmulator telegram, ModelPath model, DatabaseUrl db)
            throws Exception {
        return BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_API_URL", telegram.baseUrl()),
                "run", "--model", model.path().toString(), "--db-url", db.jdbcUrl(), "--poll-timeout", "1",
                "--ctx-size", "8192", "--max-tokens", "8000", "--threads", "1", "--slots", "1");
    }

    private static long count(DatabaseUrl db, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void assertOneLineError(String stderr, String expected) {
        String[] lines = stderr.strip().split("\n");
        assertThat(lines).as("stderr: %s", stderr).hasSize(1);
        assertThat(lines[0]).startsWith("saiga-bot: ").contains(expected);
        assertThat(stderr).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
