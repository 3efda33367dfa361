package ru.saigabot.bot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.QueueClaim;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.Sql;

/** The queue's contract at the database: fair claims, leases, attempts that lose their lease change nothing. */
@ExtendWith(FreshDatabase.class)
class InferenceQueueIT {
    private final InferenceQueue queue = new InferenceQueue(GenerationRepository.forWorker());

    /** A running generation of {@code user}'s, published with a request; returns its id. */
    private long published(Database database, long user) {
        return published(database, queue, user, "{\"user\": " + user + "}");
    }

    /** Also used by the worker's test: a generation of a new chat of {@code user}'s, published with {@code json}. */
    static long published(Database database, InferenceQueue queue, long user, String json) {
        long generationId = created(database, user);
        database.inTransaction(tx -> queue.publish(tx, generationId, json, 3));
        return generationId;
    }

    /** A running generation of a new chat of {@code user}'s, not published yet (the queue engine publishes it). */
    static long created(Database database, long user) {
        return database.inTransaction(tx -> {
            try (PreparedStatement statement = tx.prepareStatement(
                    "INSERT INTO tg_user (id) VALUES (?) ON CONFLICT DO NOTHING; "
                            + "INSERT INTO chat (id, kind) VALUES (?, 'private') ON CONFLICT DO NOTHING")) {
                statement.setLong(1, user);
                statement.setLong(2, user);
                statement.execute();
            }
            long generationId;
            try (PreparedStatement statement = tx.prepareStatement(
                    "WITH c AS (INSERT INTO conversation (chat_id, system_prompt) VALUES (?, 's') RETURNING id), "
                            + "m AS (INSERT INTO message (conversation_id, chat_id, role, author_id, content) "
                            + "SELECT id, ?, 'user', ?, 'q' FROM c RETURNING id, conversation_id) "
                            + "INSERT INTO generation (chat_id, conversation_id, user_message_id, requested_by, status) "
                            + "SELECT ?, conversation_id, id, ?, 'running' FROM m RETURNING id")) {
                statement.setLong(1, user);
                statement.setLong(2, user);
                statement.setLong(3, user);
                statement.setLong(4, user);
                statement.setLong(5, user);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    generationId = row.getLong(1);
                }
            }
            return generationId;
        });
    }

    private QueueClaim claim(Database database, String worker) {
        return database.inTransaction(tx -> queue.claim(tx, worker, 60)).orElse(null);
    }

    /** The job's lease runs out now: its worker is taken for dead. */
    private static void expire(Database database, long id) {
        database.inTransaction(tx -> {
            try (PreparedStatement statement = tx.prepareStatement(
                    "UPDATE generation SET lease_until = now() - interval '1 second' WHERE id = ?")) {
                statement.setLong(1, id);
                statement.executeUpdate();
            }
            return null;
        });
    }

    private InferenceQueue.Progress progress(Database database, long id) {
        return database.query(tx -> queue.progress(tx, id, 0, -1)).orElseThrow();
    }

    @Test
    void aJobIsClaimedAsOftenAsItsLimitAllowsAndGivenUpOnlyOnceTheLastLeaseRanOut(DatabaseUrl db) {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            long id = created(database, 3);
            database.inTransaction(tx -> queue.publish(tx, id, "{}", 2));
            claim(database, "first");
            expire(database, id);
            QueueClaim last = claim(database, "second");
            assertThat(last.generationId()).isEqualTo(id);
            database.inTransaction(tx -> queue.append(tx, last, "second", 0, "Полу"));
            assertThat(progress(database, id).claims()).isEqualTo(2);
            assertThat(progress(database, id).exhausted()).as("the last lease still runs").isFalse();
            assertThat(database.<Boolean>inTransaction(tx -> queue.giveUp(tx, id, "{\"error\": \"x\"}"))).isFalse();

            expire(database, id);
            assertThat(claim(database, "third")).as("no claims left").isNull();
            assertThat(progress(database, id).exhausted()).isTrue();
            assertThat(database.<Boolean>inTransaction(tx -> queue.giveUp(tx, id, "{\"error\": \"x\"}"))).isTrue();
            assertThat(database.<Boolean>inTransaction(tx -> queue.append(tx, last, "second", 1, "ответ")))
                    .as("the last worker came back too late").isFalse();
            assertThat(database.<Boolean>inTransaction(tx -> queue.finish(tx, last, "second", "{\"text\": \"ответ\"}")))
                    .isFalse();
            InferenceQueue.Progress failed = progress(database, id);
            assertThat(failed.resultJson()).contains("error");
            assertThat(failed.exhausted()).isFalse();
            assertThat(failed.parts()).isEmpty();

            // Another request for the same answer (an edited question) starts with its claims unused.
            database.inTransaction(tx -> queue.publish(tx, id, "{\"edited\": true}", 2));
            assertThat(claim(database, "fourth").generationId()).isEqualTo(id);
        }
    }

    @Test
    void aLastWorkerThatAnswersLateIsNotGivenUpOn(DatabaseUrl db) {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            long id = created(database, 4);
            database.inTransaction(tx -> queue.publish(tx, id, "{}", 1));
            QueueClaim only = claim(database, "slow");
            expire(database, id);
            // Nobody else may claim it, so the worker still holds the job: its answer counts.
            assertThat(database.<Boolean>inTransaction(tx -> queue.finish(tx, only, "slow", "{\"text\": \"Да\"}")))
                    .isTrue();
            assertThat(database.<Boolean>inTransaction(tx -> queue.giveUp(tx, id, "{\"error\": \"x\"}"))).isFalse();
            assertThat(progress(database, id).resultJson()).contains("Да");
        }
    }

    @Test
    void claimsGoRoundRobinBetweenUsersAndNeverTwice(DatabaseUrl db) {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            long a1 = published(database, 1);
            long a2 = published(database, 1);
            long a3 = published(database, 1);
            long b1 = published(database, 2);
            List<Long> order = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                order.add(claim(database, "w" + i).generationId());
            }
            assertThat(order).as("user 2's only job before user 1's second and third").containsExactly(a1, b1, a2, a3);
            assertThat(claim(database, "w9")).as("every job is leased").isNull();
        }
    }

    @Test
    void anExpiredLeaseIsReclaimedAndTheOldAttemptIsIgnored(DatabaseUrl db) {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            long id = published(database, 7);
            QueueClaim first = claim(database, "dead");
            assertThat(first.attempt()).as("publishing is attempt 1; claims count on from there").isEqualTo(2);
            assertThat(first.requestJson()).contains("\"user\": 7");
            database.inTransaction(tx -> queue.append(tx, first, "dead", 0, "Полу"));
            expire(database, id);

            QueueClaim second = claim(database, "alive");
            assertThat(second.generationId()).isEqualTo(id);
            assertThat(second.attempt()).isEqualTo(3);
            assertThat(database.<Boolean>inTransaction(tx -> queue.append(tx, first, "dead", 1, "нет"))).isFalse();
            assertThat(database.<Boolean>inTransaction(tx -> queue.renew(tx, first, "dead", 60))).isFalse();
            assertThat(database.<Boolean>inTransaction(tx -> queue.renew(tx, second, "alive", 60))).isTrue();
            assertThat(database.<Boolean>inTransaction(tx -> queue.append(tx, second, "alive", 0, "Ответ"))).isTrue();

            InferenceQueue.Progress progress = database.query(tx -> queue.progress(tx, id, 2, 0)).orElseThrow();
            assertThat(progress.attempt()).isEqualTo(3);
            assertThat(progress.claimed()).isTrue();
            assertThat(progress.parts()).as("the new attempt's text from its start, none of the old one's")
                    .containsExactly(new InferenceQueue.Part(0, "Ответ"));
            assertThat(progress.resultJson()).isNull();

            assertThat(database.<Boolean>inTransaction(tx -> queue.finish(tx, first, "dead", "{\"text\": \"old\"}"))).isFalse();
            assertThat(database.<Boolean>inTransaction(tx -> queue.finish(tx, second, "alive", "{\"text\": \"Ответ\"}"))).isTrue();
            assertThat(database.query(tx -> queue.progress(tx, id, 3, 0)).orElseThrow().resultJson())
                    .contains("Ответ");
            assertThat(claim(database, "alive")).as("an answered job is not claimed again").isNull();
        }
    }

    @Test
    void onlyTheWorkerHoldingTheLeaseWritesWithItsAttempt(DatabaseUrl db) {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            long id = published(database, 9);
            QueueClaim held = claim(database, "holder");
            QueueClaim forged = new QueueClaim(id, held.attempt(), held.requestJson());

            // Another worker with the holder's claim, or naming the holder's attempt itself: nothing changes.
            assertThat(database.<Boolean>inTransaction(tx -> queue.append(tx, held, "other", 0, "Чужой"))).isFalse();
            assertThat(database.<Boolean>inTransaction(tx -> queue.append(tx, forged, "other", 0, "Чужой"))).isFalse();
            assertThat(database.<Boolean>inTransaction(tx -> queue.renew(tx, held, "other", 60))).isFalse();
            assertThat(database.<Boolean>inTransaction(tx -> queue.finish(tx, forged, "other", "{\"text\": \"Чужой\"}")))
                    .isFalse();
            InferenceQueue.Progress untouched = database.query(tx -> queue.progress(tx, id, held.attempt(), -1))
                    .orElseThrow();
            assertThat(untouched.parts()).isEmpty();
            assertThat(untouched.resultJson()).isNull();

            // The holder's own writes go through.
            assertThat(database.<Boolean>inTransaction(tx -> queue.append(tx, held, "holder", 0, "Свой"))).isTrue();
            assertThat(database.<Boolean>inTransaction(tx -> queue.renew(tx, held, "holder", 60))).isTrue();
            assertThat(database.<Boolean>inTransaction(tx -> queue.finish(tx, held, "holder", "{\"text\": \"Свой\"}")))
                    .isTrue();
            InferenceQueue.Progress written = database.query(tx -> queue.progress(tx, id, held.attempt(), -1))
                    .orElseThrow();
            assertThat(written.parts()).extracting(InferenceQueue.Part::delta).containsExactly("Свой");
            assertThat(written.resultJson()).contains("Свой");
        }
    }

    @Test
    void theSameRequestPublishedAgainIsAdoptedAndAnotherOneIsRedone(DatabaseUrl db) {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            long id = published(database, 5);
            QueueClaim running = claim(database, "w1");
            database.inTransaction(tx -> queue.append(tx, running, "w1", 0, "Уже"));
            // The bot restarted while w1 ran the job: the same request is followed, not started over.
            int baseline = database.inTransaction(tx -> queue.publish(tx, id, "{\"user\": 5}", 3));
            assertThat(baseline).as("the claim is above the baseline").isEqualTo(running.attempt() - 1);
            assertThat(database.<Boolean>inTransaction(tx -> queue.append(tx, running, "w1", 1, " пишу"))).isTrue();
            assertThat(database.query(tx -> queue.progress(tx, id, running.attempt(), -1)).orElseThrow().parts())
                    .extracting(InferenceQueue.Part::delta).containsExactly("Уже", " пишу");

            // Another request (the user edited the question): the old attempt's writes are refused.
            int republished = database.inTransaction(tx -> queue.publish(tx, id, "{\"user\": 5, \"edited\": true}", 3));
            assertThat(republished).isGreaterThan(running.attempt());
            assertThat(database.<Boolean>inTransaction(tx -> queue.append(tx, running, "w1", 2, "!"))).isFalse();
            assertThat(database.<Boolean>inTransaction(tx -> queue.renew(tx, running, "w1", 60))).isFalse();
            InferenceQueue.Progress fresh = database.query(tx -> queue.progress(tx, id, republished, -1)).orElseThrow();
            assertThat(fresh.claimed()).isFalse();
            assertThat(fresh.place()).isEqualTo(1);
            assertThat(fresh.parts()).isEmpty();
            assertThat(database.<Integer>query(queue::waiting)).isEqualTo(1);
            assertThat(claim(database, "w2").attempt()).isEqualTo(republished + 1);
            assertThat(database.<Integer>query(queue::waiting)).isZero();
        }
    }

    @Test
    void textAppendedWhileTheBotAbandonsTheJobIsRefusedAndNotLeftBehind(DatabaseUrl db) throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (Database database = Database.open(db.jdbcUrl(), 3)) {
            long id = published(database, 8);
            QueueClaim claim = claim(database, "w1");
            try (Connection bot = database.dataSource().getConnection()) {
                bot.setAutoCommit(false);
                queue.abandon(bot, id, "{\"text\": \"Полу\"}");
                Future<Boolean> append = worker.submit(() -> database.<Boolean>inTransaction(tx ->
                        queue.append(tx, claim, "w1", 0, "Полуответ")));
                Sql sql = new Sql(db);
                sql.awaitLockWaitOrEnd(append, Duration.ofSeconds(30));
                assertThat(append).as("appended while the abandon is not committed").isNotDone();
                bot.commit();
                assertThat(append.get(30, TimeUnit.SECONDS)).as("the job was ended meanwhile").isFalse();
                assertThat(sql.number("SELECT count(*) FROM generation_part WHERE generation_id = ?", id)).isZero();
            }
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void anAdminsRequestIsClaimedFirst(DatabaseUrl db) {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            published(database, 1);
            long admin = published(database, queue, 2, "{\"priority\": true}");
            assertThat(claim(database, "w1").generationId()).isEqualTo(admin);
        }
    }

    @Test
    void unclaimedJobsKnowTheirPlace(DatabaseUrl db) {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            long first = published(database, 1);
            long second = published(database, 2);
            assertThat(database.query(tx -> queue.progress(tx, second, 0, -1)).orElseThrow().place()).isEqualTo(2);
            claim(database, "w1");
            assertThat(database.query(tx -> queue.progress(tx, first, 0, -1)).orElseThrow().place())
                    .as("claimed: no place").isZero();
            assertThat(database.query(tx -> queue.progress(tx, second, 0, -1)).orElseThrow().place()).isEqualTo(1);
        }
    }

    @Test
    void workersAreLiveWhileTheyBeat(DatabaseUrl db) {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            assertThat(database.<Integer>query(tx -> queue.liveWorkers(tx, 30))).isZero();
            database.inTransaction(tx -> {
                try (PreparedStatement statement = tx.prepareStatement("INSERT INTO inference_worker (id, model, slots, "
                        + "seen_at) VALUES ('gone', 'tiny', 1, now() - interval '2 days')")) {
                    statement.executeUpdate();
                }
                return null;
            });
            database.inTransaction(tx -> {
                queue.heartbeat(tx, "w1", "tiny", 2);
                queue.heartbeat(tx, "w1", "tiny", 2);
                return null;
            });
            assertThat(database.<Integer>query(tx -> queue.liveWorkers(tx, 30))).isEqualTo(1);
            assertThat(database.<Integer>query(tx -> queue.liveWorkers(tx, 365 * 86_400)))
                    .as("a worker unseen for days is dropped").isEqualTo(1);
        }
    }
}
