package ru.saigabot.bot.testing.web;

import static ru.saigabot.bot.store.Statements.one;
import static ru.saigabot.bot.store.Statements.update;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What the dashboard's tests count: messages, answers, votes, generations and arena votes at known times, written
 * straight into the database. Times are the database's own (its {@code now()}), in UTC:
 *
 * <ul>
 *   <li>three days ago at noon: three questions; answers by "tiny" (one of them failed) and by "tiny+style"; an
 *       assistant turn without a model, as the API stores a client's history; votes 👍 and 👎 on the first "tiny"
 *       answer and 👍 on the "tiny+style" one;
 *   <li>six days ago at noon: a message nobody answered, a question and a "tiny" answer with a 👎;
 *   <li>in the hour that began three hours ago ({@link Marks#hour()}): five questions answered by "tiny", four of them
 *       with times to the first token of 100, 200, 300 and 400 ms, 11, 21, 31 and 41 tokens written in one second
 *       after the first (10, 20, 30, 40 tokens/s) and queue waits of 0, 1, 2 and 3 s; the fifth failed after a
 *       10 s wait;
 *   <li>generations in that hour and the next, waiting and running as {@link #seed} describes;
 *   <li>arena: annotation tasks "tiny" vs "tiny+style" voted by annotators 7002 and 7003 (one control task, which
 *       7002 got right and 7003 wrong), and two live battles "tiny" vs "other" won by "other".
 * </ul>
 */
public final class DashboardSeed {
    public static final long USER = 7001;
    public static final long ANNOTATOR = 7002;
    public static final long SECOND_ANNOTATOR = 7003;

    /**
     * Where the rows fell.
     *
     * @param hour     the start of the hour of the five answers; {@code nextHour} the one after it
     * @param taskFour the annotation task only one annotator voted on (a test may add the other's vote)
     */
    public record Marks(LocalDate threeDaysAgo, LocalDate sixDaysAgo, Instant hour, Instant nextHour, long taskFour) {}

    private final Connection connection;
    private final long conversation;

    private DashboardSeed(Connection connection, long conversation) {
        this.connection = connection;
        this.conversation = conversation;
    }

    public static Marks seed(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            for (long user : new long[] {USER, ANNOTATOR, SECOND_ANNOTATOR}) {
                update(connection, "INSERT INTO tg_user (id, first_name) VALUES (?, ?)", user, "user" + user);
            }
            update(connection, "INSERT INTO chat (id, kind, title) VALUES (?, 'private', 'seeded')", USER);
            long conversation = one(connection, "INSERT INTO conversation (chat_id, system_prompt) "
                    + "VALUES (?, 'Ты полезный помощник.') RETURNING id", row -> row.getLong(1), USER).orElseThrow();
            OffsetDateTime today = one(connection, "SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AS d",
                    row -> row.getObject("d", java.time.LocalDateTime.class).atOffset(ZoneOffset.UTC)).orElseThrow();
            OffsetDateTime hour = one(connection, "SELECT date_trunc('hour', now() AT TIME ZONE 'UTC') AS h",
                    row -> row.getObject("h", java.time.LocalDateTime.class).atOffset(ZoneOffset.UTC)).orElseThrow()
                    .minusHours(3);
            DashboardSeed seed = new DashboardSeed(connection, conversation);
            seed.days(today.minusDays(3).plusHours(12), today.minusDays(6).plusHours(12));
            seed.hour(hour);
            long taskFour = seed.arena();
            return new Marks(today.minusDays(3).toLocalDate(), today.minusDays(6).toLocalDate(), hour.toInstant(),
                    hour.plusHours(1).toInstant(), taskFour);
        }
    }

    private void days(OffsetDateTime threeDaysAgo, OffsetDateTime sixDaysAgo) throws SQLException {
        long first = question(threeDaysAgo);
        long firstAnswer = answer(first, threeDaysAgo.plusSeconds(5), "tiny", "complete", 300, 100, 50, 2000);
        long second = question(threeDaysAgo.plusMinutes(1));
        answer(second, threeDaysAgo.plusMinutes(1).plusSeconds(5), "tiny", "failed", 0, 100, null, 10);
        long third = question(threeDaysAgo.plusMinutes(2));
        long styleAnswer = answer(third, threeDaysAgo.plusMinutes(2).plusSeconds(5), "tiny+style", "complete", 300,
                100, 50, 2000);
        update(connection, "INSERT INTO message (conversation_id, chat_id, role, content, reply_to_id, created_at) "
                + "VALUES (?, ?, 'assistant', 'a turn of a client''s history', ?, ?)", conversation, USER, third,
                threeDaysAgo.plusMinutes(3));
        vote(firstAnswer, USER, 1);
        vote(firstAnswer, ANNOTATOR, -1);
        vote(styleAnswer, USER, 1);

        question(sixDaysAgo);
        long asked = question(sixDaysAgo.plusMinutes(1));
        vote(answer(asked, sixDaysAgo.plusMinutes(1).plusSeconds(5), "tiny", "complete", 300, 100, 50, 2000), USER, -1);
    }

    /**
     * Five answers, and four generations whose waits and runs the queue chart counts (minutes from the hour's start):
     * one waits 10–20 and runs 20–30; one waits 15–35 and runs 35–40; one waits 50–70 and runs 70–75, into the next
     * hour; one waits 55–58 and is cancelled unstarted.
     */
    private void hour(OffsetDateTime hour) throws SQLException {
        long[] questions = new long[5];
        for (int i = 0; i < 4; i++) {
            questions[i] = question(hour.plusMinutes(5 + i));
            int ttft = 100 * (i + 1);
            answer(questions[i], hour.plusMinutes(5 + i).plusSeconds(10), "tiny", "complete", 1000 * i, ttft,
                    11 + 10 * i, ttft + 1000);
        }
        questions[4] = question(hour.plusMinutes(9));
        answer(questions[4], hour.plusMinutes(9).plusSeconds(30), "tiny", "failed", 10_000, 5000, 0, 5000);
        generation(questions[0], hour.plusMinutes(10), hour.plusMinutes(20), hour.plusMinutes(30), "done");
        generation(questions[1], hour.plusMinutes(15), hour.plusMinutes(35), hour.plusMinutes(40), "done");
        generation(questions[2], hour.plusMinutes(50), hour.plusMinutes(70), hour.plusMinutes(75), "done");
        generation(questions[3], hour.plusMinutes(55), null, hour.plusMinutes(58), "cancelled");
    }

    /** Returns the id of task four, which only one annotator voted on. */
    private long arena() throws SQLException {
        update(connection, "INSERT INTO arena_variant (spec) VALUES ('tiny'), ('tiny+style'), ('other')");
        long[] tasks = new long[5];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = one(connection, "INSERT INTO arena_task (prompt, variant_a, variant_b, answer_a, answer_b, "
                            + "control) SELECT 'Задание', a.id, b.id, 'A', 'B', ? FROM arena_variant a, arena_variant b "
                            + "WHERE a.spec = 'tiny' AND b.spec = 'tiny+style' RETURNING id", row -> row.getLong(1),
                    i == 4 ? "a" : null).orElseThrow();
        }
        arenaVote(tasks[0], ANNOTATOR, "a");
        arenaVote(tasks[0], SECOND_ANNOTATOR, "a");
        arenaVote(tasks[1], ANNOTATOR, "b");
        arenaVote(tasks[1], SECOND_ANNOTATOR, "a");
        arenaVote(tasks[2], ANNOTATOR, "tie");
        arenaVote(tasks[2], SECOND_ANNOTATOR, "both_bad");
        arenaVote(tasks[3], ANNOTATOR, "a");
        arenaVote(tasks[4], ANNOTATOR, "a");
        arenaVote(tasks[4], SECOND_ANNOTATOR, "b");
        for (int i = 0; i < 2; i++) {
            long live = one(connection, "INSERT INTO arena_task (prompt, variant_a, variant_b, answer_a, answer_b, "
                    + "origin, chat_id) SELECT 'Битва', a.id, b.id, 'A', 'B', 'live', ? FROM arena_variant a, "
                    + "arena_variant b WHERE a.spec = 'tiny' AND b.spec = 'other' RETURNING id", row -> row.getLong(1),
                    USER).orElseThrow();
            arenaVote(live, USER, "b");
        }
        return tasks[3];
    }

    /** Casts {@code choice} on a task as /annotate stores it (shown on the left as "a"). */
    public static void arenaVote(Connection connection, long task, long annotator, String choice) throws SQLException {
        update(connection, "INSERT INTO arena_vote (task_id, annotator_id, left_side, choice, voted_at) "
                + "VALUES (?, ?, 'a', ?, clock_timestamp())", task, annotator, choice);
    }

    private void arenaVote(long task, long annotator, String choice) throws SQLException {
        arenaVote(connection, task, annotator, choice);
    }

    private long question(OffsetDateTime at) throws SQLException {
        return one(connection, "INSERT INTO message (conversation_id, chat_id, role, author_id, content, created_at) "
                        + "VALUES (?, ?, 'user', ?, 'Вопрос', ?) RETURNING id", row -> row.getLong(1), conversation,
                USER, USER, at).orElseThrow();
    }

    private long answer(long question, OffsetDateTime at, String model, String status, int queueMs, int ttftMs,
                        Integer tokens, int durationMs) throws SQLException {
        return one(connection, "INSERT INTO message (conversation_id, chat_id, role, content, reply_to_id, status, "
                        + "model, params, prompt_tokens, completion_tokens, queue_ms, ttft_ms, duration_ms, created_at) "
                        + "VALUES (?, ?, 'assistant', 'Ответ', ?, ?, ?, '{}'::jsonb, 20, ?, ?, ?, ?, ?) RETURNING id",
                row -> row.getLong(1), conversation, USER, question, status, model, tokens, queueMs, ttftMs,
                durationMs, at).orElseThrow();
    }

    private void vote(long answer, long user, int vote) throws SQLException {
        update(connection, "INSERT INTO feedback (message_id, user_id, vote, source) VALUES (?, ?, ?, 'button')",
                answer, user, vote);
    }

    private void generation(long question, OffsetDateTime created, OffsetDateTime started, OffsetDateTime finished,
                            String status) throws SQLException {
        update(connection, "INSERT INTO generation (chat_id, conversation_id, user_message_id, requested_by, status, "
                + "created_at, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", USER, conversation, question,
                USER, status, created, started, finished);
    }
}
