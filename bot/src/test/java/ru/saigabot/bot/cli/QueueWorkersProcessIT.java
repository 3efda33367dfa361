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
import ru.saigabot.inference.remote.FakeOpenAiServer;
import ru.saigabot.inference.remote.FakeOpenAiServer.Reply;

/**
 * Scale-out as an operator runs it: one bot process with {@code --inference queue}, two worker processes
 * and PostgreSQL. One worker is killed (-9) while it writes an answer; its lease runs out, the other
 * worker redoes the job, and every user gets exactly one complete answer.
 *
 * <p>"While it writes an answer" is a state this test holds, not a moment it hopes to catch: the first worker
 * answers through an OpenAI-compatible server in this JVM that streams the start of an answer and then goes
 * silent, so that worker holds its job, with a part written, for as long as the test needs. The second worker
 * answers with the tiny model on this machine's CPU, the way most operators run workers; how fast it is changes
 * nothing, because the held job can only be finished by it once the first worker is dead.
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
             FakeOpenAiServer backend = FakeOpenAiServer.start();
             BotProcess bot = BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN,
                     "TELEGRAM_API_URL", telegram.baseUrl(), "SAIGA_INFERENCE", "queue"),
                     "run", "--db-url", db.jdbcUrl(), "--poll-timeout", "1", "--ctx-size", "2048",
                     "--max-tokens", "600", "--stream-interval-ms", "200", "--seed", "7",
                     "--http-port", Integer.toString(ops.port()))) {
            // No model in the bot's process: it is up, but not ready until a worker is.
            Await.until(WAIT, () -> alive(bot, ops.bodyIfUp("/readyz")), body -> body.contains("no inference worker"));
            assertThat(ops.status("/readyz")).isEqualTo(503);

            // Every answer through this backend starts, then the stream stays open and silent until the test ends.
            backend.reply(Reply.stream().role().delta("Начало ответа, которое этот воркер не допишет").hang());
            try (BotProcess doomed = remoteWorker(dir, db, backend, "w1")) {
                Await.until(WAIT, () -> alive(bot, ops.status("/readyz")) == 200);
                List<TestChat> chats = new ArrayList<>();
                for (int i = 0; i < USERS; i++) {
                    TestUser user = telegram.user(8101 + i, "Пользователь " + i, "ru");
                    TestChat chat = telegram.privateChat(user);
                    chats.add(chat);
                    telegram.sendText(chat, user, "Напиши длинный рассказ номер " + i);
                }
                // w1 (one slot) has claimed a job and written part of its answer; it cannot get further.
                long held = Await.until(WAIT, () -> alive(doomed, sql.rows("SELECT g.id FROM generation g "
                        + "WHERE g.worker_id = 'w1' AND g.inference_result IS NULL AND EXISTS (SELECT 1 "
                        + "FROM generation_part p WHERE p.generation_id = g.id AND p.attempt = g.inference_attempt)")),
                        rows -> !rows.isEmpty()).stream().mapToLong(row -> ((Number) row.get(0)).longValue())
                        .findFirst().orElseThrow();
                assertThat(backend.requests()).as("one request per slot of w1").hasSize(1);

                try (BotProcess survivor = localWorker(dir, db, model, "w2")) {
                    // w2 is up (its heartbeat is written once its model is loaded) while w1 still holds its job.
                    Await.until(WAIT, () -> alive(survivor, sql.number(
                            "SELECT count(*) FROM inference_worker WHERE id = 'w2'")) == 1);
                    doomed.kill();
                    assertThat(doomed.awaitExit(10)).isEqualTo(137);

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
                    assertThat(sql.number("SELECT inference_attempt FROM generation WHERE id = ?", held))
                            .as("the killed worker's job was claimed again").isGreaterThanOrEqualTo(3);
                    assertThat(sql.number("SELECT count(*) FROM generation_part")).as("parts cleared once answered")
                            .isZero();
                    assertThat(ops.body("/metrics")).contains("saiga_workers_live").contains("saiga_workers_jobs_waiting");
                    survivor.terminate();
                    assertThat(survivor.awaitExit(30)).as("the worker's exit code after SIGTERM").isZero();
                }
            }
            bot.terminate();
            assertThat(bot.awaitExit(30)).as("the bot's exit code after SIGTERM").isZero();
        }
    }

    /** A worker answering through {@code backend}; its answers take as long as the backend's stream. */
    private static BotProcess remoteWorker(Path dir, DatabaseUrl db, FakeOpenAiServer backend, String id)
            throws Exception {
        return BotProcess.start(dir, Map.of(), "worker", "--db-url", db.jdbcUrl(), "--backend-url",
                backend.baseUrl().toString(), "--backend-model", "held-remote", "--backend-idle-timeout", "600",
                "--slots", "1", "--lease-seconds", "3", "--worker-id", id);
    }

    /** A worker on the tiny model, on this machine's CPU. */
    private static BotProcess localWorker(Path dir, DatabaseUrl db, ModelPath model, String id) throws Exception {
        return BotProcess.start(dir, Map.of(), "worker", "--db-url", db.jdbcUrl(), "--model",
                model.path().toString(), "--slots", "1", "--threads", "1", "--ctx-size", "2048",
                "--lease-seconds", "3", "--worker-id", id);
    }

    private static <T> T alive(BotProcess process, T value) {
        if (!process.isAlive()) {
            throw new AssertionError("saiga-bot exited: " + process.stderr());
        }
        return value;
    }
}
