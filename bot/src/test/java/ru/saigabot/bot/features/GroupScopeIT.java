package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.access.CommandLimiter;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.FaultInjector;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/** In groups nobody stops an answer someone else waits for, and accounts shared by many are not one user. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class GroupScopeIT {
    /** Telegram's account for admins who post anonymously "as the group". */
    private static final long GROUP_ANONYMOUS_BOT = 1087968824L;

    @Test
    void stopStopsTheRequestersOwnAnswersInTheirTopicAndAnAdminsStopsEveryonesThere(DatabaseUrl db, ModelPath model,
                                                                                   @TempDir Path dir) throws Exception {
        // Alice's answer is held once it has shown some text: it is being written while the others /stop.
        HeldAnswers held = HeldAnswers.afterFirstText().only(HeldAnswers.asking("расскажи длинную историю"));
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(1500), 2, held::around)) {
            BotApiEmulator telegram = running.telegram;
            TestUser alice = telegram.user(5501, "Алиса", "ru");
            TestUser boris = telegram.user(5502, "Борис", "ru");
            TestUser dana = telegram.user(5503, "Дана", "ru");
            TestUser admin = telegram.user(5504, "Админ", "ru");
            TestChat forum = telegram.forumChat(-1005500, "Форум");
            telegram.makeAdmin(forum, admin);

            telegram.sendTextInTopic(forum, alice, 11, "@SaigaTestBot расскажи длинную историю");
            held.awaitHeld(WAIT);
            // Boris's question waits behind Alice's answer: one chat, one answer at a time.
            telegram.sendTextInTopic(forum, boris, 11, "@SaigaTestBot а мне короткую");
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM generation WHERE status = 'queued'") == 1);

            telegram.sendTextInTopic(forum, dana, 12, "/stop");
            telegram.awaitBotMessage(forum.id(), m -> m.text().equals("Сейчас нечего останавливать.")
                    && Integer.valueOf(12).equals(m.messageThreadId()), WAIT);
            telegram.sendTextInTopic(forum, boris, 11, "/stop");
            telegram.awaitBotMessage(forum.id(), m -> m.text().equals("⏹ Остановлено."), WAIT);
            assertThat(running.sql.strings("SELECT g.status FROM generation g JOIN message m ON m.id = g.user_message_id "
                    + "WHERE m.author_id = ? ", boris.id())).as("Boris stopped his own").containsExactly("cancelled");
            assertThat(running.sql.strings("SELECT g.status FROM generation g JOIN message m ON m.id = g.user_message_id "
                    + "WHERE m.author_id = ? ", alice.id())).as("not Alice's").containsExactly("running");

            telegram.sendTextInTopic(forum, admin, 11, "/stop");
            Await.until(WAIT, () -> running.sql.strings("SELECT g.status FROM generation g JOIN message m "
                    + "ON m.id = g.user_message_id WHERE m.author_id = ?", alice.id()).contains("done"));
            assertThat(running.sql.strings("SELECT status FROM message WHERE chat_id = ? AND role = 'assistant'",
                    forum.id())).as("an admin stopped Alice's answer").containsExactly("cut");
        }
    }

    @Test
    void anonymousAdminsOfDifferentGroupsHaveTheirOwnLimits(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        AccessRules rules = new AccessRules(Set.of(), Set.of(), 1, 3);
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8).withAccess(rules))) {
            BotApiEmulator telegram = running.telegram;
            TestUser anonymous = telegram.user(GROUP_ANONYMOUS_BOT, "Group", null);
            TestChat first = telegram.supergroupChat(-1005510, "Первая");
            TestChat second = telegram.supergroupChat(-1005511, "Вторая");

            telegram.sendTextAs(first, anonymous, first, "@SaigaTestBot привет от первой");
            telegram.awaitBotMessage(first.id(), m -> !m.buttons().isEmpty(), WAIT);
            telegram.sendTextAs(second, anonymous, second, "@SaigaTestBot привет от второй");
            telegram.awaitBotMessage(second.id(), m -> !m.buttons().isEmpty(), WAIT);
            telegram.sendTextAs(first, anonymous, first, "@SaigaTestBot и ещё");
            telegram.awaitBotMessage(first.id(), m -> m.text().startsWith("⏳ Слишком много"), WAIT);

            assertThat(running.sql.strings("SELECT u.first_name FROM message m JOIN tg_user u ON u.id = m.author_id "
                    + "WHERE m.role = 'user' ORDER BY m.id")).as("each group wrote its own")
                    .containsExactly("Первая", "Вторая");
        }
    }

    @Test
    void anonymousAdminsOfDifferentGroupsHaveTheirOwnCommandLimits(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser anonymous = telegram.user(GROUP_ANONYMOUS_BOT, "Group", null);
            TestChat first = telegram.supergroupChat(-1005520, "Первая");
            TestChat second = telegram.supergroupChat(-1005521, "Вторая");
            for (int i = 0; i < CommandLimiter.BURST + 1; i++) {
                telegram.sendTextAs(first, anonymous, first, "/privacy");
            }
            telegram.awaitBotMessage(first.id(), m -> m.text().startsWith("⏳ Слишком много команд подряд"), WAIT);

            telegram.sendTextAs(second, anonymous, second, "/privacy");
            telegram.awaitBotMessage(second.id(), m -> m.text().startsWith("🔒"), WAIT);
            assertThat(telegram.botMessages(second.id())).as("the other group's commands are its own")
                    .noneMatch(m -> m.text().startsWith("⏳"));
        }
    }

    /** A question stopped while its placeholder was being sent leaves no "thinking…" message behind. */
    @Test
    void aPlaceholderSentForAnAnswerStoppedMeanwhileIsDeleted(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser alice = telegram.user(5530, "Алиса", "ru");
            TestChat group = telegram.supergroupChat(-1005530, "Стоп");
            FaultInjector.HeldCall placeholder = telegram.faults().holdNext("sendMessage");
            telegram.sendText(group, alice, "@SaigaTestBot вопрос");
            assertThat(placeholder.awaitReached(WAIT)).as("the placeholder is being sent").isTrue();
            telegram.sendText(group, alice, "/stop");
            Await.until(WAIT, () -> running.sql.strings("SELECT status FROM generation").contains("cancelled"));
            placeholder.release();

            Await.until(WAIT, () -> !telegram.calls("deleteMessage").isEmpty());
            assertThat(telegram.botMessages(group.id())).noneMatch(m -> m.text().startsWith("⏳ Думаю"));
            assertThat(running.sql.strings("SELECT status FROM generation")).containsExactly("cancelled");
        }
    }
}

