package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.MessageDraft;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/** A user who has to wait sees their place in line, and then the answer in the same message. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class QueuePositionIT {

    @Test
    void aWaitingUserSeesTheirPlaceInLine(DatabaseUrl db, ModelPath model, @TempDir Path dir) throws Exception {
        // One slot, and each answer held there once it has shown some text: the second question has to wait until
        // the test's /stop frees the slot, and shows its first text before the test lets it finish, however fast
        // the tiny model writes on this machine.
        HeldAnswers held = HeldAnswers.afterFirstText();
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(200), 1, held::around)) {
            BotApiEmulator telegram = running.telegram;
            TestUser first = telegram.user(5601, "Первый", "ru");
            TestUser second = telegram.user(5602, "Second", "en");
            TestChat firstChat = telegram.privateChat(first);
            TestChat secondChat = telegram.privateChat(second);

            telegram.sendText(firstChat, first, "Длинный рассказ, пожалуйста");
            telegram.awaitDraft(firstChat.id(), d -> d.plainText().endsWith("▌"), WAIT); // it is being written
            telegram.sendText(secondChat, second, "Me too");
            telegram.awaitDraft(secondChat.id(), d -> d.plainText().equals("⏳ You are number 1 in line…"), WAIT);
            telegram.sendText(firstChat, first, "/stop");
            telegram.awaitDraft(secondChat.id(), d -> d.plainText().endsWith("▌"), WAIT);
            held.release();
            telegram.awaitBotMessage(secondChat.id(), m -> !m.buttons().isEmpty(), WAIT);
            assertThat(telegram.drafts(secondChat.id())).extracting(MessageDraft::plainText)
                    .as("the same draft showed the place in line, then the answer as it was written")
                    .startsWith("⏳ Thinking…", "⏳ You are number 1 in line…")
                    .anyMatch(text -> text.endsWith("▌"));
        }
    }
}
