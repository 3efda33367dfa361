package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.EchoEngine;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.ApiCall;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * Hundreds of hostile updates, written and generated, through the real bot, PostgreSQL and the emulator. For all of
 * them: no handler fails, the inbox drains, nothing is answered twice, the next ordinary message in every chat is
 * answered, and no reply carries another chat's words. The engine echoes its prompts, so a prompt that took in
 * another chat's text would show it.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class HostileInputIT {
    private static final long GROUP = -1005600;
    private static final long FORUM = -1005601;
    private static final long UNKNOWN = -1005699;

    @Test
    void survivesEveryKindOfHostileUpdateAndLeaksNothing(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(64).withoutSendLimits(), 2,
                EchoEngine::new)) {
            BotApiEmulator telegram = running.telegram;
            List<TestUser> users = new ArrayList<>();
            for (long id = 5601; id <= 5604; id++) {
                TestUser user = telegram.user(id, "Гость" + id, id % 2 == 0 ? "ru" : "en");
                telegram.privateChat(user);
                users.add(user);
            }
            TestChat group = telegram.supergroupChat(GROUP, "Чат " + GROUP);
            TestChat forum = telegram.forumChat(FORUM, "Чат " + FORUM);
            HostileUpdates hostile = new HostileUpdates(20261207L, users.stream().map(TestUser::id).toList(), GROUP,
                    FORUM, UNKNOWN);

            List<ObjectNode> corpus = hostile.corpus();
            List<ObjectNode> generated = hostile.generated(300);
            List<Integer> ids = new ArrayList<>();
            for (ObjectNode update : corpus) {
                ids.add(telegram.enqueueRawUpdate(update));
            }
            // What Telegram never does: updates delivered again, and out of order.
            for (int i = 0; i < 20; i++) {
                telegram.enqueueVerbatim(HostileUpdates.withId(corpus.get(i * 3), ids.get(i * 3)));
            }
            for (ObjectNode update : generated) {
                ids.add(telegram.enqueueRawUpdate(update));
            }
            int sent = ids.size() + 20;
            assertThat(sent).as("updates in the suite").isGreaterThanOrEqualTo(300);
            int last = ids.get(ids.size() - 1);
            telegram.awaitConfirmed(last, WAIT);
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM telegram_update WHERE handled_at IS NULL")
                    == 0);

            // The next ordinary message is answered, in every chat.
            for (TestUser user : users) {
                ConversationCommandsIT.ask(telegram, telegram.privateChat(user), user, "Обычный вопрос "
                        + HostileUpdates.secret(user.id()));
            }
            ConversationCommandsIT.ask(telegram, group, users.get(0), "@" + HostileUpdates.BOT + " обычный вопрос");
            ConversationCommandsIT.ask(telegram, forum, users.get(1), "@" + HostileUpdates.BOT + " обычный вопрос");

            assertThat(running.sql.strings("SELECT update_id || ': ' || last_error FROM telegram_update "
                    + "WHERE last_error IS NOT NULL")).as("updates a handler failed on").isEmpty();
            assertThat(running.sql.strings("SELECT reply_to_id::text FROM message WHERE role = 'assistant' "
                    + "AND superseded_at IS NULL GROUP BY reply_to_id HAVING count(*) > 1")).as("questions answered twice")
                    .isEmpty();
            assertThat(running.sql.number("SELECT count(*) FROM generation WHERE status IN ('queued', 'running')"))
                    .as("requests left open").isZero();
            assertNoLeaks(telegram, List.of(GROUP, FORUM, UNKNOWN, -1009000L), users);
        }
    }

    /** Every text the bot sent to a chat carries no other chat's secret. */
    private static void assertNoLeaks(BotApiEmulator telegram, List<Long> groups, List<TestUser> users) {
        List<Long> chats = new ArrayList<>(groups);
        users.forEach(user -> chats.add(user.id()));
        Map<Long, List<String>> sentTo = new java.util.HashMap<>();
        for (ApiCall call : telegram.calls()) {
            long chat = call.params().path("chat_id").asLong(0);
            String text = call.params().path("text").asText("");
            if (chat != 0 && !text.isEmpty()) {
                sentTo.computeIfAbsent(chat, c -> new ArrayList<>()).add(text);
            }
        }
        for (Map.Entry<Long, List<String>> entry : sentTo.entrySet()) {
            for (long other : chats) {
                if (other == entry.getKey()) {
                    continue;
                }
                String secret = HostileUpdates.secret(other);
                assertThat(entry.getValue().stream().filter(text -> text.contains(secret))
                        .collect(Collectors.toList())).as("texts sent to chat %d with chat %d's words", entry.getKey(),
                        other).isEmpty();
            }
        }
        assertThat(sentTo).as("the bot answered").isNotEmpty();
    }
}
