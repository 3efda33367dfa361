package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.access.CommandLimiter;
import ru.saigabot.bot.app.RunOptions;
import ru.saigabot.bot.health.HealthOptions;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.FaultInjector.HeldCall;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * Issue #16, item 2: no chat holds up another. Replies wait for Telegram (its sending budget, a slow call) on
 * threads of their own, never on the dispatcher's or inside a transaction, so a group that floods commands, or
 * a reply Telegram is slow to take, delays nobody else's answer; a group's waiting command replies are coalesced.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class LivenessIT {
    /** Commands any group member may send, each with a reply of its own. */
    private static final List<String> GROUP_COMMANDS = List.of("help", "start", "privacy", "model", "params",
            "system", "chats", "stats", "name", "annotate", "forget");

    @Test
    void aGroupFloodingCommandsHoldsUpNoOtherChat(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, withMetrics())) {
            BotApiEmulator telegram = running.telegram;
            TestChat group = telegram.supergroupChat(-1007700, "Флуд");
            List<TestUser> members = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                members.add(telegram.user(7701 + i, "Участник " + i, "ru"));
            }
            TestUser asker = telegram.user(7709, "Галя", "ru");
            TestChat askerChat = telegram.privateChat(asker);

            // 30 commands with 11 different replies: Telegram lets a group get 10 messages at once, then one every
            // 6 s (20 a minute), so most of them have to wait.
            for (int i = 0; i < 30; i++) {
                telegram.sendText(group, members.get(i % members.size()),
                        "/" + GROUP_COMMANDS.get(i % GROUP_COMMANDS.size()) + "@" + RunningBot.USERNAME);
            }
            telegram.awaitBotMessage(group.id(), m -> telegram.botMessages(group.id()).size() >= 10, WAIT);

            // The group's budget is spent and its replies wait: the private question is answered meanwhile.
            telegram.sendText(askerChat, asker, "Привет!");
            telegram.awaitDraft(askerChat.id(), draft -> true, WAIT);
            telegram.awaitBotMessage(askerChat.id(), m -> !m.buttons().isEmpty(), WAIT);

            // While the budget was spent, identical replies were sent once and only the latest others kept waiting.
            String metrics = Await.until(WAIT, () -> get(running, "/metrics"),
                    text -> replies(text, "sent") + replies(text, "coalesced") + replies(text, "dropped") == 30);
            assertThat(replies(metrics, "coalesced") + replies(metrics, "dropped")).isPositive();
            assertThat(telegram.botMessages(group.id())).hasSize(replies(metrics, "sent")).hasSizeLessThan(30);
        }
    }

    @Test
    void commandsAreLimitedPerUserWithOneNoteAndTheBotsAdminsAreExempt(DatabaseUrl db, ModelPath model,
                                                                      @TempDir Path dir) throws Exception {
        long admin = 7721;
        RunOptions options = withMetrics().withAccess(new AccessRules(Set.of(admin), Set.of(), 0, 3));
        try (RunningBot running = RunningBot.start(db, model, dir, options)) {
            BotApiEmulator telegram = running.telegram;
            for (TestUser user : List.of(telegram.user(7720, "Зоя", "ru"), telegram.user(admin, "Админ", "ru"))) {
                TestChat chat = telegram.privateChat(user);
                for (int i = 0; i < CommandLimiter.BURST + 3; i++) {
                    telegram.sendText(chat, user, "/privacy");
                }
                // The note on a photo comes behind every reply to the commands before it.
                telegram.enqueueRawUpdate(photo(chat, user, 900));
                telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("Пока я понимаю только текст"), WAIT);
                long notes = telegram.botMessages(chat.id()).stream()
                        .filter(m -> m.text().startsWith("⏳ Слишком много команд подряд")).count();
                assertThat(notes).as("notes to user %d", user.id()).isEqualTo(user.id() == admin ? 0 : 1);
            }
            assertThat(get(running, "/metrics")).contains("saiga_commands_refused_total 3.0");
        }
    }

    /** What makes the bot reply to a user outside the answer path. */
    enum Trigger { GROUP_COMMAND, FORGET, PHOTO }

    @ParameterizedTest
    @EnumSource(Trigger.class)
    void aReplyTelegramIsSlowToTakeHoldsUpNoOtherChat(Trigger trigger, DatabaseUrl db, ModelPath model,
                                                      @TempDir Path dir) throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser user = telegram.user(7711, "Дина", "ru");
            TestChat chat = trigger == Trigger.GROUP_COMMAND ? telegram.supergroupChat(-1007710, "Медленно")
                    : telegram.privateChat(user);
            TestUser asker = telegram.user(7712, "Егор", "ru");
            TestChat askerChat = telegram.privateChat(asker);

            HeldCall held = telegram.faults().holdNext("sendMessage");
            switch (trigger) {
                case GROUP_COMMAND -> telegram.sendText(chat, user, "/help@" + RunningBot.USERNAME);
                case FORGET -> telegram.sendText(chat, user, "/forget");
                case PHOTO -> telegram.enqueueRawUpdate(photo(chat, user, 900));
            }
            assertThat(held.awaitReached(WAIT)).as("the bot replies to the " + trigger).isTrue();

            // Telegram has not taken the reply yet, and the bot handles the next update all the same.
            telegram.sendText(askerChat, asker, "Привет!");
            telegram.awaitDraft(askerChat.id(), draft -> true, WAIT);
            assertThat(telegram.botMessages(chat.id())).as("the reply is still held by Telegram").isEmpty();

            held.release();
            BotMessage reply = telegram.awaitBotMessage(chat.id(), m -> true, WAIT);
            assertThat(reply.text()).isNotBlank();
            telegram.awaitBotMessage(askerChat.id(), m -> !m.buttons().isEmpty(), WAIT);
        }
    }

    private static RunOptions withMetrics() {
        return RunningBot.options(8).withHealth(new HealthOptions(OptionalInt.of(0), Duration.ofSeconds(30)));
    }

    private static String get(RunningBot running, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.bot.httpPort().orElseThrow()
                + path)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The count of replies with this outcome in a scrape of /metrics. */
    private static int replies(String metrics, String outcome) {
        Matcher value = Pattern.compile("saiga_replies_total\\{outcome=\"" + outcome + "\"} ([0-9.]+)")
                .matcher(metrics);
        return value.find() ? (int) Double.parseDouble(value.group(1)) : 0;
    }

    /** A photo without a caption: Telegram's message with a "photo" and no "text". */
    private static ObjectNode photo(TestChat chat, TestUser user, int messageId) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode message = json.objectNode().put("message_id", messageId)
                .put("date", Instant.now().getEpochSecond());
        message.putObject("chat").put("id", chat.id()).put("type", "private").put("first_name", user.firstName());
        message.putObject("from").put("id", user.id()).put("is_bot", false).put("first_name", user.firstName())
                .put("language_code", user.languageCode());
        message.putArray("photo").addObject().put("file_id", "photo-1").put("file_unique_id", "u-photo-1")
                .put("width", 90).put("height", 90);
        ObjectNode update = json.objectNode();
        update.set("message", message);
        return update;
    }
}
