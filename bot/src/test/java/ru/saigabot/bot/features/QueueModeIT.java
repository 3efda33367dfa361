package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.QueueClaim;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.inference.ScriptedEngine;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.CallbackPress;
import ru.saigabot.bot.testing.telegram.InlineButton;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.bot.testing.telegram.UserMessage;
import ru.saigabot.bot.worker.InferenceQueue;
import ru.saigabot.bot.worker.InferenceWorker;
import ru.saigabot.bot.worker.WireFormat;

/**
 * The bot with {@code --inference queue} through the emulator and PostgreSQL, with a worker in this
 * process: answers, votes and /stop work as with the local pool.
 */
@ExtendWith(FreshDatabase.class)
class QueueModeIT {

    @Test
    void aWorkerAnswersThroughTheDatabaseAndStopReachesIt(DatabaseUrl db, @TempDir Path dir) throws Exception {
        try (RunningBot running = RunningBot.startQueued(db, dir, RunningBot.options(512));
             Database database = Database.open(db.jdbcUrl(), 4);
             InferenceWorker worker = scriptedWorker(database, "А подробнее?")) {
            worker.start();
            BotApiEmulator telegram = running.telegram;
            TestUser ann = telegram.user(5301, "Аня", "ru");
            TestChat chat = telegram.privateChat(ann);

            telegram.sendText(chat, ann, "Привет!");
            BotMessage answer = telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);
            assertThat(answer.text()).startsWith("Ответ воркера").doesNotContain("▌");
            assertThat(Await.until(WAIT, () -> running.sql.strings("SELECT model || ' ' || status FROM message "
                    + "WHERE chat_id = ? AND role = 'assistant'", chat.id()), rows -> !rows.isEmpty()))
                    .containsExactly("scripted complete");
            CallbackPress like = telegram.pressButtonLabeled(ann, answer, "👍");
            assertThat(telegram.awaitCallbackAnswered(like.queryId(), WAIT).text()).isNotBlank();
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM feedback WHERE vote = 1") == 1);

            // A second question, stopped while the worker writes it (held there): the answer is kept as far as it got.
            telegram.sendText(chat, ann, "А подробнее?");
            int draftsBefore = telegram.drafts(chat.id()).size();
            telegram.awaitDraft(chat.id(), d -> d.plainText().endsWith("▌")
                    && telegram.drafts(chat.id()).indexOf(d) >= draftsBefore, WAIT);
            telegram.sendText(chat, ann, "/stop");
            BotMessage stopped = telegram.awaitBotMessage(chat.id(), m -> m.messageId() > answer.messageId()
                    && !m.buttons().isEmpty(), WAIT);
            assertThat(stopped.text()).isNotBlank().doesNotContain("▌");
            List<String> statuses = Await.until(WAIT, () -> running.sql.strings(
                    "SELECT status FROM message WHERE chat_id = ? AND role = 'assistant' ORDER BY id", chat.id()),
                    rows -> rows.size() == 2);
            assertThat(statuses).containsExactly("complete", "cut");
            assertThat(running.sql.number("SELECT count(*) FROM generation WHERE inference_request IS NOT NULL"))
                    .as("nothing left for workers").isZero();
            assertThat(running.sql.number("SELECT count(*) FROM generation_part")).isZero();
        }
    }

    @Test
    void aQuestionEditedWhileTheWorkerWritesItsAnswerIsAnsweredAgain(DatabaseUrl db, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.startQueued(db, dir, RunningBot.options(512));
             Database database = Database.open(db.jdbcUrl(), 4);
             InferenceWorker worker = scriptedWorker(database, "Расскажи про сайгаков")) {
            worker.start();
            BotApiEmulator telegram = running.telegram;
            TestUser ann = telegram.user(5302, "Аня", "ru");
            TestChat chat = telegram.privateChat(ann);

            UserMessage question = telegram.sendText(chat, ann, "Расскажи про сайгаков");
            telegram.awaitDraft(chat.id(), d -> d.plainText().endsWith("▌"), WAIT); // held there until stopped
            // Stopping the old answer ends its job in the database, while the edit is being handled.
            telegram.editText(question, "Расскажи про сайгаков подробно");
            List<String> statuses = Await.until(WAIT, () -> running.sql.strings("SELECT status FROM message "
                    + "WHERE chat_id = ? AND role = 'assistant' ORDER BY id", chat.id()), rows -> rows.size() == 2);
            assertThat(statuses).containsExactly("cut", "complete");
            assertThat(running.sql.strings("SELECT reason FROM generation WHERE chat_id = ? ORDER BY id", chat.id()))
                    .containsExactly("message", "edit");
        }
    }

    @Test
    void anAnswerWhoseWorkersKeepDyingFailsForGoodAfterItsAttempts(DatabaseUrl db, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.startQueued(db, dir, RunningBot.options(512));
             Database database = Database.open(db.jdbcUrl(), 2)) {
            BotApiEmulator telegram = running.telegram;
            TestUser ann = telegram.user(5303, "Аня", "ru");
            TestChat chat = telegram.privateChat(ann);
            InferenceQueue queue = new InferenceQueue(GenerationRepository.forWorker());

            telegram.sendText(chat, ann, "Ответишь?");
            // Three workers in turn (--max-attempts' default) claim the job with a one-second lease, write a little
            // and die: none renews, so each lease runs out and the next worker may claim.
            for (int i = 1; i <= 3; i++) {
                String worker = "dying-" + i;
                QueueClaim claim = Await.until(WAIT, () -> database.inTransaction(tx -> queue.claim(tx, worker, 1)),
                        Optional::isPresent).orElseThrow();
                database.inTransaction(tx -> queue.append(tx, claim, worker, 0, "Начинаю "));
            }
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM generation WHERE chat_id = ? "
                    + "AND (lease_until IS NULL OR lease_until < now())", chat.id()) == 1);
            assertThat(database.<Optional<QueueClaim>>inTransaction(tx -> queue.claim(tx, "fourth", 30)))
                    .as("the job has used up its attempts").isEmpty();

            BotMessage failure = telegram.awaitBotMessage(chat.id(),
                    m -> m.text().equals(Phrase.GENERATION_ERROR.in("ru")), WAIT);
            assertThat(failure.buttons()).extracting(InlineButton::text).containsExactly("🔄");
            List<List<Object>> request = Await.until(WAIT, () -> running.sql.rows("SELECT status, last_error "
                    + "FROM generation WHERE chat_id = ?", chat.id()), rows -> rows.get(0).get(0).equals("failed"));
            assertThat((String) request.get(0).get(1)).contains("failed 3 times");
            assertThat(running.sql.number("SELECT count(*) FROM generation_part")).isZero();
        }
    }

    /**
     * A worker in this process writing a scripted answer, 4 characters every 20 ms; the answer to {@code held} stops
     * after its first characters until it is stopped, however fast or slow this machine is.
     */
    private static InferenceWorker scriptedWorker(Database database, String held) {
        return new InferenceWorker(database, new InferenceQueue(GenerationRepository.forWorker()),
                HeldAnswers.afterFirstText().only(HeldAnswers.asking(held)).around(new ScriptedEngine(
                        "Ответ воркера, длинный и подробный. ".repeat(10), 4, Duration.ofMillis(20))),
                new WireFormat(new ObjectMapper()),
                new InferenceWorker.Settings("w1", 1, 30, Duration.ofMillis(100), Duration.ofSeconds(2)));
    }
}
