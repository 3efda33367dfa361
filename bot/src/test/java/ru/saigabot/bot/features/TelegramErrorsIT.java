package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/** Telegram's errors injected by the emulator: 403, 429, 5xx; nothing is lost and nothing is left open. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class TelegramErrorsIT {

    @Test
    void aBlockedUserMarksTheChatInactiveAndClosesTheRequest(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(5501, "Глеб", "ru");
            TestChat chat = telegram.privateChat(user);
            telegram.faults().failNext("sendMessage", 403, "Forbidden: bot was blocked by the user", null);
            telegram.sendText(chat, user, "Привет");
            Await.until(WAIT, () -> running.sql.strings("SELECT status FROM generation WHERE chat_id = ?", chat.id())
                    .contains("failed"));
            assertThat(running.sql.strings("SELECT active::text FROM chat WHERE id = ?", chat.id())).containsExactly("false");

            // Unblocked: the next message re-activates the chat and is answered.
            ConversationCommandsIT.ask(telegram, chat, user, "Снова привет");
            assertThat(running.sql.strings("SELECT active::text FROM chat WHERE id = ?", chat.id())).containsExactly("true");
        }
    }

    @Test
    void removedFromAGroupMarksItInactive(DatabaseUrl db, ModelPath model, @TempDir Path dir) throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser admin = telegram.user(5502, "Admin", "en");
            TestChat group = telegram.supergroupChat(-1005500, "Group");
            telegram.sendText(group, admin, "@SaigaTestBot hi");
            telegram.awaitBotMessage(group.id(), m -> !m.buttons().isEmpty(), WAIT);

            ObjectNode change = JsonNodeFactory.instance.objectNode();
            change.putObject("chat").put("id", group.id()).put("type", "supergroup").put("title", "Group");
            change.putObject("from").put("id", admin.id()).put("is_bot", false).put("first_name", "Admin");
            change.put("date", 1_700_000_000);
            change.putObject("old_chat_member").put("status", "member").putObject("user").put("id", 7000001)
                    .put("is_bot", true).put("first_name", "Saiga");
            change.putObject("new_chat_member").put("status", "kicked").put("until_date", 0).putObject("user")
                    .put("id", 7000001).put("is_bot", true).put("first_name", "Saiga");
            ObjectNode update = JsonNodeFactory.instance.objectNode();
            update.set("my_chat_member", change);
            telegram.enqueueRawUpdate(update);
            Await.until(WAIT, () -> running.sql.strings("SELECT active::text FROM chat WHERE id = ?", group.id())
                    .contains("false"));
        }
    }

    @Test
    void floodWaitAndServerErrorsAreRetriedAndTheAnswerArrives(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(5503, "Dana", "en");
            TestChat chat = telegram.privateChat(user);
            telegram.faults().floodWaitNext("sendMessage", 1);
            telegram.faults().failNext("editMessageText", 2, 502, "Bad Gateway", null);
            BotMessage answer = ConversationCommandsIT.ask(telegram, chat, user, "Hello");
            assertThat(answer.text()).isNotBlank();
            assertThat(telegram.calls("sendMessage").size()).as("the refused answer was sent again").isGreaterThan(1);
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM message WHERE chat_id = ? AND role = "
                    + "'assistant' AND status <> 'failed'", chat.id()) == 1);
            assertThat(running.sql.number("SELECT count(*) FROM generation WHERE chat_id = ? AND status <> 'done'",
                    chat.id())).isZero();
        }
    }

    @Test
    void anAnswerThatCouldNotStartWhileTelegramFailedIsRetriedLater(DatabaseUrl db, ModelPath model,
                                                                   @TempDir Path dir) throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(5504, "Eve", "en");
            TestChat chat = telegram.privateChat(user);
            // More failures than the gateway retries in place.
            telegram.faults().failNext("sendMessageDraft", 4, 502, "Bad Gateway", null);
            BotMessage answer = ConversationCommandsIT.ask(telegram, chat, user, "Are you there?");
            assertThat(answer.text()).isNotBlank();
            // Telegram shows the answer before the row commits: wait for it, then check there is only that one.
            assertThat(Await.until(WAIT, () -> running.sql.strings("SELECT status FROM generation WHERE chat_id = ?",
                    chat.id()), statuses -> !statuses.contains("running"))).containsExactly("done");
        }
    }

    @Test
    void whereDraftsAreRefusedAnswersStreamIntoAPlaceholder(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        // The first answer stops once it has shown some text, until the test has seen that text streamed into the
        // placeholder: an edit between the placeholder and the final text is then certain, whatever the model's speed.
        HeldAnswers held = HeldAnswers.afterFirstText();
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(200), 2, held::around)) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(5505, "Fay", "en");
            TestChat chat = telegram.privateChat(user);
            telegram.faults().failNext("sendMessageDraft", 400, "Bad Request: method sendMessageDraft is unavailable",
                    null);
            int question = telegram.sendText(chat, user, "Hi").messageId();
            telegram.awaitBotMessage(chat.id(), m -> m.history().stream().anyMatch(v -> v.plainText().endsWith("▌")),
                    WAIT);
            held.release();
            BotMessage answer = telegram.awaitBotMessage(chat.id(), m -> m.messageId() > question
                    && !m.buttons().isEmpty() && m.buttons().get(0).text().equals("👍"), WAIT);
            assertThat(answer.history().get(0).plainText()).isEqualTo("⏳ Thinking…");
            assertThat(answer.history()).as("placeholder, streamed edits, final text").hasSizeGreaterThanOrEqualTo(3);

            TestUser other = telegram.user(5506, "Gus", "en");
            TestChat otherChat = telegram.privateChat(other);
            ConversationCommandsIT.ask(telegram, otherChat, other, "Hi");
            assertThat(telegram.calls("sendMessageDraft")).as("refused once: not tried again").hasSize(1);
        }
    }
}
