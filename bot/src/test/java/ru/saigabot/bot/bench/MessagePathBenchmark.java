package ru.saigabot.bot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ru.saigabot.bot.store.EmbeddedPostgresServer;
import ru.saigabot.bot.testing.telegram.ApiCall;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.inference.gguf.TinyLlama;

/**
 * The bot's own cost per message: the real bot (polling, inbox, dispatch, PostgreSQL with durable
 * commits, answer delivery with its first draft and final message) against the Bot API emulator, with an
 * instant generator in place of the model, and without the limits the bot keeps to for Telegram
 * (30 messages/s): what is measured is the bot's own cost. The bot runs in a JVM of its own
 * ({@link BenchBot}), as in production; the emulator and the driver that plays the users run here. Prints
 * one JSON line per scenario:
 * an open-loop run at a fixed rate (latency from the user's message to the final answer, p50/p99),
 * and a saturation run (everything sent at once: sustained updates/s).
 *
 * <p>Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl bot test-compile exec:java@message-bench}
 * (options: {@code -Dbench.rate=500 -Dbench.seconds=20 -Dbench.users=200 -Dbench.burst=5000 -Dbench.warmup=180
 * -Dbench.warmupRate=250 -Dbench.botJvmArgs="-XX:+UseParallelGC"}: a warm-up first, two thirds of it at half
 * the rate and the rest at the full rate, so the JIT has compiled the message path).
 */
public final class MessagePathBenchmark {
    static final String TOKEN = "7000099:BENCH-token-for-the-emulator-only";

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("bench.rate", 500);
        int seconds = Integer.getInteger("bench.seconds", 20);
        int users = Integer.getInteger("bench.users", 200);
        int burst = Integer.getInteger("bench.burst", 5000);
        int warmupSeconds = Integer.getInteger("bench.warmup", 180);
        int warmupRate = Integer.getInteger("bench.warmupRate", Math.max(1, rate / 2));
        if (seconds < 1 || rate < 1) {
            throw new IllegalArgumentException("bench.seconds and bench.rate must be at least 1");
        }
        Path dir = Files.createTempDirectory("saiga-message-bench");
        Path model = TinyLlama.write(dir.resolve("tiny.gguf")).path();
        try {
            try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "BenchBot");
                 EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("data"))) {
                try (BenchBotProcess bot = BenchBotProcess.start(telegram.baseUrl(), postgres.jdbcUrl(), dir, model)) {
                    List<TestChat> chats = new ArrayList<>();
                    List<TestUser> people = new ArrayList<>();
                    for (int i = 0; i < users; i++) {
                        TestUser user = telegram.user(100_000 + i, "Пользователь " + i, "ru");
                        people.add(user);
                        chats.add(telegram.privateChat(user));
                    }
                    CpuMeter cpu = new CpuMeter(bot.pid(), dir.resolve("data").resolve("postgres"));
                    Load warmup = new Load(telegram);
                    for (int i = 0; i < users; i++) {
                        warmup.send(chats.get(i), people.get(i));
                    }
                    warmup.awaitAnswers(Duration.ofSeconds(120));

                    // The JIT compiles the message path for two minutes and more after the start (its compiler
                    // threads took half of the CPU in the first 25 s, a third still at 60-90 s, nothing after 160 s):
                    // measured before it settles, the figures are a cold start's, not the running bot's. The
                    // warm-up's own figures are printed too, with the JIT's share.
                    // Its last third runs at the full rate: bigger batches and longer queues take branches of their
                    // own, which the JIT would otherwise still be compiling during the measurement.
                    int fullRateSeconds = warmupSeconds / 3;
                    phase("warmup", telegram, chats, people, warmupRate, warmupSeconds - fullRateSeconds, cpu);
                    phase("warmup_full_rate", telegram, chats, people, rate, fullRateSeconds, cpu);
                    Map<String, Long> before = databaseWork(postgres.jdbcUrl());
                    Load open = phase("open_loop", telegram, chats, people, rate, seconds, cpu);
                    printDatabaseWork(before, databaseWork(postgres.jdbcUrl()), open.sent);
                    printInboxDelays(postgres.jdbcUrl(), open);

                    CpuMeter.Sample burstStart = cpu.sample();
                    Load saturation = new Load(telegram);
                    for (int i = 0; i < burst; i++) {
                        saturation.send(chats.get(i % users), people.get(i % users));
                    }
                    saturation.awaitAnswers(Duration.ofSeconds(600));
                    print("saturation", 0, saturation, CpuMeter.perUpdate(burstStart, cpu.sample(), saturation.sent));
                }
            }
        } finally {
            deleteTree(dir); // a PostgreSQL data directory and the model: tens of MB a run
        }
    }

    /** An open loop at {@code rate}, printed with its CPU per update; nothing when {@code seconds} is 0. */
    private static Load phase(String scenario, BotApiEmulator telegram, List<TestChat> chats, List<TestUser> people,
                              int rate, int seconds, CpuMeter cpu) throws InterruptedException {
        if (seconds <= 0) {
            return null;
        }
        CpuMeter.Sample start = cpu.sample();
        Load load = openLoop(telegram, chats, people, rate, seconds);
        print(scenario, rate, load, CpuMeter.perUpdate(start, cpu.sample(), load.sent));
        return load;
    }

    /**
     * Sends at a fixed rate whatever the bot does (an open loop), and waits for every answer. Latency counts
     * from when a message was due, not when the driver got to send it, so a late driver hides nothing.
     */
    private static Load openLoop(BotApiEmulator telegram, List<TestChat> chats, List<TestUser> people, int rate,
                                 int seconds) throws InterruptedException {
        Load open = new Load(telegram);
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            open.send(chats.get(i % chats.size()), people.get(i % chats.size()), startedAt.plusNanos(i * intervalNanos));
        }
        open.awaitAnswers(Duration.ofSeconds(300));
        return open;
    }

    /** @param cpu CPU milliseconds per update by part, from {@link CpuMeter#perUpdate} */
    private static void print(String scenario, int targetRate, Load load, String cpu) {
        List<Double> latencies = load.latenciesMillis();
        Collections.sort(latencies);
        List<Double> placeholders = load.placeholderLatenciesMillis();
        Collections.sort(placeholders);
        double seconds = load.spanSeconds();
        System.out.println(String.format(Locale.ROOT,
                "{\"scenario\":\"%s\",\"target_rate\":%d,\"updates\":%d,\"updates_per_s\":%.1f,"
                        + "\"latency_ms_p50\":%.1f,\"latency_ms_p99\":%.1f,\"latency_ms_max\":%.1f,"
                        + "\"first_draft_ms_p50\":%.1f,\"first_draft_ms_p99\":%.1f,\"cpu_ms_per_update\":%s}",
                scenario, targetRate, latencies.size(), latencies.size() / seconds, percentile(latencies, 0.50),
                percentile(latencies, 0.99), latencies.get(latencies.size() - 1), percentile(placeholders, 0.50),
                percentile(placeholders, 0.99), cpu));
    }

    /**
     * Where the time before the placeholder goes: until the transaction that records the update starts
     * (the one that handles it, or stores it in the inbox), then how long it waited in the inbox: 0 when
     * it was handled as received (both columns are set with now(), the start of their transactions).
     */
    private static void printInboxDelays(String jdbcUrl, Load load) throws Exception {
        List<Double> recorded = new ArrayList<>();
        List<Double> waited = new ArrayList<>();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl);
             java.sql.PreparedStatement statement = connection.prepareStatement(
                     "SELECT update_id, received_at, handled_at FROM telegram_update WHERE update_id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("bigint", load.sentAtByUpdate.keySet().toArray()));
            try (java.sql.ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Instant sent = load.sentAtByUpdate.get(row.getLong(1));
                    Instant received = row.getTimestamp(2).toInstant();
                    Instant handled = row.getTimestamp(3).toInstant();
                    recorded.add(Duration.between(sent, received).toNanos() / 1e6);
                    waited.add(Duration.between(received, handled).toNanos() / 1e6);
                }
            }
        }
        Collections.sort(recorded);
        Collections.sort(waited);
        System.out.println(String.format(Locale.ROOT,
                "{\"scenario\":\"open_loop_inbox\",\"recorded_ms_p50\":%.1f,\"recorded_ms_p99\":%.1f,"
                        + "\"waited_in_inbox_ms_p50\":%.1f,\"waited_in_inbox_ms_p99\":%.1f}",
                percentile(recorded, 0.5), percentile(recorded, 0.99), percentile(waited, 0.5),
                percentile(waited, 0.99)));
    }

    /** PostgreSQL's own counters: commits, and rows written and read per table. */
    private static Map<String, Long> databaseWork(String jdbcUrl) throws Exception {
        Thread.sleep(1500); // the statistics collector reports every 500 ms
        Map<String, Long> counters = new java.util.TreeMap<>();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl);
             java.sql.Statement statement = connection.createStatement()) {
            try (java.sql.ResultSet row = statement.executeQuery("SELECT xact_commit, xact_rollback, tup_returned, "
                    + "tup_fetched FROM pg_stat_database WHERE datname = current_database()")) {
                row.next();
                counters.put("commits", row.getLong(1));
                counters.put("rollbacks", row.getLong(2));
                counters.put("rows_returned", row.getLong(3));
                counters.put("rows_fetched", row.getLong(4));
            }
            try (java.sql.ResultSet row = statement.executeQuery("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del, "
                    + "coalesce(idx_scan, 0), seq_scan, seq_tup_read FROM pg_stat_user_tables")) {
                while (row.next()) {
                    counters.put("written." + row.getString(1), row.getLong(2));
                    counters.put("index_scans." + row.getString(1), row.getLong(3));
                    counters.put("seq_scans." + row.getString(1), row.getLong(4));
                    counters.put("seq_rows." + row.getString(1), row.getLong(5));
                }
            }
        }
        return counters;
    }

    /** What one update costs the database, from its counters: where a round trip or a write can go. */
    private static void printDatabaseWork(Map<String, Long> before, Map<String, Long> after, int updates) {
        StringBuilder line = new StringBuilder("{\"scenario\":\"open_loop_database_per_update\"");
        after.forEach((key, value) -> {
            double perUpdate = (value - before.getOrDefault(key, 0L)) / (double) updates;
            if (perUpdate >= 0.05) {
                line.append(String.format(Locale.ROOT, ",\"%s\":%.2f", key, perUpdate));
            }
        });
        System.out.println(line.append('}'));
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** Messages sent in one scenario, matched to the final answers (the message with 👍/👎) in each chat. */
    private static final class Load {
        private final BotApiEmulator telegram;
        private int nextCall;
        private final Map<Long, Deque<Instant>> sentByChat = new HashMap<>();
        private final Map<Long, Deque<Instant>> placeholdersByChat = new HashMap<>();
        private final Map<Long, Instant> sentAtByUpdate = new HashMap<>();
        private final List<Double> latencies = new ArrayList<>();
        private final List<Double> toPlaceholder = new ArrayList<>();
        private Instant firstSent;
        private Instant lastAnswered;
        private int sent;

        Load(BotApiEmulator telegram) {
            this.telegram = telegram;
            this.nextCall = telegram.nextCallSeq();
        }

        void send(TestChat chat, TestUser user) {
            send(chat, user, Instant.now());
        }

        /** {@code now}: when the message was due (open loop) or sent (saturation). */
        void send(TestChat chat, TestUser user, Instant now) {
            if (firstSent == null) {
                firstSent = now;
            }
            int updateId = telegram.sendText(chat, user, "Сообщение номер " + sent).updateId();
            sentAtByUpdate.put((long) updateId, now);
            sentByChat.computeIfAbsent(chat.id(), id -> new ArrayDeque<>()).add(now);
            sent++;
        }

        /** Matches final answers as they arrive; reads only the calls it has not seen yet. */
        void awaitAnswers(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (latencies.size() < sent) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + latencies.size() + " of " + sent + " answered in " + timeout);
                }
                List<ApiCall> calls = telegram.callsSince(nextCall);
                for (ApiCall call : calls) {
                    // param(), not params(): the driver must not copy every call's parameters
                    boolean draft = call.method().equals("sendMessageDraft");
                    boolean sent = call.method().equals("sendMessage");
                    boolean answer = sent && call.param("reply_markup") != null;
                    if (sent && !answer) {
                        // a refusal or an error message: that message will get no answer, so do not wait for it
                        throw new IllegalStateException("the bot sent something else than an answer to chat "
                                + call.param("chat_id") + ": " + call.param("text"));
                    }
                    if (!draft && !answer) {
                        continue;
                    }
                    long chatId = Long.parseLong(call.param("chat_id"));
                    if (draft && placeholdersByChat.getOrDefault(chatId, new ArrayDeque<>()).size()
                            < sentByChat.get(chatId).size()) {
                        placeholdersByChat.computeIfAbsent(chatId, id -> new ArrayDeque<>()).add(call.receivedAt());
                    }
                    if (answer) {
                        Instant sentAt = sentByChat.get(chatId).removeFirst();
                        latencies.add(Duration.between(sentAt, call.receivedAt()).toNanos() / 1e6);
                        Instant placeholderAt = placeholdersByChat.get(chatId).removeFirst();
                        toPlaceholder.add(Duration.between(sentAt, placeholderAt).toNanos() / 1e6);
                        lastAnswered = call.receivedAt();
                    }
                }
                nextCall += calls.size();
                telegram.releaseCallsBefore(nextCall); // read already: no need to hold them
                Thread.sleep(50);
            }
        }

        List<Double> latenciesMillis() {
            return new ArrayList<>(latencies);
        }

        /** From the user's message to the bot's first draft: polling, inbox and dispatch, without delivery. */
        List<Double> placeholderLatenciesMillis() {
            return new ArrayList<>(toPlaceholder);
        }

        double spanSeconds() {
            return Duration.between(firstSent, lastAnswered).toNanos() / 1e9;
        }
    }
}
