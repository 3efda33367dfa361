package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.gguf.TinyLlamaSpec;
import ru.saigabot.bot.testing.Await;
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

/** /arena in a chat: two variants answer one prompt as A and B; the chosen answer continues the conversation. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class LiveArenaIT {

    @Test
    void aBattleShowsBothAnswersAndTheChosenOneContinues(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        String variantB = model.path() + "@temperature=1.5,seed=3";
        try (RunningBot running = RunningBot.start(db, model, dir.resolve("data"), RunningBot.options(8), 2,
                new ArenaOptions(3, null, variantB, 0))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(7301, "Лена", "ru");
            TestChat chat = telegram.privateChat(user);

            telegram.sendText(chat, user, "/arena");
            assertThat(telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("⚔️"), WAIT).text())
                    .contains("два варианта");
            telegram.sendText(chat, user, "Расскажи про Байкал");
            BotMessage first = telegram.awaitBotMessage(chat.id(), m -> m.plainText().startsWith("🅰️ Ответ A"), WAIT);
            BotMessage second = telegram.awaitBotMessage(chat.id(), m -> m.plainText().startsWith("🅱️ Ответ B"), WAIT);
            assertThat(first.buttons()).as("the vote sits under answer B only").isEmpty();
            assertThat(second.messageId()).isGreaterThan(first.messageId());
            assertThat(second.buttons()).extracting(b -> b.text())
                    .containsExactly("A лучше", "B лучше", "Одинаково", "Оба плохие");

            List<List<Object>> sides = Await.until(WAIT, () -> running.sql.rows("SELECT g.arena_shown, g.arena_side, "
                    + "g.answer_message_id, m.superseded_at IS NOT NULL FROM generation g JOIN message m "
                    + "ON m.id = g.answer_message_id WHERE g.reason = 'arena' ORDER BY g.arena_shown"), r -> r.size() == 2);
            assertThat(sides.get(0).get(0)).isEqualTo("A");
            assertThat(sides.get(0).get(3)).as("answer A continues until one is chosen").isEqualTo(false);
            assertThat(sides.get(1).get(3)).as("answer B waits superseded").isEqualTo(true);
            String sideOfB = (String) sides.get(1).get(1);
            assertThat(running.sql.rows("SELECT t.origin, t.prompt, va.spec, vb.spec, t.answer_a IS NOT NULL, "
                    + "t.answer_b IS NOT NULL FROM arena_task t JOIN arena_variant va ON va.id = t.variant_a "
                    + "JOIN arena_variant vb ON vb.id = t.variant_b")).containsExactly(
                    List.of("live", "Расскажи про Байкал", model.path().toString(), variantB, true, true));

            CallbackPress press = telegram.pressButtonLabeled(user, second, "B лучше");
            assertThat(telegram.awaitCallbackAnswered(press.queryId(), WAIT).text()).isEqualTo("Спасибо! Голос учтён.");
            Await.until(WAIT, () -> running.sql.strings("SELECT choice FROM arena_vote"), v -> v.contains(sideOfB));
            assertThat(running.sql.rows("SELECT id FROM message WHERE role = 'assistant' AND superseded_at IS NULL"))
                    .as("the chosen answer B continues the conversation, A is superseded")
                    .containsExactly(List.of(sides.get(1).get(2)));
            assertThat(running.sql.rows("SELECT chosen_message_id, rejected_message_id, source FROM preference_pair"))
                    .containsExactly(List.of(sides.get(1).get(2), sides.get(0).get(2), "arena"));
            // The buttons go after the commit, just after the vote is acknowledged: wait for that edit.
            Await.until(WAIT, () -> telegram.botMessage(chat.id(), second.messageId()).orElseThrow().buttons().isEmpty());

            // Only the next message was a battle; "/arena TEXT" makes one on the text at once.
            ConversationCommandsIT.ask(telegram, chat, user, "А зимой?");
            telegram.sendText(chat, user, "/arena Сколько будет 2+2?");
            Await.until(WAIT, () -> running.sql.strings("SELECT prompt FROM arena_task ORDER BY id"),
                    prompts -> prompts.equals(List.of("Расскажи про Байкал", "Сколько будет 2+2?")));
            telegram.awaitBotMessage(chat.id(), m -> m.messageId() > second.messageId()
                    && m.plainText().startsWith("🅱️ Ответ B"), WAIT);
            assertThat(running.sql.number("SELECT count(*) FROM generation WHERE reason = 'message'")).isEqualTo(1);
        }

        var report = ArenaTasksIT.run("arena", "report", "--out", dir.resolve("report").toString(), "--bootstrap",
                "20", "--db-url", db.jdbcUrl());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(report.out()).as("live votes are in the report").contains("1 votes on 1 tasks by 1 annotators");
    }

    @Test
    void withAShareOfOneEveryOrdinaryMessageIsABattle(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir.resolve("data"), RunningBot.options(8), 2,
                new ArenaOptions(3, null, null, 1.0))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(7302, "Ося", "en");
            TestChat chat = telegram.privateChat(user);
            telegram.sendText(chat, user, "Hello there");
            BotMessage second = telegram.awaitBotMessage(chat.id(), m -> m.plainText().startsWith("🅱️ Answer B"), WAIT);
            assertThat(second.buttons()).extracting(b -> b.text())
                    .containsExactly("A is better", "B is better", "Equal", "Both bad");
            assertThat(Await.until(WAIT, () -> running.sql.strings("SELECT vb.spec FROM arena_task t "
                    + "JOIN arena_variant vb ON vb.id = t.variant_b"), specs -> !specs.isEmpty()))
                    .as("without an adapter, the default side b is the served model at another temperature")
                    .containsExactly(model.path() + "@temperature=0.8");
            CallbackPress tie = telegram.pressButtonLabeled(user, second, "Equal");
            assertThat(telegram.awaitCallbackAnswered(tie.queryId(), WAIT).text()).isEqualTo("Thanks! Your vote is counted.");
            Await.until(WAIT, () -> running.sql.strings("SELECT choice FROM arena_vote"), v -> v.contains("tie"));
            assertThat(running.sql.number("SELECT count(*) FROM preference_pair")).as("a tie makes no pair").isZero();
            assertThat(running.sql.number("SELECT count(*) FROM message WHERE role = 'assistant' "
                    + "AND superseded_at IS NULL")).as("answer A goes on").isEqualTo(1);
        }
    }

    @Test
    void anotherModelIsLoadedBesideTheServedOneAndAnswersItsSide(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        Path other = TinyLlama.write(dir.resolve("other-tiny.gguf"), TinyLlamaSpec.tiny().toBuilder().seed(7).build())
                .path();
        try (RunningBot running = RunningBot.start(db, model, dir.resolve("data"), RunningBot.options(8), 2,
                new ArenaOptions(3, null, other.toString(), 0))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(7303, "Гоша", "ru");
            TestChat chat = telegram.privateChat(user);
            telegram.sendText(chat, user, "/arena Как дела?");
            telegram.awaitBotMessage(chat.id(), m -> m.plainText().startsWith("🅱️ Ответ B"), WAIT);

            List<List<Object>> sides = Await.until(WAIT, () -> running.sql.rows("SELECT g.arena_side, m.model "
                    + "FROM generation g JOIN message m ON m.id = g.answer_message_id WHERE g.reason = 'arena' "
                    + "ORDER BY g.arena_side"), rows -> rows.size() == 2);
            String served = model.path().getFileName().toString().replace(".gguf", "");
            assertThat(sides).containsExactly(List.of("a", served), List.of("b", "other-tiny"));
        }
    }

    @Test
    void anotherModelMustBeAFileAndCarriesNoAdapter(DatabaseUrl db, ModelPath model, @TempDir Path dir) {
        assertThatThrownBy(() -> RunningBot.start(db, model, dir.resolve("data"), RunningBot.options(8), 2,
                new ArenaOptions(3, null, dir.resolve("missing.gguf").toString(), 0)))
                .hasStackTraceContaining("no model file");
    }
}
