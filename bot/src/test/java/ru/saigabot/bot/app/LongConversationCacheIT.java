package ru.saigabot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.Sql;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * Issue #20 through the running bot: a private chat much longer than its context, and a group whose history is longer
 * than the window of messages a prompt reads, keep the prompt cache. Each answer's stored figures say how much of its
 * prompt came from llama.cpp's cache: all of the previous prompt, except where old turns were dropped (a private
 * chat) or the window moved (a group), which happens in steps.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class LongConversationCacheIT {
    private static final String TOKEN = "7000041:TEST-token-for-the-emulator-only";
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** One stored answer's prompt figures. */
    private record Prompt(long tokens, long cached, long droppedTurns) {}

    @Test
    void aPrivateChatPastItsContextDropsOldTurnsInStepsAndKeepsItsCacheBetweenThem(DatabaseUrl db, ModelPath model,
                                                                                  @TempDir Path dataDir)
            throws Exception {
        Sql sql = new Sql(db);
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "SaigaTestBot");
             BotApplication bot = BotApplication.start(new BotConfig(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()),
                     model.path(), Optional.of(db.jdbcUrl()), dataDir, 1, 2, 512, "auto"),
                     new RunOptions(1, 200, 16, 3))) {
            TestUser user = telegram.user(9301, "Нина", "ru");
            TestChat chat = telegram.privateChat(user);
            for (int i = 1; i <= 16; i++) {
                telegram.sendText(chat, user, "Вопрос номер " + i + ": расскажи, пожалуйста, что-нибудь интересное "
                        + "про осенний лес и грибы.");
                long answered = i;
                Await.until(WAIT, () -> sql.number("SELECT count(*) FROM message WHERE role = 'assistant'")
                        == answered);
            }
        }
        List<Prompt> prompts = prompts(sql);
        int drops = 0;
        int firstDrop = -1;
        for (int i = 1; i < prompts.size(); i++) {
            Prompt now = prompts.get(i);
            Prompt before = prompts.get(i - 1);
            if (now.droppedTurns() != before.droppedTurns()) {
                drops++;
                firstDrop = firstDrop < 0 ? i : firstDrop;
            } else {
                assertThat(now.cached()).as("answer %d: the whole previous prompt from the cache", i + 1)
                        .isGreaterThanOrEqualTo(before.tokens());
            }
        }
        assertThat(prompts.get(prompts.size() - 1).droppedTurns()).as("the chat outgrew its context").isPositive();
        assertThat(drops).as("old turns dropped in steps, not on every turn past the context").isPositive()
                .isLessThanOrEqualTo((prompts.size() - firstDrop + 1) / 2);
    }

    /**
     * A group's history is read through a window of the latest 200 messages; past that it moves in steps of 50, and
     * only a question right after a step misses the cache. 150 messages are written into the history directly (a
     * group's answers are paced at one per 6 s by Telegram's limits, too slow to write them all through the bot).
     */
    @Test
    void aGroupLongerThanItsWindowMovesTheWindowInStepsAndKeepsItsCache(DatabaseUrl db, ModelPath model,
                                                                        @TempDir Path dataDir) throws Exception {
        Sql sql = new Sql(db);
        int questions = 6;
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "SaigaTestBot");
             BotApplication bot = BotApplication.start(new BotConfig(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()),
                     model.path(), Optional.of(db.jdbcUrl()), dataDir, 1, 2, 8192, "auto"),
                     new RunOptions(1, 200, 8, 3))) {
            List<TestUser> people = new ArrayList<>();
            TestChat group = telegram.supergroupChat(-1009300, "Грибники");
            for (int i = 0; i < 5; i++) {
                people.add(telegram.user(9310 + i, "Участник" + i, "ru"));
                telegram.sendText(group, people.get(i), "привет от " + i);
            }
            Await.until(WAIT, () -> sql.number("SELECT count(*) FROM message") == 5);
            sql.rows("INSERT INTO message (conversation_id, chat_id, role, author_id, content, tg_message_id) "
                    + "SELECT conversation_id, chat_id, 'user', author_id, 'старое сообщение ' || n, 100000 + n "
                    + "FROM message, generate_series(1, 145) n WHERE content = 'привет от 0' RETURNING id");
            for (int q = 1; q <= questions; q++) {
                for (int m = 0; m < 9; m++) {
                    telegram.sendText(group, people.get(m % 5), "сообщение " + q + "." + m + " про грибы");
                }
                telegram.sendText(group, people.get(q % 5), "@SaigaTestBot, вопрос " + q + "?");
                long answered = q;
                Await.until(WAIT, () -> sql.number("SELECT count(*) FROM message WHERE role = 'assistant'")
                        == answered);
            }
        }
        // 150 + 6 × (10 messages and an answer) = 216 messages: the window of 200 filled before the fifth question
        List<Prompt> prompts = prompts(sql);
        assertThat(prompts).hasSize(questions).allSatisfy(p -> assertThat(p.droppedTurns()).isZero());
        List<Integer> misses = new ArrayList<>();
        for (int i = 1; i < prompts.size(); i++) {
            if (prompts.get(i).cached() < prompts.get(i - 1).tokens()) {
                misses.add(i + 1);
            }
        }
        // a window moving by one message would miss from the fifth question on
        assertThat(misses).as("questions whose prompt did not begin with the whole previous one").containsExactly(5);
    }

    private static List<Prompt> prompts(Sql sql) throws Exception {
        return sql.rows("SELECT prompt_tokens, cached_prompt_tokens, dropped_turns FROM message "
                + "WHERE role = 'assistant' ORDER BY id").stream()
                .map(row -> new Prompt(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue(),
                        ((Number) row.get(2)).longValue())).toList();
    }
}
