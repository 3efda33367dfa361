package ru.saigabot.bot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ru.saigabot.bot.app.BotApplication;
import ru.saigabot.bot.app.RunOptions;
import ru.saigabot.bot.app.RunSettings;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.EmbeddedPostgresServer;
import ru.saigabot.bot.testing.inference.InstantEngine;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.web.WebOptions;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.session.SessionStore;
import ru.saigabot.inference.gguf.TinyLlama;

/**
 * Issue #19's figure for the web chat: what the server adds between a question sent and its first streamed token.
 * The real bot (PostgreSQL with durable commits, the web chat, the Bot API emulator it polls) runs with the instant
 * generator of {@link MessagePathBenchmark}, which answers at once, on as many slots as there are users, so the time
 * measured is the bot's own: the question's transaction, the chat's lane, the answer's start and the server-sent
 * events. {@code bench.users} web users sign in with invites as a browser does (the session cookie, the CSRF token;
 * one keep-alive connection each, {@link PageConnection}), and all of them at once send {@code bench.rounds}
 * questions each, one after another in a conversation of their own, as the page does: POST the question, then follow
 * its answer's events. Measured from just before the POST to the first {@code text} event, and to the {@code end}
 * event.
 *
 * <p>A user pauses before each question, {@code bench.pauseMillis} on average (a person reads the answer, and users
 * do not ask in step); with no pause the users ask as fast as the bot answers, and the figures are the machine's
 * throughput instead (in a closed loop, the time a question takes is the users over the questions answered a
 * second). First, for {@code bench.warmup} seconds, every user asks without pausing in another conversation, so that
 * the JIT has compiled the way through the bot (30 rounds were not enough: it still took more CPU than the bot).
 *
 * <p>An answer the instant generator has written and stored before its page follows it has no text to stream: the
 * stream is its end alone, and the page shows the stored answer. Such a question counts its end as its first
 * token, and the table says how many there were.
 *
 * <p>Prints a table and one JSON line, with the load average before and after and the CPU a question took. Run: see
 * bot/README.md, Performance ({@code -Dbench.users=50 -Dbench.rounds=20 -Dbench.pauseMillis=1000 -Dbench.warmup=60}).
 */
public final class WebChatBenchmark {
    static final String TOKEN = "7000097:BENCH-web-token-for-the-emulator-only";
    private static final String ANSWER = "Готово: это ответ генератора-заглушки.";

    /**
     * What to run.
     *
     * @param warmupSeconds how long every user asks without pausing before the measured rounds
     * @param pauseMillis   a user's mean pause before each measured question (drawn from 0.5–1.5 times it); 0 asks
     *                      again as soon as the answer has ended
     */
    record Settings(int users, int rounds, int warmupSeconds, int pauseMillis) {
        Settings {
            if (users < 1 || rounds < 1 || warmupSeconds < 0 || pauseMillis < 0) {
                throw new IllegalArgumentException("bench.users and bench.rounds must be at least 1, bench.warmup and "
                        + "bench.pauseMillis at least 0: " + this);
            }
        }

        static Settings fromProperties() {
            return new Settings(Integer.getInteger("bench.users", 50), Integer.getInteger("bench.rounds", 20),
                    Integer.getInteger("bench.warmup", 60), Integer.getInteger("bench.pauseMillis", 1000));
        }
    }

    /**
     * One question, in nanoseconds from just before its POST.
     *
     * @param answered  the POST's response (the question stored and queued)
     * @param firstText the first {@code text} event; -1 when the stream was its end alone
     * @param end       the {@code end} event
     */
    record Question(long answered, long firstText, long end) {
        /** The first token the page shows: streamed, or the stored answer once the stream ended without text. */
        long firstToken() {
            return firstText >= 0 ? firstText : end;
        }
    }

    /** The measured rounds of every user, and what was around them; {@code seconds} from the first to the last. */
    record Run(Settings settings, List<Question> questions, double seconds, String loadBefore, String loadAfter,
               CpuMeter.Sample cpuBefore, CpuMeter.Sample cpuAfter) {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromProperties();
        Path dir = Files.createTempDirectory("saiga-web-bench");
        try {
            Path model = TinyLlama.write(dir.resolve("tiny.gguf")).path(); // checked at the start, never loaded
            try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("data"));
                 BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "WebBenchBot")) {
                // As many slots as users (up to the most the bot takes): the engine never makes a question wait.
                // --max-queued-per-user stays at its default: a user has one question open at a time.
                BotConfig config = new BotConfig(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()), model,
                        Optional.of(postgres.jdbcUrl()), dir.resolve("bot"), Math.min(settings.users(), 64), 1, 1024,
                        "auto");
                RunSettings run = new RunSettings(config, new RunOptions(1, 100, 64, -1), ArenaOptions.DEFAULTS)
                        .withWeb(WebOptions.anyPort());
                // This JVM is the bot's and the users': its CPU is the bot's, less what the users' sockets take.
                CpuMeter cpu = new CpuMeter(ProcessHandle.current().pid(), dir.resolve("data").resolve("postgres"));
                try (BotApplication bot = BotApplication.start(run, c -> new InstantEngine(ANSWER));
                     Database database = Database.open(postgres.jdbcUrl(), 2)) {
                    print(measure(settings, bot.webPort().orElseThrow(), database, cpu));
                }
            }
        } finally {
            deleteTree(dir); // a PostgreSQL data directory: tens of MB a run
        }
    }

    private static Run measure(Settings settings, int port, Database database, CpuMeter cpu) throws Exception {
        ObjectMapper json = new ObjectMapper();
        SessionStore sessions = new SessionStore(database);
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < settings.users(); i++) {
            pages.add(Page.signIn(new PageConnection(port), sessions, json));
        }
        // The measured rounds start together, after every user's warm-up: all users are at it the whole time.
        CyclicBarrier measuring = new CyclicBarrier(settings.users() + 1);
        CyclicBarrier done = new CyclicBarrier(settings.users() + 1);
        ExecutorService threads = Executors.newFixedThreadPool(settings.users());
        long warmupEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
        try {
            List<Future<List<Question>>> asked = new ArrayList<>();
            for (int i = 0; i < pages.size(); i++) {
                Page warmup = pages.get(i);
                SplittableRandom pauses = new SplittableRandom(i); // the same pauses every run
                asked.add(threads.submit(() -> {
                    try {
                        for (int round = 0; System.nanoTime() < warmupEnds; round++) {
                            warmup.ask("Разминка, вопрос " + round);
                        }
                        // A conversation as long as the measured rounds make it, however long the warm-up ran.
                        Page page = warmup.inNewConversation();
                        measuring.await();
                        List<Question> questions = new ArrayList<>();
                        for (int round = 0; round < settings.rounds(); round++) {
                            pause(settings, pauses); // the first too: the users left the barrier together
                            questions.add(page.ask("Вопрос номер " + round));
                        }
                        done.await();
                        return questions;
                    } catch (Exception e) {
                        // Nobody waits for the others in vain: the barriers break, and the failure is reported.
                        measuring.reset();
                        done.reset();
                        throw e;
                    }
                }));
            }
            String loadBefore;
            String loadAfter;
            CpuMeter.Sample cpuBefore;
            CpuMeter.Sample cpuAfter;
            long started;
            long ended;
            try {
                measuring.await(settings.warmupSeconds() + 600L, TimeUnit.SECONDS);
                started = System.nanoTime();
                loadBefore = loadAverage();
                cpuBefore = cpu.sample();
                done.await(10, TimeUnit.MINUTES);
                ended = System.nanoTime();
                cpuAfter = cpu.sample();
                loadAfter = loadAverage();
            } catch (BrokenBarrierException | TimeoutException e) {
                throw failure(asked, e);
            }
            List<Question> questions = new ArrayList<>();
            for (Future<List<Question>> user : asked) {
                questions.addAll(user.get());
            }
            return new Run(settings, questions, (ended - started) / 1e9, loadBefore, loadAfter, cpuBefore, cpuAfter);
        } finally {
            threads.shutdownNow();
            for (Page page : pages) {
                page.connection().close();
            }
        }
    }

    /** A person reading the answer: the pauses of different users differ, so they do not ask in step. */
    private static void pause(Settings settings, SplittableRandom pauses) throws InterruptedException {
        if (settings.pauseMillis() > 0) {
            Thread.sleep(settings.pauseMillis() / 2 + pauses.nextLong(settings.pauseMillis() + 1));
        }
    }

    /** What made a user stop: the first failed user's exception, else {@code broken}. */
    private static Exception failure(List<Future<List<Question>>> asked, Exception broken) {
        for (Future<List<Question>> user : asked) {
            if (user.isDone()) {
                try {
                    user.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof BrokenBarrierException)) {
                        return e;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return e;
                }
            }
        }
        return broken;
    }

    /**
     * A signed-in web page with a conversation open, as a browser has it after the invite: the session cookie, the
     * CSRF token the page read from {@code /web/api/session}, and one connection kept alive.
     */
    private record Page(PageConnection connection, String cookie, String csrf, long conversation, ObjectMapper json) {

        /** Makes an invite and opens it, as a person clicking the link does, then starts a conversation. */
        static Page signIn(PageConnection connection, SessionStore sessions, ObjectMapper json) throws Exception {
            SessionStore.Invite invite = sessions.invite(false, Duration.ofHours(1));
            PageConnection.Response opened = connection.send("GET", "/invite/" + invite.token(), null, null, null);
            String setCookie = opened.headers().getOrDefault("set-cookie", "");
            Matcher cookie = Pattern.compile(WebServer.SESSION_COOKIE + "=([^;]+)").matcher(setCookie);
            if (opened.status() != 200 || !cookie.find()) {
                throw new IllegalStateException("the invite was refused: " + opened);
            }
            String csrf = call(connection, json, "GET", "/web/api/session", cookie.group(1), null, null)
                    .get("csrf_token").asText();
            return new Page(connection, cookie.group(1), csrf, 0, json).inNewConversation();
        }

        /** The same page in a conversation it has just started. */
        Page inNewConversation() throws IOException {
            long id = call(connection, json, "POST", "/web/api/conversations", cookie, csrf, null).get("id").asLong();
            return new Page(connection, cookie, csrf, id, json);
        }

        /** Asks as the page does: the question, then its answer's events until the end. */
        Question ask(String text) throws IOException {
            String question = json.writeValueAsString(Map.of("text", text));
            long start = System.nanoTime();
            long generation = call(connection, json, "POST", "/web/api/conversations/" + conversation + "/messages",
                    cookie, csrf, question).get("generation_id").asLong();
            long answered = System.nanoTime() - start;
            AnswerEvents events = new AnswerEvents(start);
            connection.events("/web/api/generations/" + generation + "/events", cookie, events);
            if (events.end == null || !"done".equals(json.readTree(events.end).path("outcome").asText())) {
                throw new IllegalStateException("generation " + generation + " did not end as done: " + events.end);
            }
            return new Question(answered, events.firstText, events.ended);
        }

        private static JsonNode call(PageConnection connection, ObjectMapper json, String method, String path,
                                     String cookie, String csrf, String body) throws IOException {
            PageConnection.Response response = connection.send(method, path, cookie, csrf, body);
            if (response.status() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + response.status() + ": "
                        + response.body());
            }
            return json.readTree(response.body());
        }
    }

    /** An answer's event lines as they arrive: when its first text and its end came, and the end's data. */
    private static final class AnswerEvents implements Consumer<String> {
        private final long start;
        private String event;
        long firstText = -1;
        long ended = -1;
        String end;

        /** @param start {@link System#nanoTime()} just before the question was sent */
        AnswerEvents(long start) {
            this.start = start;
        }

        @Override
        public void accept(String line) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
                if (event.equals("text") && firstText < 0) {
                    firstText = System.nanoTime() - start;
                } else if (event.equals("end")) {
                    ended = System.nanoTime() - start;
                }
            } else if (line.startsWith("data: ") && "end".equals(event)) {
                end = line.substring(6);
            }
        }
    }

    private static void print(Run run) {
        List<Question> questions = run.questions();
        List<Double> answered = millis(questions, Question::answered);
        List<Double> firstToken = millis(questions, Question::firstToken);
        List<Double> end = millis(questions, Question::end);
        long streamed = questions.stream().filter(q -> q.firstText() >= 0).count();
        double perSecond = questions.size() / run.seconds();
        Settings settings = run.settings();
        System.out.printf(Locale.ROOT, "web chat: %d users × %d questions, mean pause %d ms (after a %d s warm-up), "
                        + "instant generator: %.1f questions/s; load average before %s, after %s%n", settings.users(),
                settings.rounds(), settings.pauseMillis(), settings.warmupSeconds(), perSecond, run.loadBefore(),
                run.loadAfter());
        System.out.printf(Locale.ROOT, "%-30s %8s %8s %8s %8s%n", "ms from sending the question", "p50", "p95", "p99",
                "max");
        row("POST answered", answered);
        row("first token", firstToken);
        row("end event", end);
        System.out.printf(Locale.ROOT, "%d of %d answers streamed text; the others had ended and been stored before "
                + "their page followed them (their end counts as their first token)%n", streamed, questions.size());
        double jvm = cpuPerQuestion(run.cpuBefore().bot() - run.cpuBefore().jit(),
                run.cpuAfter().bot() - run.cpuAfter().jit(), questions.size());
        double jit = cpuPerQuestion(run.cpuBefore().jit(), run.cpuAfter().jit(), questions.size());
        double postgres = cpuPerQuestion(run.cpuBefore().postgres(), run.cpuAfter().postgres(), questions.size());
        System.out.printf(Locale.ROOT, "CPU ms per question: this JVM (the bot and the users' connections) %.2f, "
                + "its JIT %.2f, PostgreSQL %.2f%n", jvm, jit, postgres);
        System.out.println(String.format(Locale.ROOT, "{\"benchmark\":\"web_chat\",\"users\":%d,\"rounds\":%d,"
                        + "\"warmup_s\":%d,\"pause_ms\":%d,\"questions\":%d,\"questions_per_s\":%.1f,"
                        + "\"streamed_text\":%d,\"first_token_ms\":%s,\"end_ms\":%s,\"post_ms\":%s,"
                        + "\"cpu_ms_per_question\":{\"jvm\":%.3f,\"jit\":%.3f,\"postgres\":%.3f},"
                        + "\"load_average_before\":\"%s\",\"load_average_after\":\"%s\"}",
                settings.users(), settings.rounds(), settings.warmupSeconds(), settings.pauseMillis(), questions.size(),
                perSecond, streamed, percentiles(firstToken), percentiles(end), percentiles(answered), jvm, jit,
                postgres, run.loadBefore(), run.loadAfter()));
    }

    private static void row(String name, List<Double> sorted) {
        System.out.printf(Locale.ROOT, "%-30s %8.1f %8.1f %8.1f %8.1f%n", name, percentile(sorted, 0.50),
                percentile(sorted, 0.95), percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static String percentiles(List<Double> sorted) {
        return String.format(Locale.ROOT, "{\"p50\":%.1f,\"p95\":%.1f,\"p99\":%.1f,\"max\":%.1f}",
                percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99),
                sorted.get(sorted.size() - 1));
    }

    private static List<Double> millis(List<Question> questions, java.util.function.ToLongFunction<Question> nanos) {
        List<Double> values = new ArrayList<>();
        for (Question question : questions) {
            values.add(nanos.applyAsLong(question) / 1e6);
        }
        Collections.sort(values);
        return values;
    }

    /** Nearest rank, as the other benchmarks take it. */
    private static double percentile(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** NaN where the part could not be measured (not Linux). */
    private static double cpuPerQuestion(long before, long after, int questions) {
        return before < 0 || after < 0 ? Double.NaN : (after - before) / 1e6 / questions;
    }

    /** The machine's load average over 1, 5 and 15 minutes, as uptime prints it. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
