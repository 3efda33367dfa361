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
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/** A message that cannot fit the context gets a clear answer in the user's language, and the chat goes on. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class LongMessageIT {
    private static final String TOKEN = "7000040:TEST-token-for-the-emulator-only";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aTooLongMessageIsRefusedClearlyAndTheNextOneIsAnswered(DatabaseUrl db, ModelPath model,
                                                                @TempDir Path dataDir) throws Exception {
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "SaigaTestBot");
             BotApplication bot = BotApplication.start(new BotConfig(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()),
                     model.path(), Optional.of(db.jdbcUrl()), dataDir, 1, 2, 512, "auto"),
                     new RunOptions(1, 200, 16, 3))) {
            TestUser user = telegram.user(9101, "Лев", "ru");
            TestChat chat = telegram.privateChat(user);

            telegram.sendText(chat, user, "слово ".repeat(660).strip());
            String refusal = telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("⚠️"), WAIT).text();
            assertThat(refusal).startsWith("⚠️ Сообщение слишком длинное для модели").contains("помещается 496");
            Await.until(WAIT, () -> count(db, "SELECT count(*) FROM generation WHERE status = 'failed'") == 1);

            BotMessage refused = telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("⚠️"), WAIT);
            assertThat(refused.buttons()).extracting(b -> b.text()).as("a failed answer offers a retry")
                    .containsExactly("🔄");
            telegram.sendText(chat, user, "Тогда коротко: привет!");
            telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty() && m.buttons().get(0).text().equals("👍"),
                    WAIT);
            Await.until(WAIT, () -> count(db, "SELECT count(*) FROM generation WHERE status = 'done'") == 1);
        }
    }

    /**
     * In a group everything said since the bot's last answer is one turn; long messages before a question used to
     * make it, and every later question, "too long" until /new. Its oldest lines now give way to the question.
     */
    @Test
    void aGroupsLongChatterBeforeAQuestionGivesWayToTheQuestion(DatabaseUrl db, ModelPath model,
                                                                @TempDir Path dataDir) throws Exception {
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "SaigaTestBot");
             BotApplication bot = BotApplication.start(new BotConfig(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()),
                     model.path(), Optional.of(db.jdbcUrl()), dataDir, 1, 2, 512, "auto"),
                     new RunOptions(1, 200, 16, 3))) {
            TestUser alice = telegram.user(9201, "Алиса", "ru");
            TestUser boris = telegram.user(9202, "Борис", "ru");
            TestChat group = telegram.supergroupChat(-1009200, "Болтуны");
            for (int i = 0; i < 4; i++) {
                telegram.sendText(group, i % 2 == 0 ? alice : boris, ("реплика " + i + " ").repeat(60).strip());
            }
            telegram.sendText(group, alice, "@SaigaTestBot, что скажешь?");

            telegram.awaitBotMessage(group.id(), m -> !m.buttons().isEmpty()
                    && m.buttons().get(0).text().equals("👍"), WAIT);
            Await.until(WAIT, () -> count(db, "SELECT count(*) FROM generation WHERE status = 'done'") == 1);
            assertThat(count(db, "SELECT count(*) FROM generation WHERE status = 'failed'")).isZero();
        }
    }
}
