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
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.bot.testing.telegram.UserMessage;

/** Groups: when the bot answers, what it keeps as context, who may change settings, and forum topics. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class GroupChatIT {

    @Test
    void answersWhenAddressedAndKeepsTheRestAsContext(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            Sql sql = running.sql;
            TestUser alice = telegram.user(5301, "Алиса", "ru");
            TestUser boris = telegram.user(5302, "Борис", "ru");
            TestChat group = telegram.supergroupChat(-1005300, "Кино по субботам");
            telegram.privateChat(alice);

            telegram.sendText(group, alice, "Пойдём в субботу в кино?");
            telegram.sendText(group, boris, "Давай, на вечерний сеанс");
            UserMessage question = telegram.sendText(group, alice, "@SaigaTestBot, о чём мы договорились?");
            BotMessage answer = telegram.awaitBotMessage(group.id(), m -> !m.buttons().isEmpty(), WAIT);
            assertThat(answer.replyToMessageId()).as("the answer replies to the question").isEqualTo(question.messageId());
            // The answer is stored right after Telegram shows it: wait for its row.
            assertThat(Await.until(WAIT, () -> sql.rows("SELECT role, content, u.first_name FROM message m "
                    + "LEFT JOIN tg_user u ON u.id = m.author_id WHERE m.chat_id = ? ORDER BY m.id", group.id()),
                    rows -> rows.size() >= 4)).containsExactly(
                    List.of("user", "Пойдём в субботу в кино?", "Алиса"),
                    List.of("user", "Давай, на вечерний сеанс", "Борис"),
                    List.of("user", "о чём мы договорились?", "Алиса"),
                    java.util.Arrays.asList("assistant", answer.text(), null));
            assertThat(sql.number("SELECT count(*) FROM generation WHERE chat_id = ?", group.id()))
                    .as("only the addressed message is answered").isEqualTo(1);
            assertThat(sql.number("SELECT count(*) FROM conversation WHERE chat_id = ?", group.id())).isEqualTo(1);
            assertThat(sql.number("SELECT count(*) FROM message WHERE chat_id = ?", alice.id()))
                    .as("the group is separate from Alice's private chat").isZero();

            // A reply to the bot's message addresses it too.
            telegram.replyText(group, boris, answer.messageId(), "А во сколько?");
            telegram.awaitBotMessage(group.id(), m -> m.messageId() > answer.messageId() && !m.buttons().isEmpty(), WAIT);

            // Settings belong to the group's admins.
            telegram.sendText(group, boris, "/system Отвечай стихами");
            telegram.awaitBotMessage(group.id(), m -> m.text().startsWith("Эту настройку группы могут менять только"),
                    WAIT);
            telegram.makeAdmin(group, alice);
            telegram.sendText(group, alice, "/name Сайга");
            telegram.awaitBotMessage(group.id(), m -> m.text().startsWith("✅ Теперь можно обращаться ко мне «Сайга»"),
                    WAIT);
            int before = telegram.botMessages(group.id()).size();
            telegram.sendText(group, boris, "Сайга, перескажи обсуждение");
            Await.until(WAIT, () -> sql.number("SELECT count(*) FROM message WHERE chat_id = ? AND content = "
                    + "'перескажи обсуждение'", group.id()) == 1);
            telegram.awaitBotMessage(group.id(), m -> telegram.botMessages(group.id()).size() > before
                    && !m.buttons().isEmpty() && m.replyToMessageId() != null
                    && m.messageId() == telegram.botMessages(group.id()).get(telegram.botMessages(group.id()).size() - 1)
                            .messageId(), WAIT);
            assertThat(sql.number("SELECT count(*) FROM generation WHERE chat_id = ?", group.id())).isEqualTo(3);
            assertThat(telegram.calls("getChatMember")).as("admin checks asked Telegram").isNotEmpty();
        }
    }

    @Test
    void eachForumTopicIsItsOwnConversation(DatabaseUrl db, ModelPath model, @TempDir Path dir) throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser alice = telegram.user(5303, "Алиса", "ru");
            TestChat forum = telegram.forumChat(-1005301, "Форум");

            telegram.sendTextInTopic(forum, alice, 11, "@SaigaTestBot привет из темы 11");
            BotMessage first = telegram.awaitBotMessage(forum.id(), m -> !m.buttons().isEmpty(), WAIT);
            telegram.sendTextInTopic(forum, alice, 12, "@SaigaTestBot привет из темы 12");
            BotMessage second = telegram.awaitBotMessage(forum.id(), m -> m.messageId() > first.messageId()
                    && !m.buttons().isEmpty(), WAIT);
            assertThat(first.messageThreadId()).isEqualTo(11);
            assertThat(second.messageThreadId()).isEqualTo(12);
            assertThat(running.sql.rows("SELECT thread_id FROM conversation WHERE chat_id = ? ORDER BY id", forum.id()))
                    .containsExactly(List.of(11L), List.of(12L));

            telegram.sendTextInTopic(forum, alice, 11, "/new");
            telegram.awaitBotMessage(forum.id(), m -> m.text().startsWith("🆕") && Integer.valueOf(11)
                    .equals(m.messageThreadId()), WAIT);
            assertThat(running.sql.rows("SELECT thread_id FROM conversation WHERE chat_id = ? ORDER BY id", forum.id()))
                    .containsExactly(List.of(11L), List.of(12L), List.of(11L));
        }
    }
}
