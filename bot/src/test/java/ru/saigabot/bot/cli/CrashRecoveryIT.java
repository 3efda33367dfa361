package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import ru.saigabot.bot.testing.telegram.FaultInjector;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * kill -9 in the middle of a streamed answer: the next start finishes the answer in the same message,
 * so the user gets exactly one complete answer, and the database is consistent.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class CrashRecoveryIT {
    private static final String TOKEN = "7000020:TEST-token-for-the-emulator-only";

    @Test
    void aKilledBotAnswersExactlyOnceAfterRestart(@TempDir Path dir, ModelPath model, DatabaseUrl db)
            throws Exception {
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN)) {
            TestUser user = telegram.user(8001, "Гоша", "ru");
            TestChat chat = telegram.privateChat(user);
            // The answer's message is kept, not yet sent, however fast the model finishes: when the bot is killed it
            // has at most asked Telegram to send it, and Telegram has done nothing yet.
            FaultInjector.HeldCall answerMessage = telegram.faults().holdNext("sendMessage");
            try (BotProcess bot = start(dir, db, telegram, model)) {
                telegram.awaitCall("getUpdates", Duration.ofSeconds(60));
                telegram.sendText(chat, user, "Напиши длинный рассказ");
                // Streaming has begun: the draft shows partial text (the cursor shows); or the model, faster than the
                // first preview, has already written it all, and the bot waits for its final message to be sent.
                Await.until(Duration.ofSeconds(60), () -> answerMessage.isReached()
                        || telegram.drafts(chat.id()).stream().anyMatch(d -> d.plainText().endsWith("▌")));
                bot.kill();
                assertThat(bot.awaitExit(10)).isEqualTo(137);
            }
            answerMessage.drop(); // what the killed bot asked for never happens (nor is the next start's call held)
            try (BotProcess bot = start(dir, db, telegram, model)) {
                BotMessage answer = telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(),
                        Duration.ofSeconds(90));
                assertThat(answer.text()).doesNotContain("▌");
                List<BotMessage> all = telegram.botMessages(chat.id());
                assertThat(all).as("one answer, no duplicate").hasSize(1);
                assertThat(bot.stderr()).contains("unfinished requests resumed: count=1");
                // Stored right after Telegram accepted the final message (see AnswerDelivery).
                Await.until(Duration.ofSeconds(20), () -> count(db,
                        "SELECT count(*) FROM generation WHERE status = 'done' AND answer_message_id IS NOT NULL") == 1);
                bot.terminate();
                assertThat(bot.awaitExit(15)).as("exit code after SIGTERM").isZero();
            }
        }
        assertThat(count(db, "SELECT count(*) FROM message WHERE role = 'user'")).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM message WHERE role = 'assistant' AND status IN ('complete', 'cut')"))
                .isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM generation")).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM telegram_update WHERE handled_at IS NULL")).isZero();
    }

    private static BotProcess start(Path dir, DatabaseUrl db, BotApiEmulator telegram, ModelPath model)
            throws Exception {
        return BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_API_URL", telegram.baseUrl()),
                "run", "--model", model.path().toString(), "--db-url", db.jdbcUrl(), "--poll-timeout", "1",
                "--ctx-size", "2048", "--max-tokens", "800", "--threads", "1", "--slots", "1",
                "--stream-interval-ms", "200", "--seed", "7");
    }

    private static long count(DatabaseUrl db, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
