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
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.CallbackPress;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/** /new, /system, /chats, /params and /stop in a private chat, through the emulator, the tiny model and PostgreSQL. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class ConversationCommandsIT {

    @Test
    void newSystemPromptsAndSwitchingBackToAnOldConversation(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser alice = telegram.user(5101, "Алиса", "ru");
            TestChat chat = telegram.privateChat(alice);

            ask(telegram, chat, alice, "Первый вопрос");
            telegram.sendText(chat, alice, "/new");
            assertThat(reply(telegram, chat, "🆕").text()).contains("/chats");
            ask(telegram, chat, alice, "Второй вопрос");
            assertThat(running.sql.strings("SELECT title FROM conversation WHERE chat_id = ? ORDER BY id", chat.id()))
                    .containsExactly("Первый вопрос", "Второй вопрос");

            telegram.sendText(chat, alice, "/system");
            assertThat(reply(telegram, chat, "Системный промпт этой беседы").text()).contains("Ты — Сайга");

            telegram.sendText(chat, alice, "/system Ты — пират. Отвечай как пират.");
            reply(telegram, chat, "✅ Системный промпт задан");
            ask(telegram, chat, alice, "Кто ты?");
            assertThat(running.sql.strings("SELECT c.system_prompt FROM message m JOIN conversation c "
                    + "ON c.id = m.conversation_id WHERE m.chat_id = ? AND m.content = 'Кто ты?'", chat.id()))
                    .containsExactly("Ты — пират. Отвечай как пират.");
            telegram.sendText(chat, alice, "/system");
            assertThat(reply(telegram, chat, "Системный промпт этой беседы:\n\nТы — пират").text()).isNotEmpty();

            telegram.sendText(chat, alice, "/system reset");
            reply(telegram, chat, "✅ Вернул стандартный");
            assertThat(running.sql.strings("SELECT system_prompt FROM conversation WHERE chat_id = ? ORDER BY id DESC "
                    + "LIMIT 1", chat.id())).singleElement().asString().startsWith("Ты — Сайга");

            telegram.sendText(chat, alice, "/chats");
            BotMessage list = reply(telegram, chat, "💬 Ваши беседы");
            assertThat(list.buttons()).extracting(b -> b.text())
                    .contains("💬 Первый вопрос", "💬 Второй вопрос", "💬 Кто ты?", "✅ Без названия");
            CallbackPress back = telegram.pressButtonLabeled(alice, list, "💬 Первый вопрос");
            assertThat(telegram.awaitCallbackAnswered(back.queryId(), WAIT).text())
                    .isEqualTo("✅ Продолжаем беседу «Первый вопрос».");
            ask(telegram, chat, alice, "Продолжим");
            assertThat(running.sql.strings("SELECT c.title FROM message m JOIN conversation c ON c.id = m.conversation_id "
                    + "WHERE m.chat_id = ? AND m.content = 'Продолжим'", chat.id())).containsExactly("Первый вопрос");
            assertThat(running.sql.number("SELECT count(*) FROM message WHERE chat_id = ? AND content = 'Продолжим' "
                    + "AND conversation_id = (SELECT min(id) FROM conversation WHERE chat_id = ?)", chat.id(), chat.id()))
                    .isEqualTo(1);

            telegram.sendText(chat, alice, "/chats");
            BotMessage again = reply(telegram, chat, m -> m.text().startsWith("💬 Ваши беседы") && m.messageId() > list.messageId());
            assertThat(again.buttons().get(0).text()).as("most recent first, marked current").isEqualTo("✅ Первый вопрос");
        }
    }

    @Test
    void paramsButtonsChangeTheNextAnswerAndStopCutsARunningOne(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        // The answer to stop is held once it has shown some text: it is still being written when /stop comes.
        HeldAnswers held = HeldAnswers.afterFirstText().only(HeldAnswers.asking("And another, even longer"));
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(1500), 2, held::around)) {
            BotApiEmulator telegram = running.telegram;
            TestUser bob = telegram.user(5102, "Bob", "en");
            TestChat chat = telegram.privateChat(bob);

            telegram.sendText(chat, bob, "/stop");
            reply(telegram, chat, "There is nothing to stop");

            telegram.sendText(chat, bob, "/params");
            BotMessage menu = reply(telegram, chat, "⚙️ Generation settings");
            assertThat(menu.text()).contains("Temperature: 0.2").contains("up to 1500 tokens");
            assertThat(menu.buttons()).extracting(b -> b.text()).contains("✅ 0.2", "🌡 0.8", "✅ 0.9", "📏 256");
            CallbackPress hotter = telegram.pressButtonLabeled(bob, menu, "🌡 0.8");
            assertThat(telegram.awaitCallbackAnswered(hotter.queryId(), WAIT).text()).isEqualTo("Saved.");
            Await.until(WAIT, () -> telegram.botMessage(chat.id(), menu.messageId()).orElseThrow().text()
                    .contains("Temperature: 0.8"));
            CallbackPress shorter = telegram.pressButtonLabeled(bob, menu, "📏 256");
            telegram.awaitCallbackAnswered(shorter.queryId(), WAIT);
            assertThat(running.sql.strings("SELECT settings::text FROM chat WHERE id = ?", chat.id()))
                    .containsExactly("{\"max_tokens\": 256, \"temperature\": 0.8}");

            telegram.sendText(chat, bob, "Tell me a long story");
            BotMessage answer = telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty() && m.text().length() > 1
                    && m.messageId() > menu.messageId(), WAIT);
            // Stored right after Telegram showed it: wait for the row.
            assertThat(Await.until(WAIT, () -> running.sql.strings("SELECT params->>'temperature' || ' ' || "
                    + "(params->>'maxTokens') FROM message WHERE chat_id = ? AND role = 'assistant'", chat.id()),
                    rows -> !rows.isEmpty())).containsExactly("0.8 256");
            assertThat(answer).isNotNull();

            telegram.sendText(chat, bob, "/params");
            BotMessage menu2 = reply(telegram, chat, m -> m.text().startsWith("⚙️") && m.messageId() > answer.messageId());
            // No answer longer than the operator's --max-tokens (1500) is offered, nor taken from a forged button.
            assertThat(menu2.buttons()).extracting(b -> b.text()).contains("📏 1024").doesNotContain("📏 2048");
            CallbackPress forged = telegram.forgeCallback(bob, menu2, "pm:n:2048");
            assertThat(telegram.awaitCallbackAnswered(forged.queryId(), WAIT).text())
                    .isEqualTo("This choice is no longer offered: send /params again.");
            telegram.pressButtonLabeled(bob, menu2, "📏 1024");
            Await.until(WAIT, () -> running.sql.strings("SELECT settings->>'max_tokens' FROM chat WHERE id = ?",
                    chat.id()).contains("1024"));
            // A long answer: stopped after its first streamed edit (held there), kept as far as it got.
            telegram.sendText(chat, bob, "And another, even longer");
            int draftsBefore = telegram.drafts(chat.id()).size();
            telegram.awaitDraft(chat.id(), d -> d.plainText().endsWith("▌")
                    && telegram.drafts(chat.id()).indexOf(d) >= draftsBefore, WAIT);
            telegram.sendText(chat, bob, "/stop");
            BotMessage stopped = telegram.awaitBotMessage(chat.id(), m -> m.messageId() > menu2.messageId()
                    && !m.buttons().isEmpty(), WAIT);
            assertThat(stopped.text()).isNotBlank().doesNotContain("▌");
            List<String> statuses = Await.until(WAIT, () -> running.sql.strings(
                    "SELECT status FROM message WHERE chat_id = ? AND role = 'assistant' ORDER BY id", chat.id()),
                    rows -> rows.size() == 2);
            assertThat(statuses.get(1)).isEqualTo("cut");
            assertThat(running.sql.number("SELECT completion_tokens FROM message WHERE chat_id = ? AND role = "
                    + "'assistant' ORDER BY id DESC LIMIT 1", chat.id())).isLessThan(1024);
        }
    }

    static BotMessage ask(BotApiEmulator telegram, TestChat chat, TestUser user, String text) {
        int question = telegram.sendText(chat, user, text).messageId();
        return telegram.awaitBotMessage(chat.id(), m -> m.messageId() > question && !m.buttons().isEmpty()
                && m.buttons().get(0).text().equals("👍"), WAIT);
    }

    private static BotMessage reply(BotApiEmulator telegram, TestChat chat, String prefix) {
        return telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith(prefix), WAIT);
    }

    private static BotMessage reply(BotApiEmulator telegram, TestChat chat, java.util.function.Predicate<BotMessage> p) {
        return telegram.awaitBotMessage(chat.id(), p, WAIT);
    }
}
