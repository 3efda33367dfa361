package ru.saigabot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.generation.AnswerStatus;
import ru.saigabot.bot.generation.FinishedAnswer;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.inference.GenerationStats;

/**
 * What every message costs the database. It must not grow with the chat's history: a chat that has talked
 * for a year is answered as cheaply as a new one, counted as rows PostgreSQL reads from {@code message}
 * inside the statement's transaction ({@code pg_stat_xact_user_tables}), which does not depend on timing.
 * And the one write that may be lost in a crash, an answer's start, does not wait for the disk.
 */
@ExtendWith(FreshDatabase.class)
class MessagePathCostIT {
    private static final long CHAT = 501;
    private static final long USER = 501;
    private static final int HISTORY = 4000;

    private final ConversationCache cache = new ConversationCache(1_000_000, Runnable::run);
    private final ChatStore chats = new ChatStore(cache);
    private final GenerationRepository generations = new GenerationRepository(cache, new LiveBattleStore(cache));
    private long conversation;

    private Database database;

    @BeforeEach
    void longChat(DatabaseUrl db) {
        database = Database.open(db.jdbcUrl(), 2);
        conversation = database.transact(tx -> {
            chats.upsertUser(tx.connection(), new TelegramUser(USER, "Долгожитель", null, "ru"));
            chats.upsertChat(tx.connection(), CHAT, ChatKind.PRIVATE, null);
            long id = chats.currentConversation(tx, CHAT, 0, "system");
            try (Statement statement = tx.connection().createStatement()) {
                // A year of questions and answers in one chat, each answer replying to its question.
                statement.execute("INSERT INTO message (conversation_id, chat_id, role, author_id, content, tg_message_id) "
                        + "SELECT " + id + ", " + CHAT + ", 'user', " + USER + ", 'вопрос ' || n, 2 * n "
                        + "FROM generate_series(1, " + HISTORY + ") n");
                statement.execute("INSERT INTO message (conversation_id, chat_id, role, content, tg_message_id, "
                        + "reply_to_id, status) SELECT conversation_id, chat_id, 'assistant', 'ответ', tg_message_id + 1, "
                        + "id, 'complete' FROM message WHERE chat_id = " + CHAT);
                statement.execute("ANALYZE");
            }
            return id;
        });
    }

    @Test
    void storingAnAnswerReadsAFewRowsHoweverLongTheChat() throws Exception {
        try {
            for (int turn = 0; turn < 8; turn++) { // past the 5 executions after which PostgreSQL may plan generically
                long tg = 100_000 + turn * 2L;
                long readRows = database.transact(tx -> {
                    GenerationJob request = generations.enqueueMessage(tx, question("ещё вопрос", tg),
                            Integer.MAX_VALUE).job();
                    generations.start(tx.connection(), request.id(), null);
                    long before = rowsRead(tx.connection());
                    generations.finish(tx, request, answer(tg + 1));
                    return rowsRead(tx.connection()) - before;
                });
                assertThat(readRows).as("rows of message read to store answer %d in a chat of %d messages", turn,
                        2 * HISTORY).isLessThan(20);
            }
        } finally {
            database.close();
        }
    }

    @Test
    void queuingAMessageReadsAFewRowsHoweverLongTheChat() throws Exception {
        try {
            for (int turn = 0; turn < 8; turn++) {
                long tg = 200_000 + turn;
                String question = "вопрос " + turn;
                long readRows = database.transact(tx -> {
                    long before = rowsRead(tx.connection());
                    generations.enqueueMessage(tx, question(question, tg), 100);
                    return rowsRead(tx.connection()) - before;
                });
                assertThat(readRows).as("rows of message read to queue message %d", turn).isLessThan(20);
            }
        } finally {
            database.close();
        }
    }

    @Test
    void startingAnAnswerDoesNotWaitForTheDisk() throws Exception {
        try {
            long generation = database.transact(tx -> generations.enqueueMessage(tx, question("вопрос", 300_000),
                    100).job().id());
            // Whether a commit waits for the WAL to reach the disk is decided by synchronous_commit as it commits.
            // (Reading the WAL positions right after the commit would depend on when the WAL writer runs next.)
            List<String> settings = database.query(connection -> {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET synchronous_commit = on"); // the test server's default is off
                    connection.commit();
                    assertThat(generations.start(connection, generation, null)).isTrue();
                    String atStart = setting(statement);
                    connection.commit();
                    String next = setting(statement);
                    connection.commit();
                    return List.of(atStart, next);
                } finally {
                    connection.setAutoCommit(true);
                }
            });
            assertThat(settings).as("synchronous_commit when the start commits, then in the next transaction")
                    .containsExactly("off", "on");
        } finally {
            database.close();
        }
    }

    private GenerationRepository.NewQuestion question(String text, long tgMessageId) {
        return new GenerationRepository.NewQuestion(new Place(CHAT, 0, false), conversation, USER, "Долгожитель", "ru",
                text, tgMessageId);
    }

    private static String setting(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT current_setting('synchronous_commit')")) {
            row.next();
            return row.getString(1);
        }
    }

    private static FinishedAnswer answer(long tgMessageId) {
        return new FinishedAnswer("ответ", AnswerStatus.COMPLETE, "tiny", "{}", new GenerationStats(10, 0, 5,
                Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(3), 0), tgMessageId, null);
    }

    /** Rows of message this transaction has read so far, by sequential and index scans. */
    private static long rowsRead(Connection tx) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement("SELECT coalesce(seq_tup_read, 0) "
                + "+ coalesce(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables WHERE relname = 'message'");
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
