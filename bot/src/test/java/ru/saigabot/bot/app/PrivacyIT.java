package ru.saigabot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.app.FirstConversationIT.count;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.CallbackPress;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/** One user can never touch another's data, and /forget removes a user's data and only theirs. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class PrivacyIT {
    private static final String TOKEN = "7000030:TEST-token-for-the-emulator-only";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void votesAreScopedByChatAndForgetRemovesOnlyTheUsersData(DatabaseUrl db, ModelPath model,
                                                              @TempDir Path dataDir) throws Exception {
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "SaigaTestBot");
             BotApplication bot = BotApplication.start(new BotConfig(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()),
                     model.path(), Optional.of(db.jdbcUrl()), dataDir, 2, 2, 1024, "auto"), new RunOptions(1, 200, 16, 3))) {
            TestUser alice = telegram.user(9001, "Алиса", "ru");
            TestUser bob = telegram.user(9002, "Боб", "ru");
            TestChat aliceChat = telegram.privateChat(alice);
            TestChat bobChat = telegram.privateChat(bob);

            telegram.sendText(aliceChat, alice, "Мой секрет: пароль 12345");
            BotMessage aliceAnswer = telegram.awaitBotMessage(aliceChat.id(), m -> !m.buttons().isEmpty(), WAIT);
            telegram.sendText(bobChat, bob, "Привет");
            BotMessage bobAnswer = telegram.awaitBotMessage(bobChat.id(), m -> !m.buttons().isEmpty(), WAIT);
            Await.until(WAIT, () -> count(db, "SELECT count(*) FROM generation WHERE status = 'done'") == 2);

            // Bob replays the data of Alice's 👍 button on a message in his own chat.
            String aliceLike = aliceAnswer.button("👍").orElseThrow().callbackData();
            CallbackPress forged = telegram.forgeCallback(bob, bobAnswer, aliceLike);
            assertThat(telegram.awaitCallbackAnswered(forged.queryId(), WAIT).text()).isEqualTo("Этот ответ нельзя оценить.");
            assertThat(count(db, "SELECT count(*) FROM feedback")).isZero();

            telegram.pressButtonLabeled(bob, bobAnswer, "👍");
            Await.until(WAIT, () -> count(db, "SELECT count(*) FROM feedback") == 1);
            telegram.pressButtonLabeled(alice, aliceAnswer, "👎");
            Await.until(WAIT, () -> count(db, "SELECT count(*) FROM feedback") == 2);

            // A side-by-side battle Alice starts in a group keeps a copy of her prompt outside her messages.
            TestChat group = telegram.groupChat(-9100, "Клуб");
            telegram.sendText(group, alice, "/arena@SaigaTestBot Мой второй секрет: 777");
            Await.until(WAIT, () -> count(db, "SELECT count(*) FROM arena_task WHERE chat_id = -9100 "
                    + "AND answer_b IS NOT NULL") == 1);

            telegram.sendText(aliceChat, alice, "/forget");
            BotMessage confirm = telegram.awaitBotMessage(aliceChat.id(), m -> m.button("🗑 Удалить всё").isPresent(), WAIT);
            CallbackPress erase = telegram.pressButtonLabeled(alice, confirm, "🗑 Удалить всё");
            telegram.awaitCallbackAnswered(erase.queryId(), WAIT);
            telegram.awaitBotMessage(aliceChat.id(), m -> m.text().startsWith("Готово"), WAIT);

            String aliceRows = "SELECT (SELECT count(*) FROM message WHERE chat_id = 9001 OR author_id = 9001)"
                    + " + (SELECT count(*) FROM tg_user WHERE id = 9001)"
                    + " + (SELECT count(*) FROM chat WHERE id = 9001)"
                    + " + (SELECT count(*) FROM feedback WHERE user_id = 9001)"
                    + " + (SELECT count(*) FROM feedback_event WHERE user_id = 9001)"
                    + " + (SELECT count(*) FROM telegram_update WHERE chat_id = 9001 OR payload::text LIKE '%12345%')"
                    + " + (SELECT count(*) FROM arena_task WHERE prompt LIKE '%777%')";
            assertThat(count(db, aliceRows)).isZero();
            // The erase's own update still guards against its re-delivery, without naming the chat.
            assertThat(count(db, "SELECT count(*) FROM telegram_update WHERE update_id = " + erase.updateId()
                    + " AND handled_at IS NOT NULL AND chat_id IS NULL AND payload IS NULL")).isEqualTo(1);
            assertThat(count(db, "SELECT count(*) FROM message WHERE chat_id = 9002")).isEqualTo(2);
            assertThat(count(db, "SELECT count(*) FROM feedback WHERE user_id = 9002")).isEqualTo(1);

            // Alice starts over: a new conversation with nothing of the old one (the caches forgot it too).
            telegram.sendText(aliceChat, alice, "Кто я?");
            telegram.awaitBotMessage(aliceChat.id(), m -> !m.buttons().isEmpty() && m.messageId() > confirm.messageId(),
                    WAIT);
            Await.until(WAIT, () -> count(db, "SELECT count(*) FROM message WHERE chat_id = 9001") == 2);
            assertThat(count(db, "SELECT count(DISTINCT conversation_id) FROM message WHERE chat_id = 9001")).isEqualTo(1);
            assertThat(count(db, "SELECT count(*) FROM message WHERE content LIKE '%12345%'")).isZero();
        }
    }
}
