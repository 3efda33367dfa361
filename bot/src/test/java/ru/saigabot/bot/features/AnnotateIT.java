package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.CallbackPress;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/** /annotate: one task at a time, no repeats, the overlap, the recorded A/B order, skips and stale buttons. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class AnnotateIT {

    @Test
    void annotatorsGetEachTaskOnceUntilItHasItsOverlap(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        Path tasks = dir.resolve("tasks.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            lines.append("{\"prompt\": \"Вопрос ").append(i).append("\", \"variant_a\": \"left.gguf\", \"answer_a\": "
                    + "\"Ответ альфа ").append(i).append("\", \"variant_b\": \"right.gguf\", \"answer_b\": \"Ответ бета ")
                    .append(i).append("\"}\n");
        }
        Files.writeString(tasks, lines, StandardCharsets.UTF_8);
        assertThat(ArenaTasksIT.run("arena", "tasks", "load", tasks.toString(), "--db-url", db.jdbcUrl()).code()).isZero();

        try (RunningBot running = RunningBot.start(db, model, dir.resolve("data"), RunningBot.options(8), 2,
                new ArenaOptions(2))) {
            BotApiEmulator telegram = running.telegram;
            TestUser first = telegram.user(7101, "Аня", "ru");
            TestUser second = telegram.user(7102, "Боря", "ru");
            TestUser third = telegram.user(7103, "Вера", "ru");

            BotMessage task = annotate(telegram, first);
            assertThat(shownTask(telegram, first, task)).isEqualTo(1);
            assertThat(telegram.lastBotMessage(first.id()).orElseThrow().buttons()).extracting(b -> b.text())
                    .containsExactly("A лучше", "B лучше", "Одинаково", "Оба плохие", "Пропустить ⏭");
            assertThat(annotate(telegram, first).messageId()).as("/annotate again shows the open task, not a new one")
                    .isGreaterThan(task.messageId());
            task = telegram.lastBotMessage(first.id()).orElseThrow();
            assertThat(shownTask(telegram, first, task)).isEqualTo(1);

            // "A лучше": the answer shown first, stored in the task's terms through the recorded order.
            String shownFirst = shownAnswer(telegram, first, task, "Ответ A");
            BotMessage next = press(telegram, first, task, "A лучше", "Спасибо! Голос учтён.");
            String expected = shownFirst.contains("альфа") ? "a" : "b";
            assertThat(running.sql.strings("SELECT choice FROM arena_vote WHERE annotator_id = ? AND task_id = 1",
                    first.id())).containsExactly(expected);
            assertThat(telegram.botMessage(first.id(), task.messageId()).orElseThrow().buttons())
                    .as("a vote is final: the buttons go").isEmpty();
            assertThat(shownTask(telegram, first, next)).isEqualTo(2);

            CallbackPress stale = telegram.pressButton(first, task, task.buttons().get(1).callbackData());
            assertThat(telegram.awaitCallbackAnswered(stale.queryId(), WAIT).text())
                    .isEqualTo("Вы уже ответили на это задание.");

            next = press(telegram, first, next, "Пропустить ⏭", "Задание пропущено.");
            assertThat(shownTask(telegram, first, next)).isEqualTo(3);
            BotMessage done = press(telegram, first, next, "Оба плохие", "Спасибо! Голос учтён.");
            assertThat(done.text()).startsWith("✅ Заданий пока нет");

            // The second annotator gets task 1 (one vote of two), the third no longer does.
            BotMessage secondTask = annotate(telegram, second);
            assertThat(shownTask(telegram, second, secondTask)).isEqualTo(1);
            BotMessage secondNext = press(telegram, second, secondTask, "Одинаково", "Спасибо! Голос учтён.");
            assertThat(shownTask(telegram, second, secondNext)).isEqualTo(2);
            BotMessage thirdTask = annotate(telegram, third);
            assertThat(shownTask(telegram, third, thirdTask))
                    .as("task 1 has its two votes; task 2 one shown (it counts) of two, a skip does not count")
                    .isEqualTo(2);
            BotMessage none = annotate(telegram, telegram.user(7104, "Гоша", "en"));
            assertThat(none.text()).as("task 2 has two annotators at it, task 3 none: the fourth gets task 3")
                    .doesNotStartWith("✅");

            assertThat(running.sql.rows("SELECT task_id, annotator_id, choice FROM arena_vote ORDER BY id"))
                    .extracting(r -> r.get(0) + "/" + r.get(1) + "/" + r.get(2)).containsExactly(
                            "1/7101/" + expected, "2/7101/skipped", "3/7101/both_bad", "1/7102/tie", "2/7102/null",
                            "2/7103/null", "3/7104/null");
            List<String> sides = running.sql.strings("SELECT left_side FROM arena_vote ORDER BY id");
            assertThat(sides).as("the order shown is drawn per showing").contains("a", "b").hasSize(7);

            TestChat group = telegram.groupChat(-7100, "Разметчики");
            telegram.sendText(group, first, "/annotate");
            assertThat(telegram.awaitBotMessage(group.id(), m -> true, WAIT).text())
                    .startsWith("Задания для разметки выдаются только в личных сообщениях");
        }
    }

    /** Sends /annotate and returns the message with the buttons it brings (or the "no tasks" message). */
    static BotMessage annotate(BotApiEmulator telegram, TestUser user) {
        int before = telegram.lastBotMessage(user.id()).map(BotMessage::messageId).orElse(0);
        telegram.sendText(telegram.privateChat(user), user, "/annotate");
        return awaitAfter(telegram, user, before);
    }

    /** Presses a button of a comparison, checks the acknowledgement, and returns what the bot showed next. */
    static BotMessage press(BotApiEmulator telegram, TestUser user, BotMessage task, String button, String ack) {
        int before = telegram.lastBotMessage(user.id()).map(BotMessage::messageId).orElseThrow();
        CallbackPress press = telegram.pressButtonLabeled(user, task, button);
        assertThat(telegram.awaitCallbackAnswered(press.queryId(), WAIT).text()).isEqualTo(ack);
        return awaitAfter(telegram, user, before);
    }

    private static BotMessage awaitAfter(BotApiEmulator telegram, TestUser user, int before) {
        return telegram.awaitBotMessage(user.id(), m -> m.messageId() > before
                && (!m.buttons().isEmpty() || m.text().startsWith("✅")), WAIT);
    }

    /** The task number in the header above a comparison. */
    static int shownTask(BotApiEmulator telegram, TestUser user, BotMessage buttons) {
        String header = telegram.botMessage(user.id(), buttons.messageId() - 2).orElseThrow().plainText();
        assertThat(header).contains("Задание ");
        return Integer.parseInt(header.replaceAll("(?s).*Задание (\\d+).*", "$1"));
    }

    static String shownAnswer(BotApiEmulator telegram, TestUser user, BotMessage buttons, String which) {
        int offset = which.equals("Ответ A") ? 1 : 0;
        String text = telegram.botMessage(user.id(), buttons.messageId() - offset).orElseThrow().plainText();
        assertThat(text).contains(which);
        return text;
    }
}
