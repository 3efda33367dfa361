package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.app.RunOptions;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.MessageDraft;
import ru.saigabot.bot.testing.telegram.MessageVersion;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/** With the default interval, a streamed answer changes at most about once a second, in drafts and in edits. */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class StreamingRateIT {
    /** The default --stream-interval-ms, minus the scheduler's jitter. */
    private static final Duration LEAST_GAP = Duration.ofMillis(900);

    @Test
    void previewsComeAtMostAboutOnceASecond(DatabaseUrl db, ModelPath model, @TempDir Path dir) throws Exception {
        // Each answer stops twice (at its first text, then past 100 characters) until the test has seen the preview
        // of what it wrote: at least two previews per answer, however fast the model writes on this machine.
        HeldAnswers inPrivate = HeldAnswers.at(HeldAnswers.FIRST_TEXT, text -> text.strip().length() > 100)
                .only(HeldAnswers.asking("Длинный ответ, пожалуйста"));
        HeldAnswers inGroup = HeldAnswers.at(HeldAnswers.FIRST_TEXT, text -> text.strip().length() > 100)
                .only(HeldAnswers.asking("длинный ответ"));
        try (RunningBot running = RunningBot.start(db, model, dir, new RunOptions(1, 1000, 300, 42), 2,
                engine -> inGroup.around(inPrivate.around(engine)))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(5801, "Лиза", "ru");
            TestChat chat = telegram.privateChat(user);
            telegram.sendText(chat, user, "Длинный ответ, пожалуйста");
            for (int previews = 1; previews <= 2; previews++) {
                int seen = previews;
                Await.until(WAIT, () -> telegram.drafts(chat.id()).stream()
                        .filter(d -> d.plainText().endsWith("▌")).count() >= seen);
                inPrivate.release();
            }
            telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);
            List<Instant> drafts = telegram.drafts(chat.id()).stream().map(MessageDraft::at).toList();
            assertThat(drafts).as("thinking, then several previews").hasSizeGreaterThanOrEqualTo(3);
            assertThat(gaps(drafts.subList(1, drafts.size()))).allSatisfy(gap -> assertThat(gap).isGreaterThan(LEAST_GAP));

            TestChat group = telegram.supergroupChat(-1005800, "Группа");
            telegram.sendText(group, user, "@SaigaTestBot длинный ответ");
            for (int previews = 1; previews <= 2; previews++) {
                int seen = previews;
                Await.until(WAIT, () -> telegram.botMessages(group.id()).stream().flatMap(m -> m.history().stream())
                        .filter(v -> v.plainText().endsWith("▌")).count() >= seen);
                inGroup.release();
            }
            BotMessage last = telegram.awaitBotMessage(group.id(), m -> !m.buttons().isEmpty(), WAIT);
            BotMessage placeholder = telegram.botMessages(group.id()).get(0);
            List<Instant> edits = placeholder.history().stream().map(MessageVersion::at).toList();
            assertThat(edits).as("placeholder, previews, final").hasSizeGreaterThanOrEqualTo(3);
            // The final edit follows the last preview at once; the previews themselves keep their distance.
            assertThat(gaps(edits.subList(0, edits.size() - 1)))
                    .allSatisfy(gap -> assertThat(gap).isGreaterThan(LEAST_GAP));
            assertThat(last).isNotNull();
        }
    }

    private static List<Duration> gaps(List<Instant> times) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)));
        }
        return gaps;
    }
}
