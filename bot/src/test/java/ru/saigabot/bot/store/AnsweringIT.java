package ru.saigabot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import ru.saigabot.bot.generation.AnswerStatus;
import ru.saigabot.bot.generation.FinishedAnswer;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.GenerationQueries;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.generation.RequestEnded;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.OpenTx;
import ru.saigabot.bot.testing.db.Sql;
import ru.saigabot.inference.GenerationStats;

/**
 * 🔄 and edits read what answers a question while its answer may be starting or finishing on another
 * thread. Each interleaving is forced here with two real transactions, one left open.
 */
@ExtendWith(FreshDatabase.class)
class AnsweringIT {
    private static final long CHAT = 701;
    private static final long USER = 701;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ConversationCache cache = new ConversationCache(1_000_000, Runnable::run);
    private final ChatStore chats = new ChatStore(cache);
    private final GenerationRepository generations = new GenerationRepository(cache, new LiveBattleStore(cache));
    private final GenerationQueries queries = new GenerationQueries();
    private final MessageStore messages = new MessageStore(cache);
    private final ExecutorService other = Executors.newSingleThreadExecutor();
    private Database database;
    private Sql sql;
    private long conversation;
    private GenerationJob question;

    @BeforeEach
    void aQuestion(DatabaseUrl db) {
        database = Database.open(db.jdbcUrl(), 3);
        sql = new Sql(db);
        conversation = database.transact(tx -> {
            chats.upsertUser(tx.connection(), new TelegramUser(USER, "Оля", null, "ru"));
            chats.upsertChat(tx.connection(), CHAT, ChatKind.PRIVATE, null);
            return chats.currentConversation(tx, CHAT, 0, "system");
        });
        question = database.transact(tx -> generations.enqueueMessage(tx, new GenerationRepository.NewQuestion(
                new Place(CHAT, 0, false), conversation, USER, "Оля", "ru", "Сколко будет 2+2?", 10), 100).job());
    }

    @AfterEach
    void close() {
        other.shutdownNow();
        database.close();
    }

    @Test
    void aRunningRequestIsNotLockedSoItsAnswerIsStoredMeanwhile() throws Exception {
        database.query(connection -> generations.start(connection, question.id(), null));
        try (Connection edit = database.dataSource().getConnection()) {
            edit.setAutoCommit(false);
            GenerationQueries.Answering answering = queries.answering(edit, CHAT, questionId());
            assertThat(answering.running()).isTrue();
            assertThat(answering.currentAnswer()).isEmpty();

            // An edit stops the answer, which closes its request from another connection while the edit's
            // transaction is still open (and waits for the stop): that must not wait for the edit.
            Future<Long> stored = other.submit(() -> database.autoCommit(tx -> generations.finish(tx, question,
                    answer("4"))));
            sql.awaitLockWaitOrEnd(stored, WAIT);
            assertThat(stored).as("the answer stored while the edit's transaction is open").isDone();
            long answer = stored.get();
            edit.rollback();

            GenerationQueries.Answering after = database.inTransaction(tx ->
                    queries.answering(tx, CHAT, questionId()));
            assertThat(after.open()).isFalse();
            assertThat(after.currentAnswer()).as("the answer a new one replaces").contains(answer);
        }
    }

    @Test
    void aRequestStartingWhileItIsReadIsWaitedForAndSeenRunning() throws Exception {
        try (Connection starting = database.dataSource().getConnection()) {
            starting.setAutoCommit(false);
            assertThat(generations.start(starting, question.id(), null)).isTrue();

            Future<GenerationQueries.Answering> read = other.submit(() -> database.inTransaction(tx ->
                    queries.answering(tx, CHAT, questionId())));
            sql.awaitLockWaitOrEnd(read, WAIT);
            assertThat(read).as("read while the start is not committed").isNotDone();
            starting.commit();

            GenerationQueries.Answering answering = read.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(answering.openGenerationId()).isEqualTo(question.id());
            assertThat(answering.running()).as("started meanwhile: no longer locked as queued").isTrue();
        }
    }

    @Test
    void aQueuedRequestStartsWithTheTextTheEditLeft() throws Exception {
        try (Connection edit = database.dataSource().getConnection()) {
            edit.setAutoCommit(false);
            GenerationQueries.Answering answering = queries.answering(edit, CHAT, questionId());
            assertThat(answering.open()).isTrue();
            assertThat(answering.running()).isFalse();
            OpenTx editing = OpenTx.on(edit);
            messages.updateContent(editing, CHAT, conversation, questionId(), "Сколько будет 2+2?");

            CompletableFuture<String> started = CompletableFuture.supplyAsync(() -> database.query(connection ->
                    generations.start(connection, question.id(), null)
                            ? content(connection, questionId()) : null), other);
            sql.awaitLockWaitOrEnd(started, WAIT);
            assertThat(started).as("started while the edit is not committed").isNotDone();
            editing.commit();

            assertThat(started.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Сколько будет 2+2?");
        }
    }

    /** An answer whose question was deleted while it was written (/forget) is not stored, and says why. */
    @Test
    void anAnswerToADeletedQuestionIsNotStored() throws Exception {
        database.query(connection -> generations.start(connection, question.id(), null));
        database.query(connection -> connection.createStatement().executeUpdate("DELETE FROM message WHERE id = "
                + questionId()));

        assertThatThrownBy(() -> database.autoCommit(tx -> generations.finish(tx, question, answer("4"))))
                .hasCauseInstanceOf(RequestEnded.class);
        assertThat(sql.number("SELECT count(*) FROM message")).isZero();
    }

    private long questionId() {
        return question.question().messageId();
    }

    private static FinishedAnswer answer(String text) {
        return new FinishedAnswer(text, AnswerStatus.COMPLETE, "tiny", "{}", new GenerationStats(10, 0, 1,
                Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(3), 0), 11L, null);
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
