package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.Sql;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * Scale-out as an operator runs it: one bot process with {@code --inference queue}, two worker processes
 * and PostgreSQL. One worker is killed (-9) while it writes an answer; its lease runs out, the other
 * worker redoes the job, and every user gets exactly one complete answer.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class QueueWorkersProcessIT {
    private static final String TOKEN = "7000021:TEST-token-for-the-emulator-only";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int USERS = 3;

    @Test
    void aWorkerKilledMidAnswerIsReplacedAndEveryUserGetsOneAnswer(@TempDir Path dir, ModelPath model, DatabaseUrl db)
            throws Exception {
        OpsClient ops = OpsClient.onFreePort();
        Sql sql = new Sql(db);
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN);
             BotProcess bot = BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN,
                     "TELEGRAM_API_URL", telegram.baseUrl(), "SAIGA_INFERENCE", "queue"),
                     "run", "--db-url", db.jdbcUrl(), "--poll-timeout", "1", "--ctx-size", "2048",
                     "--max-tokens", "600", "--stream-interval-ms", "200", "--seed", "7",
                     "--http-port", Integer.toString(ops.port()))) {
            // No model in the bot's process: it is up, but not ready until a worker is.
            Await.until(WAIT, () -> alive(bot, ops.bodyIfUp("/readyz")), body -> body.contains("no inference worker"));
            assertThat(ops.status("/readyz")).isEqualTo(503);

            try (BotProcess first = worker(dir, db, model, "w1"); BotProcess second = worker(dir, db, model, "w2")) {
                Await.until(WAIT, () -> alive(bot, ops.status("/readyz")) == 200);
                List<TestChat> chats = new ArrayList<>();
                for (int i = 0; i < USERS; i++) {
                    TestUser user = telegram.user(8101 + i, "Пользователь " + i, "ru");
                    TestChat chat = telegram.privateChat(user);
                    chats.add(chat);
                    telegram.sendText(chat, user, "Напиши длинный рассказ номер " + i);
                }
                // A worker has written part of an answer: kill that one.
                String victim = Await.until(WAIT, () -> sql.strings("SELECT g.worker_id FROM generation g "
                        + "WHERE g.inference_result IS NULL AND EXISTS (SELECT 1 FROM generation_part p "
                        + "WHERE p.generation_id = g.id AND p.attempt = g.inference_attempt) LIMIT 1"),
                        ids -> !ids.isEmpty()).get(0);
                BotProcess killed = victim.equals("w1") ? first : second;
                killed.kill();
                assertThat(killed.awaitExit(10)).isEqualTo(137);

                for (TestChat chat : chats) {
                    telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);
                }
                Await.until(WAIT, () -> sql.number("SELECT count(*) FROM generation WHERE status = 'done'") == USERS);
                for (TestChat chat : chats) {
                    List<BotMessage> answers = telegram.botMessages(chat.id());
                    assertThat(answers).as("one answer for chat %d, no duplicate", chat.id()).hasSize(1);
                    assertThat(answers.get(0).text()).isNotBlank().doesNotContain("▌");
                }
                assertThat(sql.number("SELECT count(*) FROM message WHERE role = 'assistant' AND status = 'complete'"))
                        .isEqualTo(USERS);
                assertThat(sql.number("SELECT max(inference_attempt) FROM generation"))
                        .as("the killed worker's job was claimed again").isGreaterThanOrEqualTo(3);
                assertThat(sql.number("SELECT count(*) FROM generation_part")).as("parts cleared once answered").isZero();
                assertThat(ops.body("/metrics")).contains("saiga_workers_live").contains("saiga_workers_jobs_waiting");
            }
            bot.terminate();
            assertThat(bot.awaitExit(30)).isIn(0, 143);
        }
    }

    private static BotProcess worker(Path dir, DatabaseUrl db, ModelPath model, String id) throws Exception {
        return BotProcess.start(dir, Map.of(), "worker", "--db-url", db.jdbcUrl(), "--model",
                model.path().toString(), "--slots", "1", "--threads", "1", "--ctx-size", "2048",
                "--lease-seconds", "3", "--worker-id", id);
    }

    private static <T> T alive(BotProcess bot, T value) {
        if (!bot.isAlive()) {
            throw new AssertionError("saiga-bot exited: " + bot.stderr());
        }
        return value;
    }
}
