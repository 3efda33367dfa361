package ru.saigabot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.render.AnswerFormat;
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
import ru.saigabot.bot.testing.telegram.MessageDraft;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.bot.testing.telegram.UserMessage;

/**
 * The walking skeleton's proof: one conversation through every real part — the Bot API emulator
 * over HTTP, the bot's polling and handlers, the tiny model in llama.cpp, and PostgreSQL — then a
 * restart on the same database that continues the same conversation.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class FirstConversationIT {
    static final String TOKEN = "7000001:TEST-token-for-the-emulator-only";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void answersStoresTakesAVoteAndContinuesAfterARestart(DatabaseUrl db, ModelPath model, @TempDir Path dataDir)
            throws Exception {
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "SaigaTestBot")) {
            BotConfig config = new BotConfig(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()), model.path(),
                    Optional.of(db.jdbcUrl()), dataDir, 2, 2, 2048, "auto");
            // Enough tokens to stream for a while at a short edit interval, few enough for one message.
            RunOptions options = new RunOptions(1, 100, 600, 42);
            TestUser alice = telegram.user(5001, "Алиса", "ru");
            TestChat chat = telegram.privateChat(alice);

            // The first answer stops once it has shown some text, until the test has seen it streamed into the draft:
            // a preview before the final message is then certain, however fast the model writes on this machine.
            HeldAnswers held = HeldAnswers.afterFirstText().only(HeldAnswers.asking("Привет! Как дела?"));

            BotMessage answer;
            try (BotApplication bot = BotApplication.start(config, options,
                    c -> held.around(RunningBot.tinyModelEngine(c)))) {
                telegram.sendText(chat, alice, "/start");
                BotMessage welcome = telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("Привет!"), WAIT);
                assertThat(welcome.text()).contains("/help");
                assertThat(telegram.commands("ru")).isNotEmpty();
                assertThat(telegram.commands("ru")).extracting(c -> c.command()).contains("arena", "annotate");
                assertThat(telegram.commands("en")).isNotEmpty();

                UserMessage question = telegram.sendText(chat, alice, "Привет! Как дела?");
                telegram.awaitDraft(chat.id(), d -> d.plainText().endsWith("▌"), WAIT);
                held.release();
                answer = telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);

                assertThat(answer.buttons()).extracting(b -> b.text()).containsExactly("👍", "👎", "🔄");
                // Private chats stream into a message draft; the answer itself is one new message.
                List<MessageDraft> drafts = telegram.drafts(chat.id());
                assertThat(drafts.get(0).plainText()).startsWith("⏳");
                assertThat(drafts).as("\"thinking\", then streamed text").hasSizeGreaterThanOrEqualTo(2);
                assertThat(drafts.get(drafts.size() - 1).plainText()).endsWith("▌");
                assertThat(drafts).extracting(MessageDraft::draftId).as("one animated draft").containsOnly(
                        drafts.get(0).draftId());
                assertThat(answer.history()).hasSize(1);
                assertThat(answer.text()).isNotBlank().doesNotStartWith("⏳").doesNotContain("▌");
                assertThat(telegram.chatActions(chat.id())).isNotEmpty();

                // The answer is stored right after Telegram accepted it (see AnswerDelivery).
                List<Row> rows = awaitMessages(db, chat.id(), 2);
                assertThat(rows.get(0)).isEqualTo(new Row(rows.get(0).conversationId(), "user", "Привет! Как дела?",
                        question.messageId(), "complete"));
                assertThat(rows.get(1)).isEqualTo(new Row(rows.get(0).conversationId(), "assistant",
                        rows.get(1).content(), answer.messageId(), rows.get(1).status()));
                assertThat(AnswerFormat.messages(rows.get(1).content())).as("the model's text is stored, its HTML shown")
                        .containsExactly(answer.text());
                assertThat(rows.get(1).status()).isIn("complete", "cut");

                CallbackPress like = telegram.pressButtonLabeled(alice, answer, "👍");
                assertThat(telegram.awaitCallbackAnswered(like.queryId(), WAIT).text()).isEqualTo("Спасибо за оценку!");
                assertThat(votes(db, answer.messageId())).containsExactly(1);

                CallbackPress again = telegram.pressButtonLabeled(alice, answer, "👍");
                telegram.awaitCallbackAnswered(again.queryId(), WAIT);
                CallbackPress dislike = telegram.pressButtonLabeled(alice, answer, "👎");
                assertThat(telegram.awaitCallbackAnswered(dislike.queryId(), WAIT).text()).isEqualTo("Оценка изменена.");
                assertThat(votes(db, answer.messageId())).as("one current vote per user").containsExactly(-1);
                assertThat(count(db, "SELECT count(*) FROM feedback_event")).as("every change kept").isEqualTo(2);
            }

            try (BotApplication restarted = BotApplication.start(config, options)) {
                telegram.sendText(chat, alice, "А что ты умеешь?");
                telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty() && m.messageId() != answer.messageId(),
                        WAIT);
                List<Row> rows = awaitMessages(db, chat.id(), 4);
                assertThat(rows).extracting(Row::conversationId).containsOnly(rows.get(0).conversationId());
                assertThat(rows).extracting(Row::role).containsExactly("user", "assistant", "user", "assistant");
            }
            assertThat(count(db, "SELECT count(*) FROM telegram_update WHERE handled_at IS NULL")).isZero();
            assertThat(count(db, "SELECT count(*) FROM telegram_update WHERE payload IS NOT NULL"))
                    .as("handled updates keep their update_id, not the user's text").isZero();
            assertThat(count(db, "SELECT count(*) FROM generation WHERE status <> 'done'")).isZero();
        }
    }

    record Row(long conversationId, String role, String content, long tgMessageId, String status) {}

    private static List<Row> awaitMessages(DatabaseUrl db, long chatId, int count) throws Exception {
        return Await.until(WAIT, () -> messages(db, chatId), rows -> rows.size() >= count);
    }

    private static List<Row> messages(DatabaseUrl db, long chatId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT conversation_id, role, content, tg_message_id, status FROM message "
                             + "WHERE chat_id = ? ORDER BY id")) {
            statement.setLong(1, chatId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(new Row(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4), row.getString(5)));
                }
            }
            return rows;
        }
    }

    private static List<Integer> votes(DatabaseUrl db, int answerTgMessageId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT f.vote FROM feedback f JOIN message m ON m.id = f.message_id WHERE m.tg_message_id = ? "
                             + "AND m.role = 'assistant'")) {
            statement.setLong(1, answerTgMessageId);
            List<Integer> votes = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    votes.add(row.getInt(1));
                }
            }
            return votes;
        }
    }

    static long count(DatabaseUrl db, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
