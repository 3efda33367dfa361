package ru.saigabot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;

/** The sampling rules of /annotate at the store: overlap, no repeats, the recorded order, stale assignments. */
@ExtendWith(FreshDatabase.class)
class ArenaStoreIT {
    private final ArenaStore arena = new ArenaStore();

    private Optional<ArenaStore.Assignment> assign(Database database, long user, int overlap, boolean leftIsA) {
        return database.inTransaction(tx -> arena.assignNext(tx, user, overlap, leftIsA));
    }

    private ArenaStore.VoteOutcome vote(Database database, long voteId, long user, String choice) {
        return database.inTransaction(tx -> arena.vote(tx, voteId, user, choice));
    }

    @Test
    void tasksGoOutUntilTheOverlapAndNeverTwiceToOnePerson(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            ChatStore chats = new ChatStore(new ConversationCache(0, Runnable::run));
            database.inTransaction(tx -> {
                for (long user = 1; user <= 4; user++) {
                    chats.upsertUser(tx, new TelegramUser(user, "u" + user, null, "ru"));
                }
                arena.addTask(tx, new ArenaStore.NewTask("Первый", null, "x", "ответ x", "y", "ответ y", null));
                arena.addTask(tx, new ArenaStore.NewTask("Без ответов", null, null, null, null, null, null));
                return null;
            });

            Optional<ArenaStore.Assignment> first = assign(database, 1, 2, false);
            assertThat(first).get().satisfies(a -> {
                assertThat(a.prompt()).isEqualTo("Первый");
                assertThat(a.leftIsA()).isFalse();
                assertThat(a.shownA()).as("variant b's answer shown as A, as drawn").isEqualTo("ответ y");
                assertThat(a.shownB()).isEqualTo("ответ x");
            });
            assertThat(assign(database, 1, 2, true))
                    .as("never the same task twice; the unanswered one is not served").isEmpty();
            assertThat(assign(database, 2, 2, true)).isPresent();
            assertThat(assign(database, 3, 2, true))
                    .as("two shown of an overlap of two").isEmpty();

            // A showing left unanswered for over an hour frees its place; a skip never holds one.
            database.inTransaction(tx -> {
                try (PreparedStatement statement = tx.prepareStatement(
                        "UPDATE arena_vote SET shown_at = now() - interval '2 hours' WHERE annotator_id = 2")) {
                    statement.executeUpdate();
                }
                return null;
            });
            long skipped = assign(database, 3, 2, true).orElseThrow().voteId();
            assertThat(vote(database, skipped, 3, "skipped"))
                    .isEqualTo(ArenaStore.VoteOutcome.RECORDED);
            assertThat(vote(database, skipped, 3, "a"))
                    .as("a vote is never changed").isEqualTo(ArenaStore.VoteOutcome.ALREADY_VOTED);
            assertThat(vote(database, skipped, 4, "a"))
                    .as("only the annotator who was shown it").isEqualTo(ArenaStore.VoteOutcome.NOT_FOUND);
            assertThat(assign(database, 4, 2, true)).isPresent();
            Optional<ArenaStore.Assignment> open = database.query(tx -> arena.openAssignment(tx, 1));
            assertThat(open.orElseThrow().leftIsA()).as("shown again in the order first drawn").isFalse();
        }
    }
}
