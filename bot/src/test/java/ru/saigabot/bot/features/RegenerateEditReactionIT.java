package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.Sql;
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.CallbackPress;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.bot.testing.telegram.UserMessage;

/** 🔄, edited messages and native reactions: new answers beside old ones, and the preference pairs they make. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class RegenerateEditReactionIT {

    @Test
    void regenerateKeepsBothAnswersAndALikeMakesAPreferencePair(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            Sql sql = running.sql;
            TestUser alice = telegram.user(5201, "Алиса", "ru");
            TestChat chat = telegram.privateChat(alice);

            BotMessage first = ConversationCommandsIT.ask(telegram, chat, alice, "Придумай название для кота");
            CallbackPress again = telegram.pressButtonLabeled(alice, first, "🔄");
            assertThat(telegram.awaitCallbackAnswered(again.queryId(), WAIT).text()).isEqualTo("🔄 Пишу новый ответ…");
            BotMessage second = telegram.awaitBotMessage(chat.id(), m -> m.messageId() > first.messageId()
                    && !m.buttons().isEmpty(), WAIT);
            List<List<Object>> answers = Await.until(WAIT, () -> sql.rows("SELECT id, superseded_at IS NOT NULL "
                    + "FROM message WHERE chat_id = ? AND role = 'assistant' ORDER BY id", chat.id()), r -> r.size() == 2
                    && Boolean.TRUE.equals(r.get(0).get(1)));
            long oldAnswer = (Long) answers.get(0).get(0);
            long newAnswer = (Long) answers.get(1).get(0);
            assertThat(answers.get(1).get(1)).as("the new answer continues the conversation").isEqualTo(false);

            // Both answers stay votable; a like on the new one prefers it to the old.
            CallbackPress like = telegram.pressButtonLabeled(alice, second, "👍");
            telegram.awaitCallbackAnswered(like.queryId(), WAIT);
            assertThat(pairs(sql, chat)).containsExactly(List.of(newAnswer, oldAnswer, "regenerate"));
            CallbackPress dislike = telegram.pressButtonLabeled(alice, second, "👎");
            telegram.awaitCallbackAnswered(dislike.queryId(), WAIT);
            assertThat(pairs(sql, chat)).as("the like was taken back").isEmpty();
            CallbackPress likeOld = telegram.pressButtonLabeled(alice, first, "👍");
            telegram.awaitCallbackAnswered(likeOld.queryId(), WAIT);
            assertThat(pairs(sql, chat)).containsExactly(List.of(oldAnswer, newAnswer, "regenerate"));

            // Only the latest turn can be regenerated.
            BotMessage third = ConversationCommandsIT.ask(telegram, chat, alice, "А для собаки?");
            CallbackPress stale = telegram.pressButtonLabeled(alice, first, "🔄");
            assertThat(telegram.awaitCallbackAnswered(stale.queryId(), WAIT).text())
                    .isEqualTo("Перегенерировать можно только последний ответ беседы.");
            // Pressing 🔄 twice at once starts one generation.
            telegram.pressButtonLabeled(alice, third, "🔄");
            CallbackPress twice = telegram.pressButtonLabeled(alice, third, "🔄");
            telegram.awaitCallbackAnswered(twice.queryId(), WAIT);
            Await.until(WAIT, () -> sql.number("SELECT count(*) FROM generation WHERE chat_id = ? AND status IN "
                    + "('queued', 'running')", chat.id()) == 0);
            assertThat(sql.number("SELECT count(*) FROM generation WHERE chat_id = ? AND reason = 'regenerate'",
                    chat.id())).isBetween(2L, 3L);
            assertThat(sql.number("SELECT count(*) FROM message m WHERE chat_id = ? AND role = 'assistant' "
                    + "AND superseded_at IS NULL AND reply_to_id = (SELECT max(id) FROM message WHERE chat_id = ? "
                    + "AND role = 'user')", chat.id(), chat.id())).as("one current answer per question").isEqualTo(1);
        }
    }

    @Test
    void anEditedQuestionIsAnsweredAgainAndReactionsCountAsVotes(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            Sql sql = running.sql;
            TestUser bob = telegram.user(5202, "Bob", "en");
            TestChat chat = telegram.privateChat(bob);

            UserMessage question = telegram.sendText(chat, bob, "Waht is 2+2?");
            BotMessage first = telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);
            telegram.editText(question, "What is 2+2?");
            BotMessage second = telegram.awaitBotMessage(chat.id(), m -> m.messageId() > first.messageId()
                    && !m.buttons().isEmpty(), WAIT);
            assertThat(Await.until(WAIT, () -> sql.strings("SELECT content FROM message WHERE chat_id = ? AND role = 'user'",
                    chat.id()), rows -> rows.contains("What is 2+2?"))).containsExactly("What is 2+2?");
            Await.until(WAIT, () -> sql.number("SELECT count(*) FROM message WHERE chat_id = ? AND superseded_at IS NOT NULL",
                    chat.id()) == 1);

            // A 👍 reaction on the new answer: a vote like the button, and an edit pair.
            telegram.react(chat, bob, second.messageId(), "👍");
            List<List<Object>> pair = Await.until(WAIT, () -> sql.rows("SELECT source FROM preference_pair "
                    + "WHERE chat_id = ?", chat.id()), rows -> !rows.isEmpty());
            assertThat(pair).containsExactly(List.of("edit"));
            assertThat(sql.strings("SELECT f.vote || ' ' || f.source FROM feedback f JOIN message m ON m.id = f.message_id "
                    + "WHERE m.chat_id = ?", chat.id())).containsExactly("1 reaction");
            // Liking both is a tie: no preference left.
            telegram.react(chat, bob, first.messageId(), "👍");
            Await.until(WAIT, () -> sql.number("SELECT count(*) FROM feedback f JOIN message m ON m.id = f.message_id "
                    + "WHERE m.chat_id = ?", chat.id()) == 2);
            assertThat(sql.number("SELECT count(*) FROM preference_pair WHERE chat_id = ?", chat.id())).isZero();
            // After an edit the old answer replied to another text: it is never the chosen side.
            telegram.react(chat, bob, second.messageId(), "👎");
            Await.until(WAIT, () -> sql.number("SELECT count(*) FROM feedback f JOIN message m ON m.id = f.message_id "
                    + "WHERE m.chat_id = ? AND f.vote = -1", chat.id()) == 1);
            assertThat(sql.number("SELECT count(*) FROM preference_pair WHERE chat_id = ?", chat.id())).isZero();

            telegram.react(chat, bob, second.messageId(), "🔥");
            Await.until(WAIT, () -> sql.number("SELECT count(*) FROM feedback_event e JOIN message m ON m.id = e.message_id "
                    + "WHERE m.chat_id = ? AND e.vote = 0", chat.id()) == 1);
            assertThat(sql.strings("SELECT f.vote::text FROM feedback f JOIN message m ON m.id = f.message_id "
                    + "WHERE m.chat_id = ?", chat.id())).as("taking the 👎 back withdraws the vote").containsExactly("1");

            // Editing an older message corrects the history without re-answering it.
            BotMessage third = ConversationCommandsIT.ask(telegram, chat, bob, "And 3+3?");
            // Shown in Telegram before it is stored: count the answers once this one's row is there.
            Await.until(WAIT, () -> sql.number("SELECT count(*) FROM message WHERE chat_id = ? AND tg_message_id = ?",
                    chat.id(), (long) third.messageId()) == 1);
            long answersBefore = sql.number("SELECT count(*) FROM message WHERE chat_id = ? AND role = 'assistant'",
                    chat.id());
            telegram.editText(question, "What is 2+2, exactly?");
            telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("✏️"), WAIT);
            assertThat(sql.strings("SELECT content FROM message WHERE chat_id = ? AND role = 'user' ORDER BY id",
                    chat.id())).containsExactly("What is 2+2, exactly?", "And 3+3?");
            assertThat(sql.number("SELECT count(*) FROM message WHERE chat_id = ? AND role = 'assistant'", chat.id()))
                    .isEqualTo(answersBefore);
        }
    }

    @Test
    void aVotePressedTheInstantTheAnswerAppearsIsCounted(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(5203, "Вика", "ru");
            TestChat chat = telegram.privateChat(user);
            BotMessage answer = answerStoredLate(telegram, chat, user);
            CallbackPress like = telegram.pressButtonLabeled(user, answer, "👍");
            assertThat(telegram.awaitCallbackAnswered(like.queryId(), WAIT).text()).isEqualTo("Спасибо за оценку!");
            assertThat(running.sql.strings("SELECT f.vote::text FROM feedback f JOIN message m ON m.id = f.message_id "
                    + "WHERE m.chat_id = ?", chat.id())).containsExactly("1");
        }
    }

    @Test
    void regeneratePressedTheInstantTheAnswerAppearsStartsANewAnswer(DatabaseUrl db, ModelPath model,
                                                                    @TempDir Path dir) throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(5205, "Дина", "ru");
            TestChat chat = telegram.privateChat(user);
            BotMessage answer = answerStoredLate(telegram, chat, user);
            CallbackPress again = telegram.pressButtonLabeled(user, answer, "🔄");
            assertThat(telegram.awaitCallbackAnswered(again.queryId(), WAIT).text()).isEqualTo("🔄 Пишу новый ответ…");
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM message WHERE chat_id = ? "
                    + "AND role = 'assistant' AND superseded_at IS NOT NULL", chat.id()) == 1);
        }
    }

    /** An answer whose row commits only 2 s after Telegram shows it: Telegram is slow to confirm it. */
    private static BotMessage answerStoredLate(BotApiEmulator telegram, TestChat chat, TestUser user) {
        telegram.faults().delayNext("sendMessage", java.time.Duration.ofSeconds(2));
        telegram.sendText(chat, user, "Привет");
        return telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);
    }

    private static List<List<Object>> pairs(Sql sql, TestChat chat) throws Exception {
        return sql.rows("SELECT chosen_message_id, rejected_message_id, source FROM preference_pair WHERE chat_id = ? "
                + "ORDER BY id", chat.id());
    }

    @Test
    void aQuestionEditedWhileItsAnswerIsWrittenIsAnsweredAgain(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        // The answer to the misspelt question is held once it has shown some text: the edit arrives while it is
        // still being written, however fast the model is; the answer to the corrected one runs freely.
        HeldAnswers held = HeldAnswers.afterFirstText().only(HeldAnswers.asking("Tell me abuot saigas"));
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(200), 2, held::around)) {
            BotApiEmulator telegram = running.telegram;
            Sql sql = running.sql;
            TestUser eve = telegram.user(5203, "Eve", "en");
            TestChat chat = telegram.privateChat(eve);

            UserMessage question = telegram.sendText(chat, eve, "Tell me abuot saigas");
            telegram.awaitDraft(chat.id(), d -> d.plainText().endsWith("▌"), WAIT);
            telegram.editText(question, "Tell me about saigas");

            List<String> statuses = Await.until(WAIT, () -> sql.strings("SELECT status FROM message WHERE chat_id = ? "
                    + "AND role = 'assistant' ORDER BY id", chat.id()), rows -> rows.size() == 2);
            assertThat(statuses.get(0)).as("the answer to the old text is stopped").isEqualTo("cut");
            assertThat(sql.strings("SELECT reason FROM generation WHERE chat_id = ? ORDER BY id", chat.id()))
                    .containsExactly("message", "edit");
            Await.until(WAIT, () -> sql.number("SELECT count(*) FROM message WHERE chat_id = ? AND role = 'assistant' "
                    + "AND superseded_at IS NOT NULL", chat.id()) == 1);
            assertThat(sql.strings("SELECT content FROM message WHERE chat_id = ? AND role = 'user'", chat.id()))
                    .containsExactly("Tell me about saigas");
        }
    }

    @Test
    void aGroupQuestionEditedWhileItsAnswerIsWrittenIsAnsweredAgain(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        // As above: the placeholder shows the start of the first answer (the cursor stays) until the edit stops it.
        HeldAnswers held = HeldAnswers.afterFirstText().only(HeldAnswers.asking("где живут сайги?"));
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(200), 2, held::around)) {
            BotApiEmulator telegram = running.telegram;
            Sql sql = running.sql;
            TestUser gleb = telegram.user(5204, "Глеб", "ru");
            TestChat group = telegram.supergroupChat(-1005204, "Степь");

            UserMessage question = telegram.sendText(group, gleb, "@SaigaTestBot, где живут сайги?");
            telegram.awaitBotMessage(group.id(), m -> m.text().endsWith("▌"), WAIT);
            telegram.editText(question, "@SaigaTestBot, где живут сайгаки?");

            List<String> statuses = Await.until(WAIT, () -> sql.strings("SELECT status FROM message WHERE chat_id = ? "
                    + "AND role = 'assistant' ORDER BY id", group.id()), rows -> rows.size() == 2);
            assertThat(statuses.get(0)).as("the answer to the old text is stopped").isEqualTo("cut");
            Await.until(WAIT, () -> sql.number("SELECT count(*) FROM message WHERE chat_id = ? AND role = 'assistant' "
                    + "AND superseded_at IS NOT NULL", group.id()) == 1);
            assertThat(sql.strings("SELECT content FROM message WHERE chat_id = ? AND role = 'user'", group.id()))
                    .containsExactly("где живут сайгаки?");
        }
    }
}
