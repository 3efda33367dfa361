package ru.saigabot.bot.bench;

import static ru.saigabot.bot.store.Statements.one;
import static ru.saigabot.bot.store.Statements.update;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.EmbeddedPostgresServer;
import ru.saigabot.bot.testing.web.WebUser;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.admin.DashboardEndpoints;
import ru.saigabot.bot.web.admin.QueueLength;
import ru.saigabot.bot.web.session.SessionStore;

/**
 * Issue #19's dashboard with a million messages: each endpoint over real HTTP (session check, SQL, JSON), its median
 * and 95th percentile. The messages are half questions, half answers, spread evenly over {@code bench.days} days in
 * the order of their ids, as a bot stores them
 * (90: a bot's quarter; 30 puts every one of them in the default span, the worst case), with votes on 15% of the
 * answers, a generation per question, and 12,000 arena votes. Not a test: run it on a quiet machine.
 *
 * <pre>
 * ./mvnw -q -pl bot test-compile exec:java@dashboard-bench [-Dbench.messages=1000000 -Dbench.days=90 -Dbench.runs=40]
 * </pre>
 */
public final class DashboardBenchmark {
    private static final int USERS = 2_000;
    private static final int CONVERSATIONS = 50_000;
    private static final int ARENA_TASKS = 5_000;
    private static final String ZONE = "Europe/Moscow";

    private DashboardBenchmark() {}

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 1_000_000);
        int days = Integer.getInteger("bench.days", 90);
        int runs = Integer.getInteger("bench.runs", 40);
        String keep = System.getProperty("bench.dir");
        Path dir = keep == null ? Files.createTempDirectory("dashboard-bench") : Path.of(keep);
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir);
             Database database = Database.open(server.jdbcUrl(), 4)) {
            long stored = database.query(c -> one(c, "SELECT count(*) FROM message", row -> row.getLong(1)))
                    .orElse(0L);
            if (stored < messages) {
                seed(database, messages / 2, days);
            } else {
                System.out.printf(Locale.ROOT, "kept database: %d messages%n", stored);
            }
            measure(database, runs);
        }
    }

    /** {@code pairs} questions with their answers, in a few statements of generate_series. */
    private static void seed(Database database, int pairs, int days) {
        long started = System.nanoTime();
        database.query(connection -> {
            try (Statement sql = connection.createStatement()) {
                sql.execute("TRUNCATE tg_user, chat, conversation, message, feedback, generation, arena_variant, "
                        + "arena_task, arena_vote CASCADE");
                sql.execute("INSERT INTO tg_user (id, first_name) SELECT u, 'user ' || u "
                        + "FROM generate_series(1, " + USERS + ") u");
                sql.execute("INSERT INTO chat (id, kind, title) SELECT u, 'private', 'chat ' || u "
                        + "FROM generate_series(1, " + USERS + ") u");
                sql.execute("INSERT INTO conversation (id, chat_id, system_prompt) SELECT c, 1 + c % " + USERS + ", "
                        + "'Ты полезный помощник.' FROM generate_series(1, " + CONVERSATIONS + ") c");
                sql.execute("INSERT INTO message (id, conversation_id, chat_id, role, author_id, content, created_at) "
                        + "SELECT 2 * i - 1, 1 + i % " + CONVERSATIONS + ", 1 + (1 + i % " + CONVERSATIONS + ") % "
                        + USERS + ", 'user', 1 + (1 + i % " + CONVERSATIONS + ") % " + USERS + ", "
                        + "'Вопрос номер ' || i, now() - (" + pairs + " - i) * (" + days + " * 86400.0 / " + pairs + ") "
                        + "* interval '1 second' FROM generate_series(1, " + pairs + ") i");
                // an answer's figures: mostly fine, some slow, a few failed; three model labels, one an adapter
                sql.execute("INSERT INTO message (id, conversation_id, chat_id, role, content, reply_to_id, status, "
                        + "model, params, prompt_tokens, completion_tokens, queue_ms, ttft_ms, duration_ms, "
                        + "created_at) SELECT id + 1, conversation_id, chat_id, 'assistant', 'Ответ на вопрос', id, "
                        + "CASE WHEN r1 < 0.03 THEN 'failed' WHEN r1 < 0.1 THEN 'cut' ELSE 'complete' END, "
                        + "CASE WHEN r2 < 0.7 THEN 'saiga_llama3_8b' WHEN r2 < 0.9 THEN 'saiga_llama3_8b+style' "
                        + "ELSE 'saiga_nemo_12b' END, '{\"temperature\": 0.7}', 200 + tokens, tokens, queue, ttft, "
                        + "ttft + tokens * 45, least(created_at + (queue + ttft + tokens * 45) * interval '1 ms', now()) "
                        + "FROM (SELECT *, random() AS r1, random() AS r2, (20 + random() * 480)::int AS tokens, "
                        + "(random() * random() * 20000)::int AS queue, (200 + random() * 2800)::int AS ttft "
                        + "FROM message WHERE role = 'user' OFFSET 0) q");
                sql.execute("SELECT setval('message_id_seq', (SELECT max(id) FROM message))");
                sql.execute("SELECT setval('conversation_id_seq', (SELECT max(id) FROM conversation))");
                sql.execute("INSERT INTO feedback (message_id, user_id, vote, source, created_at, updated_at) "
                        + "SELECT id, chat_id, CASE WHEN random() < 0.75 THEN 1 ELSE -1 END, 'button', "
                        + "least(created_at + interval '2 minutes', now()), least(created_at + interval '2 minutes', "
                        + "now()) FROM message WHERE role = 'assistant' AND random() < 0.15");
                sql.execute("INSERT INTO generation (chat_id, conversation_id, user_message_id, requested_by, status, "
                        + "answer_message_id, attempts, created_at, started_at, finished_at) "
                        + "SELECT a.chat_id, a.conversation_id, q.id, q.author_id, "
                        + "CASE WHEN a.status = 'failed' THEN 'failed' ELSE 'done' END, a.id, 1, q.created_at, "
                        + "least(q.created_at + a.queue_ms * interval '1 ms', a.created_at), a.created_at "
                        + "FROM message a JOIN message q ON q.id = a.reply_to_id WHERE a.role = 'assistant'");
                seedArena(sql);
                return null;
            }
        });
        database.query(connection -> {
            connection.setAutoCommit(true);
            try (Statement sql = connection.createStatement()) {
                // what autovacuum does to a table that has grown: the statistics and the visibility map
                sql.execute("VACUUM ANALYZE");
            }
            return null;
        });
        System.out.printf(Locale.ROOT, "seeded %d messages over %d days in %.1f s%n", pairs * 2, days,
                (System.nanoTime() - started) / 1e9);
    }

    /** Four variants in six pairs: 70% annotation tasks (three annotators each, a twentieth of them control tasks), 30% live battles. */
    private static void seedArena(Statement sql) throws java.sql.SQLException {
        sql.execute("INSERT INTO arena_variant (id, spec) VALUES (1, 'saiga_llama3_8b'), "
                + "(2, 'saiga_llama3_8b+style'), (3, 'saiga_nemo_12b'), (4, 'saiga_mistral_7b')");
        sql.execute("INSERT INTO arena_task (id, prompt, variant_a, variant_b, answer_a, answer_b, control, origin, "
                + "chat_id) SELECT t, 'Задание ' || t, (ARRAY[1, 1, 1, 2, 2, 3])[1 + t % 6], "
                + "(ARRAY[2, 3, 4, 3, 4, 4])[1 + t % 6], 'Ответ A', 'Ответ B', "
                + "CASE WHEN t % 10 >= 3 AND t % 20 = 5 THEN 'a' END, "
                + "CASE WHEN t % 10 < 3 THEN 'live' ELSE 'task' END, CASE WHEN t % 10 < 3 THEN 1 + t % " + USERS
                + " END FROM generate_series(1, " + ARENA_TASKS + ") t");
        sql.execute("INSERT INTO arena_vote (task_id, annotator_id, left_side, choice, shown_at, voted_at) "
                + "SELECT t.id, CASE WHEN t.origin = 'live' THEN t.chat_id ELSE 1 + (t.id * 7 + k * 11) % 30 END, "
                + "CASE WHEN random() < 0.5 THEN 'a' ELSE 'b' END, "
                + "CASE WHEN r < 0.3 + 0.05 * t.variant_b THEN 'a' WHEN r < 0.8 THEN 'b' WHEN r < 0.92 THEN 'tie' "
                + "ELSE 'both_bad' END, at, at FROM (SELECT *, random() AS r, "
                + "now() - random() * interval '30 days' AS at FROM arena_task OFFSET 0) t "
                + "CROSS JOIN generate_series(0, 2) k WHERE t.origin = 'task' OR k = 0");
        sql.execute("SELECT setval('arena_task_id_seq', " + ARENA_TASKS + ")");
        sql.execute("SELECT setval('arena_variant_id_seq', 4)");
    }

    private static void measure(Database database, int runs) throws Exception {
        SessionStore sessions = new SessionStore(database);
        try (WebServer server = WebServer.start("127.0.0.1", 0, sessions, new ObjectMapper(), List.of(
                new DashboardEndpoints(database, new QueueLength(() -> 3, () -> 2), new ObjectMapper())))) {
            WebUser admin = WebUser.invited("http://127.0.0.1:" + server.port(), database, true);
            String zone = "tz=" + ZONE;
            // The arena's report is kept until the votes change: these measure a kept one.
            for (String path : List.of("/web/api/admin/activity?" + zone, "/web/api/admin/feedback?" + zone,
                    "/web/api/admin/speed?" + zone, "/web/api/admin/queue?" + zone, "/web/api/admin/live",
                    "/web/api/admin/arena", "/web/api/admin/arena?source=task", "/web/api/admin/arena?source=live")) {
                report(path, time(admin, path, runs, () -> {}));
            }
            // A vote just cast: the report is computed again (read, analysis, a thousand bootstrap samples).
            report("/web/api/admin/arena (after a new vote)", time(admin, "/web/api/admin/arena", Math.min(runs, 10),
                    () -> database.query(connection -> update(connection, "UPDATE arena_vote SET voted_at = now() "
                            + "WHERE id = (SELECT max(id) FROM arena_vote)"))));
        }
    }

    /** Milliseconds of each of {@code runs} requests, after three to warm up; {@code before} runs untimed. */
    private static double[] time(WebUser client, String path, int runs, Runnable before) throws Exception {
        for (int i = 0; i < 3; i++) {
            before.run();
            client.call("GET", path, null);
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            before.run();
            long started = System.nanoTime();
            client.call("GET", path, null);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void report(String what, double[] sorted) {
        System.out.printf(Locale.ROOT, "%-60s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms  (%d runs)%n", what,
                percentile(sorted, 0.5), percentile(sorted, 0.95), sorted[sorted.length - 1], sorted.length);
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
}
