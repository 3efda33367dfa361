package ru.saigabot.training.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import ru.saigabot.training.export.ExportOptions;
import ru.saigabot.training.export.ExportStats;
import ru.saigabot.training.export.TrainingExport;
import ru.saigabot.training.testing.TestDatabase;

/**
 * The export benchmark: seeds an embedded PostgreSQL with {@code bench.votes} votes (default
 * 1,000,000: two votes on each of 500,000 answers in 125,000 four-turn conversations, half of them in
 * groups, with some cut answers and personal data, and 50,000 regenerated answers with their preference
 * pairs) and times {@code train export} with every format.
 * Run it in a JVM with a 256 MB heap:
 * {@code java -Xmx256m} with the training module's test classpath (the README's "Training data" section has the
 * commands), or {@code ./mvnw -q -pl training test-compile exec:exec@export-bench} after an install.
 */
public final class ExportBenchmark {
    private ExportBenchmark() {}

    public static void main(String[] args) throws Exception {
        int votes = Integer.getInteger("bench.votes", 1_000_000);
        int answers = votes / 2;
        int conversations = Math.max(1, answers / 4);
        Path work = Files.createTempDirectory("export-bench");
        System.out.printf("export benchmark: votes=%d answers=%d conversations=%d max_heap_mb=%d%n", conversations * 8,
                conversations * 4, conversations, Runtime.getRuntime().maxMemory() >> 20);
        Path pgData = work.resolve("pg");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(pgData)
                .setCleanDataDirectory(true).start()) {
            DataSource db = TestDatabase.migrated(postgres.getPostgresDatabase());
            long seedStart = System.nanoTime();
            seed(db, conversations);
            System.out.printf("seeded in %.1f s%n", (System.nanoTime() - seedStart) / 1e9);

            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long gcStart = gcMillis();
            long postgresStart = postgresCpuMillis(pgData);
            long start = System.nanoTime();
            ExportStats stats = new TrainingExport(db).run(ExportOptions.defaults(work.resolve("out")));
            double seconds = (System.nanoTime() - start) / 1e9;
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            System.out.printf("export: %.1f s wall; CPU: this JVM %.1f s (of which GC %.1f s), PostgreSQL %.1f s; "
                    + "cores %d, load average %.1f%n", seconds, (os.getProcessCpuTime() - cpuStart) / 1e9,
                    (gcMillis() - gcStart) / 1e3, (postgresCpuMillis(pgData) - postgresStart) / 1e3,
                    Runtime.getRuntime().availableProcessors(), os.getSystemLoadAverage());
            System.out.printf("records %s%n", stats.files());
            System.out.printf("removed %s%n", stats.removed());
            System.out.printf("peak heap (sum of pool peaks) %d MB of max %d MB%n", peakHeap >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime()))
                .sum();
    }

    /**
     * CPU time of the embedded PostgreSQL: its postmaster (found by its data directory), the time of the
     * backends that already exited (the postmaster's cutime and cstime in /proc, Linux only) and of
     * those still running. 0 where /proc is not there.
     */
    private static long postgresCpuMillis(Path pgData) {
        Optional<ProcessHandle> postmaster = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(pgData.toString())).orElse(false))
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .findFirst();
        if (postmaster.isEmpty()) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(postmaster.get().pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state is field 3; utime, stime, cutime, cstime are fields 14..17 (clock ticks).
            long ticks = 0;
            for (int field = 14; field <= 17; field++) {
                ticks += Long.parseLong(fields[field - 3]);
            }
            long running = postmaster.get().descendants()
                    .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L)).sum();
            return ticks * 10 + running; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void seed(DataSource db, int conversations) throws Exception {
        int users = Math.max(10, conversations / 6);
        int chats = Math.max(1, conversations / 5);
        try (Connection connection = db.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("SET synchronous_commit = off");
            sql.execute("INSERT INTO tg_user (id, first_name, username) SELECT g, 'Имя' || g, 'user' || g "
                    + "FROM generate_series(1, " + users + ") g");
            sql.execute("INSERT INTO chat (id, kind) SELECT g, CASE WHEN g % 2 = 0 THEN 'supergroup' ELSE 'private' END "
                    + "FROM generate_series(1, " + chats + ") g");
            sql.execute("INSERT INTO conversation (id, chat_id, system_prompt, created_at) SELECT g, (g - 1) / 5 + 1, "
                    + "'Ты — Сайга, русскоязычный автоматический ассистент. Ты разговариваешь с людьми и помогаешь им.', "
                    + "timestamptz '2026-01-01' + g * interval '1 minute' FROM generate_series(1, " + conversations + ") g");
            // Four exchanges per conversation: user message id c*8-7+2e, its answer the next id.
            sql.execute("INSERT INTO message (id, conversation_id, chat_id, role, author_id, content, created_at) "
                    + "SELECT (c - 1) * 8 + e * 2 + 1, c, (c - 1) / 5 + 1, 'user', (c * 7 + e) % " + users + " + 1, "
                    + "CASE WHEN (c + e) % 10 = 0 THEN 'Мой номер +7 912 ' || lpad((c % 1000)::text, 3, '0') || '-45-67, "
                    + "почта user' || c || '@example.com. ' ELSE '' END || 'Вопрос ' || md5(c::text || e) || ' про тему ' "
                    + "|| (c % 500), timestamptz '2026-01-01' + c * interval '1 minute' + e * interval '1 second' "
                    + "FROM generate_series(1, " + conversations + ") c, generate_series(0, 3) e");
            sql.execute("INSERT INTO message (id, conversation_id, chat_id, role, content, reply_to_id, status, model, "
                    + "created_at) SELECT (c - 1) * 8 + e * 2 + 2, c, (c - 1) / 5 + 1, 'assistant', "
                    + "'Ответ: ' || md5(c::text || e || 'a') || ' — ' || md5(c::text || e || 'b') || '. Подробнее: ' "
                    + "|| repeat('текст ответа ', 6 + (c + e) % 10), (c - 1) * 8 + e * 2 + 1, "
                    + "CASE WHEN (c * 4 + e) % 50 = 0 THEN 'cut' ELSE 'complete' END, 'bench', "
                    + "timestamptz '2026-01-01' + c * interval '1 minute' + e * interval '1 second' "
                    + "FROM generate_series(1, " + conversations + ") c, generate_series(0, 3) e");
            sql.execute("SELECT setval('message_id_seq', " + (conversations * 8L) + ")");
            // Every tenth conversation regenerated its answers once: preference pairs for DPO.
            sql.execute("INSERT INTO message (conversation_id, chat_id, role, content, reply_to_id, status, model, "
                    + "created_at) SELECT c, (c - 1) / 5 + 1, 'assistant', 'Другой ответ: ' || md5(c::text || e || 'r') "
                    + "|| '. ' || repeat('иначе сказано ', 5 + (c + e) % 8), (c - 1) * 8 + e * 2 + 1, 'complete', "
                    + "'bench-regenerated', timestamptz '2026-01-01' + c * interval '1 minute' + e * interval '2 second' "
                    + "FROM generate_series(10, " + conversations + ", 10) c, generate_series(0, 3) e");
            sql.execute("INSERT INTO preference_pair (chat_id, prompt_message_id, chosen_message_id, rejected_message_id, "
                    + "source) SELECT chat_id, reply_to_id, id, reply_to_id + 1, 'regenerate' FROM message "
                    + "WHERE model = 'bench-regenerated'");
            sql.execute("INSERT INTO feedback (message_id, user_id, vote, source) "
                    + "SELECT (c - 1) * 8 + e * 2 + 2, (c * 7 + e) % " + users + " + 1, "
                    + "CASE WHEN (c + e) % 4 = 0 THEN -1 ELSE 1 END, 'button' "
                    + "FROM generate_series(1, " + conversations + ") c, generate_series(0, 3) e");
            sql.execute("INSERT INTO feedback (message_id, user_id, vote, source) "
                    + "SELECT (c - 1) * 8 + e * 2 + 2, (c * 7 + e + 1) % " + users + " + 1, "
                    + "CASE WHEN (c + e) % 3 = 0 THEN -1 ELSE 1 END, 'reaction' "
                    + "FROM generate_series(1, " + conversations + ") c, generate_series(0, 3) e");
            sql.execute("ANALYZE");
        }
    }
}
