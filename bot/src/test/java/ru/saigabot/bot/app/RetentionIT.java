package ru.saigabot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.app.FirstConversationIT.count;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.PrivacyStore;
import ru.saigabot.bot.store.RetentionJob;
import ru.saigabot.bot.store.StoredMessage;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;

/** --retention-days deletes idle conversations (and forgets them in the cache); raw updates go after two days. */
@ExtendWith(FreshDatabase.class)
class RetentionIT {

    @Test
    void purgesWhatIsOlderThanTheRetentionPeriod(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            database.inTransaction(tx -> {
                tx.createStatement().execute("INSERT INTO chat (id, kind) VALUES (1, 'private')");
                tx.createStatement().execute("INSERT INTO conversation (id, chat_id, system_prompt, created_at) VALUES "
                        + "(10, 1, 's', now() - interval '40 days'), (11, 1, 's', now() - interval '40 days'), "
                        + "(12, 1, 's', now())");
                tx.createStatement().execute("INSERT INTO message (conversation_id, chat_id, role, content, created_at) VALUES "
                        + "(10, 1, 'user', 'old', now() - interval '40 days'), "
                        + "(11, 1, 'user', 'old', now() - interval '40 days'), (11, 1, 'user', 'recent', now()), "
                        + "(12, 1, 'user', 'new', now())");
                tx.createStatement().execute("INSERT INTO telegram_update (update_id, kind, payload, handled_at) VALUES "
                        + "(1, 'message', '{}', now() - interval '3 days'), (2, 'message', '{}', now()), "
                        + "(3, 'message', '{}', NULL)");
                tx.createStatement().execute("INSERT INTO arena_task (prompt, origin, chat_id, created_at) VALUES "
                        + "('old battle', 'live', 1, now() - interval '40 days'), ('new battle', 'live', 1, now()), "
                        + "('an operator''s task', 'task', NULL, now() - interval '40 days')");
                return null;
            });
            ConversationCache cache = new ConversationCache(1_000_000, Runnable::run);
            cache.turns(10, () -> new ConversationCache.Turns("s", List.of(new StoredMessage(1, 10, 1, "user", "old", 1L))));

            new RetentionJob(database, new PrivacyStore(cache), 30).run();

            assertThat(count(db, "SELECT count(*) FROM conversation")).isEqualTo(2);
            assertThat(count(db, "SELECT count(*) FROM conversation WHERE id = 10")).isZero();
            assertThat(count(db, "SELECT count(*) FROM message")).isEqualTo(3);
            assertThat(count(db, "SELECT count(*) FROM telegram_update")).as("handled recently, or not yet").isEqualTo(2);
            assertThat(cache.cachedConversations()).isZero();
            assertThat(count(db, "SELECT count(*) FROM arena_task WHERE prompt = 'old battle'"))
                    .as("live battles copy chat text and go with it").isZero();
            assertThat(count(db, "SELECT count(*) FROM arena_task")).as("the new battle and the operator's task stay")
                    .isEqualTo(2);

            new RetentionJob(database, new PrivacyStore(cache), 0).run();
            assertThat(count(db, "SELECT count(*) FROM conversation")).as("0 keeps conversations").isEqualTo(2);
        }
    }
}
