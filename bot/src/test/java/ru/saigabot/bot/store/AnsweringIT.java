package ru.saigabot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.Sql;

/**
 * 🔄 and edits read what answers a question while its answer may be starting or finishing on another
 * thread. Each interleaving is forced here with two real transactions, one left open.
 */
@ExtendWith(FreshDatabase.class)
class AnsweringIT {
    private static final long CHAT = 701;
    private static final long USER = 701;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChatStore chats = new ChatStore();
    private final GenerationStore generations = new GenerationStore();
    private final MessageStore messages = new MessageStore();
    private final ExecutorService other = Executors.newSingleThreadExecutor();
    private Database database;
    private Sql sql;
    private long conversation;
    private GenerationStore.NewRequest question;

    @BeforeEach
    void aQuestion(DatabaseUrl db) {
        database = Database.open(db.jdbcUrl(), 3);
        sql = new Sql(db);
        conversation = database.inTransaction(tx -> {
            chats.upsertUser(tx, new TelegramUser(USER, "Оля", null, "ru"));
            chats.upsertChat(tx, CHAT, ChatKind.PRIVATE, null);
            return chats.currentConversation(tx, CHAT, 0, "system");
        });
        question = database.inTransaction(tx -> generations.enqueueMessage(tx, conversation, CHAT, USER,
                "Сколко будет 2+2?", 10, 100).request());
    }

    @AfterEach
    void close() {
        other.shutdownNow();
        database.close();
    }

    @Test
    void aRunningRequestIsNotLockedSoItsAnswerIsStoredMeanwhile() throws Exception {
        database.query(connection -> generations.start(connection, question.generationId(), null));
        try (Connection edit = database.dataSource().getConnection()) {
            edit.setAutoCommit(false);
            GenerationStore.Answering answering = generations.answering(edit, CHAT, question.messageId());
            assertThat(answering.running()).isTrue();
            assertThat(answering.currentAnswer()).isEmpty();

            // An edit stops the answer, which closes its request from another connection while the edit's
            // transaction is still open (and waits for the stop): that must not wait for the edit.
            Future<Long> stored = other.submit(() -> database.query(connection -> messages.addAnswer(connection,
                    conversation, CHAT, question.messageId(), answer("4"), question.generationId(), null)));
            sql.awaitLockWaitOrEnd(stored, WAIT);
            assertThat(stored).as("the answer stored while the edit's transaction is open").isDone();
            long answer = stored.get();
            edit.rollback();

            GenerationStore.Answering after = database.inTransaction(tx ->
                    generations.answering(tx, CHAT, question.messageId()));
            assertThat(after.open()).isFalse();
            assertThat(after.currentAnswer()).as("the answer a new one replaces").contains(answer);
        }
    }

    @Test
    void aRequestStartingWhileItIsReadIsWaitedForAndSeenRunning() throws Exception {
        try (Connection starting = database.dataSource().getConnection()) {
            starting.setAutoCommit(false);
            assertThat(generations.start(starting, question.generationId(), null)).isTrue();

            Future<GenerationStore.Answering> read = other.submit(() -> database.inTransaction(tx ->
                    generations.answering(tx, CHAT, question.messageId())));
            sql.awaitLockWaitOrEnd(read, WAIT);
            assertThat(read).as("read while the start is not committed").isNotDone();
            starting.commit();

            GenerationStore.Answering answering = read.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(answering.openGenerationId()).isEqualTo(question.generationId());
            assertThat(answering.running()).as("started meanwhile: no longer locked as queued").isTrue();
        }
    }

    @Test
    void aQueuedRequestStartsWithTheTextTheEditLeft() throws Exception {
        try (Connection edit = database.dataSource().getConnection()) {
            edit.setAutoCommit(false);
            GenerationStore.Answering answering = generations.answering(edit, CHAT, question.messageId());
            assertThat(answering.open()).isTrue();
            assertThat(answering.running()).isFalse();
            messages.updateContent(edit, CHAT, question.messageId(), "Сколько будет 2+2?");

            CompletableFuture<String> started = CompletableFuture.supplyAsync(() -> database.query(connection ->
                    generations.start(connection, question.generationId(), null)
                            ? content(connection, question.messageId()) : null), other);
            sql.awaitLockWaitOrEnd(started, WAIT);
            assertThat(started).as("started while the edit is not committed").isNotDone();
            edit.commit();

            assertThat(started.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Сколько будет 2+2?");
        }
    }

    private static AnswerRecord answer(String text) {
        return new AnswerRecord(text, "complete", "tiny", "{}", 10, 0, 1, 1, 2, 3, 11);
    }

    private static String content(Connection connection, long messageId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT content FROM message WHERE id = ?")) {
            statement.setLong(1, messageId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
