package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.cli.Main;
import ru.saigabot.bot.config.ConfigException;
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
import ru.saigabot.inference.gguf.TinyLlamaSpec;
import ru.saigabot.inference.gguf.TinyLora;

/** A LoRA adapter registered with `adapters add`, served beside its base model and chosen with /model. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class AdaptersIT {

    @Test
    void aRegisteredAdapterIsServedAndChosenPerChat(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        Path adapter = dir.resolve("style.gguf");
        TinyLora.write(adapter, TinyLlamaSpec.tiny().toBuilder().endOfTextSuppressed(true).build(),
                TinyLora.Spec.defaults());

        Result refused = run("adapters", "add", "broken", "--file", model.path().toString(), "--base",
                model.path().toString(), "--db-url", db.jdbcUrl());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("is not an adapter");
        Result added = run("adapters", "add", "style", "--file", adapter.toString(), "--base", model.path().toString(),
                "--scale", "0.8", "--db-url", db.jdbcUrl());
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).contains("Registered adapter style");
        assertThat(run("adapters", "list", "--db-url", db.jdbcUrl()).out()).contains("style").contains("scale 0.8");

        try (RunningBot running = RunningBot.start(db, model, dir.resolve("data"), RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(5701, "Ира", "ru");
            TestChat chat = telegram.privateChat(user);
            ConversationCommandsIT.ask(telegram, chat, user, "Привет");

            telegram.sendText(chat, user, "/model");
            BotMessage menu = telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("🧠"), WAIT);
            assertThat(menu.buttons()).hasSize(2);
            String adapterButton = menu.buttons().get(1).text();
            assertThat(adapterButton).startsWith("🧠 ").endsWith("+style");
            CallbackPress choose = telegram.pressButtonLabeled(user, menu, adapterButton);
            assertThat(telegram.awaitCallbackAnswered(choose.queryId(), WAIT).text()).startsWith("✅ Теперь отвечает")
                    .endsWith("+style.");
            ConversationCommandsIT.ask(telegram, chat, user, "А теперь?");

            List<String> models = Await.until(WAIT, () -> running.sql.strings("SELECT model FROM message WHERE "
                    + "chat_id = ? AND role = 'assistant' ORDER BY id", chat.id()), rows -> rows.size() == 2);
            assertThat(models.get(1)).as("stored with its adapter and scale").isEqualTo(models.get(0) + "+style@0.8");
        }

        assertThat(run("adapters", "remove", "style", "--db-url", db.jdbcUrl()).code()).isZero();
        assertThat(run("adapters", "remove", "style", "--db-url", db.jdbcUrl()).err()).contains("no adapter named");
    }

    @Test
    void anAdapterThatIsNotRegisteredStopsStartUpClearly(DatabaseUrl db, ModelPath model, @TempDir Path dir) {
        assertThatThrownBy(() -> RunningBot.start(db, model, dir, RunningBot.options(8).withAdapter("nope")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--adapter nope is not registered");
    }

    record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
