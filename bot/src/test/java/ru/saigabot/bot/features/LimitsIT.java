package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.access.AccessRules;
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
import ru.saigabot.bot.testing.telegram.UserMessage;

/** Per-user limits, the admins who are exempt from them, /stats, and the allowlist mode. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class LimitsIT {
    private static final long ADMIN = 5401;

    @Test
    void limitsUsersButNotAdmins(DatabaseUrl db, ModelPath model, @TempDir Path dir) throws Exception {
        AccessRules rules = new AccessRules(Set.of(ADMIN), Set.of(), 2, 3);
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8).withAccess(rules))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(5402, "Вера", "ru");
            TestChat chat = telegram.privateChat(user);

            ConversationCommandsIT.ask(telegram, chat, user, "Раз");
            ConversationCommandsIT.ask(telegram, chat, user, "Два");
            // The second turn went to the slot that held the first: its start came from the cache.
            assertThat(Await.until(WAIT, () -> running.sql.rows("SELECT cached_prompt_tokens, prompt_tokens FROM message "
                    + "WHERE chat_id = ? AND role = 'assistant' ORDER BY id", chat.id()), rows -> rows.size() == 2)
                    .get(1)).satisfies(row -> assertThat((Integer) row.get(0)).isPositive()
                            .isLessThan((Integer) row.get(1)));
            telegram.sendText(chat, user, "Три");
            BotMessage refused = telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("⏳ Слишком много"), WAIT);
            assertThat(refused.text()).contains("не больше 2 в час").containsPattern("через \\d+ мин");
            assertThat(running.sql.strings("SELECT content FROM message WHERE chat_id = ? AND role = 'user' ORDER BY id",
                    chat.id())).as("a refused question is not stored").containsExactly("Раз", "Два");

            TestUser admin = telegram.user(ADMIN, "Админ", "ru");
            TestChat adminChat = telegram.privateChat(admin);
            for (String question : new String[] {"Раз", "Два", "Три"}) {
                ConversationCommandsIT.ask(telegram, adminChat, admin, question);
            }

            // An answer is stored right after Telegram shows it: wait for the last one before counting.
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM message") == 10);
            telegram.sendText(chat, user, "/stats");
            telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("Команда /stats доступна только"), WAIT);
            telegram.sendText(adminChat, admin, "/stats");
            BotMessage stats = telegram.awaitBotMessage(adminChat.id(), m -> m.text().startsWith("📊"), WAIT);
            assertThat(stats.text()).contains("Пользователей: 2").contains("Сообщений: 10")
                    .containsPattern("Из кэша: \\d+% токенов промпта").contains("Ответов с урезанной историей: 0");
        }
    }

    /** 🔄 and an edited question are answered like a new question, so they count in the hourly limit too. */
    @Test
    void regeneratingAndEditingCountInTheHourlyLimit(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        AccessRules rules = new AccessRules(Set.of(), Set.of(), 3, 3);
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8).withAccess(rules))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(5406, "Глеб", "ru");
            TestChat chat = telegram.privateChat(user);

            UserMessage question = telegram.sendText(chat, user, "Раз");
            BotMessage first = telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM generation WHERE status = 'done'") == 1);
            CallbackPress again = telegram.pressButtonLabeled(user, first, "🔄");
            assertThat(telegram.awaitCallbackAnswered(again.queryId(), WAIT).text()).isEqualTo("🔄 Пишу новый ответ…");
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM generation WHERE status = 'done'") == 2);
            telegram.editText(question, "Раз, два");
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM generation WHERE status = 'done'") == 3);

            telegram.sendText(chat, user, "Три");
            telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("⏳ Слишком много"), WAIT);
            BotMessage latest = telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty()
                    && m.messageId() > first.messageId(), WAIT);
            CallbackPress fourth = telegram.pressButtonLabeled(user, latest, "🔄");
            assertThat(telegram.awaitCallbackAnswered(fourth.queryId(), WAIT).text()).startsWith("⏳ Слишком много");
            telegram.editText(question, "Раз, два, три");
            telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("⏳ Слишком много")
                    && telegram.botMessages(chat.id()).stream().filter(b -> b.text().startsWith("⏳")).count() == 2,
                    WAIT);
            assertThat(running.sql.number("SELECT count(*) FROM generation")).as("nothing more was answered")
                    .isEqualTo(3);
            assertThat(running.sql.strings("SELECT content FROM message WHERE chat_id = ? AND role = 'user'", chat.id()))
                    .as("the correction is kept").containsExactly("Раз, два, три");
        }
    }

    @Test
    void aQuestionBeyondTheQueuedLimitIsRefused(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        AccessRules rules = new AccessRules(Set.of(), Set.of(), 0, 1);
        // The first answer is held once it has shown some text: the second question comes while it is still open.
        HeldAnswers held = HeldAnswers.afterFirstText().only(HeldAnswers.asking("First"));
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(1500).withAccess(rules), 2,
                held::around)) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(5403, "Bob", "en");
            TestChat chat = telegram.privateChat(user);
            telegram.sendText(chat, user, "First");
            telegram.sendText(chat, user, "Second");
            telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("⏳ You already have 1 requests waiting"), WAIT);
            assertThat(running.sql.strings("SELECT content FROM message WHERE chat_id = ? AND role = 'user'", chat.id()))
                    .containsExactly("First");
        }
    }

    @Test
    void allowlistModeServesOnlyListedUsersAndGroups(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        AccessRules rules = new AccessRules(Set.of(), Set.of(5404L, -1005400L), 0, 3);
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8).withAccess(rules))) {
            BotApiEmulator telegram = running.telegram;
            TestUser invited = telegram.user(5404, "Invited", "en");
            TestUser stranger = telegram.user(5405, "Stranger", "en");
            ConversationCommandsIT.ask(telegram, telegram.privateChat(invited), invited, "Hello");
            TestChat strangerChat = telegram.privateChat(stranger);
            telegram.sendText(strangerChat, stranger, "Hello");
            telegram.awaitBotMessage(strangerChat.id(), m -> m.text().equals("This bot serves invited users only."), WAIT);

            TestChat team = telegram.supergroupChat(-1005400, "Team");
            telegram.sendText(team, stranger, "@SaigaTestBot hi");
            telegram.awaitBotMessage(team.id(), m -> !m.buttons().isEmpty(), WAIT);
            TestChat other = telegram.supergroupChat(-1005401, "Other");
            telegram.sendText(other, stranger, "@SaigaTestBot hi");
            telegram.awaitBotMessage(other.id(), m -> m.text().equals("This bot serves invited users only."), WAIT);
            assertThat(running.sql.number("SELECT count(*) FROM message WHERE chat_id = ?", other.id())).isZero();
        }
    }
}
