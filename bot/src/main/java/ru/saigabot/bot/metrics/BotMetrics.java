package ru.saigabot.bot.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import ru.saigabot.bot.answer.GenerationObserver;
import ru.saigabot.bot.answer.RequestOutcome;
import ru.saigabot.bot.store.VoteCounts.Votes;
import ru.saigabot.bot.telegram.ReplyOutbox;
import ru.saigabot.bot.telegram.TelegramCallListener;
import ru.saigabot.inference.GenerationStats;

/**
 * The bot's metrics in Prometheus' registry: answers (outcome, queue wait, time to first token,
 * decode speed), the queue, Telegram calls, votes, the JVM; the connection pool's come from HikariCP
 * through {@link #registry()}. The inference module stays free of Micrometer: everything about a
 * generation is read from the {@link GenerationStats} it returns.
 */
public final class BotMetrics implements TelegramCallListener, ReplyOutbox.Listener, GenerationObserver,
        AutoCloseable {
    /** Time buckets for waits and first tokens: a CPU model answers in seconds, a queue may hold minutes. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer queueWait;
    private final Timer timeToFirstToken;
    private final DistributionSummary tokensPerSecond;
    private final Counter generatedTokens;
    private final Counter rateLimited;
    private final Map<ReplyOutbox.Outcome, Counter> replies = new EnumMap<>(ReplyOutbox.Outcome.class);
    /** Calls by "method outcome": looked up on every Bot API call, so built once each. */
    private final ConcurrentMap<String, Counter> calls = new ConcurrentHashMap<>();

    public BotMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        queueWait = Timer.builder("saiga.queue.wait")
                .description("Time a request waited in the engine's queue for a slot")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        timeToFirstToken = Timer.builder("saiga.time.to.first.token")
                .description("From getting a slot to the first generated token (mostly prompt evaluation)")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        tokensPerSecond = DistributionSummary.builder("saiga.decode.tokens.per.second")
                .description("Decode speed of each answer")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100).register(registry);
        generatedTokens = Counter.builder("saiga.generated.tokens")
                .description("Tokens generated in all answers").register(registry);
        rateLimited = Counter.builder("saiga.telegram.rate.limited")
                .description("Bot API calls refused with 429 (flood control); by method in saiga_telegram_calls")
                .register(registry);
        for (RequestOutcome outcome : RequestOutcome.values()) {
            requests(outcome); // every outcome shows from the start, at 0
        }
        for (ReplyOutbox.Outcome outcome : ReplyOutbox.Outcome.values()) {
            replies.put(outcome, Counter.builder("saiga.replies")
                    .description("Replies to commands and buttons by what became of them: sent, coalesced with a "
                            + "waiting one, dropped for newer ones, failed, given up at a stop")
                    .tag("outcome", outcome.label()).register(registry));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text format of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * The queue: requests pending in the bot (waiting or being written) and those being written; the
     * queue length is the difference.
     */
    public void bindQueue(IntSupplier pending, IntSupplier generating) {
        Gauge.builder("saiga.requests.pending", pending::getAsInt)
                .description("Requests waiting or being written").register(registry);
        Gauge.builder("saiga.requests.generating", generating::getAsInt)
                .description("Requests the model is writing now").register(registry);
        Gauge.builder("saiga.queue.length", () -> Math.max(0, pending.getAsInt() - generating.getAsInt()))
                .description("Requests waiting for the model").register(registry);
    }

    /** Replies waiting in the outbox for their chats' sending budget. */
    public void bindReplies(IntSupplier waiting) {
        Gauge.builder("saiga.replies.waiting", waiting::getAsInt)
                .description("Replies to commands waiting for their chat's sending budget").register(registry);
    }

    /** Commands ignored because their sender sent too many. */
    public void bindCommandLimit(LongSupplier refused) {
        FunctionCounter.builder("saiga.commands.refused", refused, LongSupplier::getAsLong)
                .description("Commands ignored because their sender sent too many (per-user limit)").register(registry);
    }

    /** {@code --inference queue}: workers alive and jobs none of them has taken yet, as last counted. */
    public void bindWorkers(IntSupplier liveWorkers, IntSupplier waitingJobs) {
        Gauge.builder("saiga.workers.live", liveWorkers::getAsInt)
                .description("Inference workers that beat within the last minute").register(registry);
        Gauge.builder("saiga.workers.jobs.waiting", waitingJobs::getAsInt)
                .description("Generations queued in the database that no worker has claimed yet").register(registry);
    }

    /** Current votes, as {@link FeedbackTally} last read them. */
    public void bindFeedback(FeedbackTally tally) {
        vote("up", tally, Votes::up);
        vote("down", tally, Votes::down);
    }

    private void vote(String vote, FeedbackTally tally, ToLongFunction<Votes> count) {
        Gauge.builder("saiga.feedback.votes", () -> count.applyAsLong(tally.latest()))
                .description("Current votes on answers (a changed vote counts as it is now)")
                .tag("vote", vote).register(registry);
    }

    @Override
    public void called(String method, String outcome) {
        calls.computeIfAbsent(method + ' ' + outcome, key -> Counter.builder("saiga.telegram.calls")
                .description("Bot API calls by method (lower case) and outcome (ok, network, or Telegram's error code)")
                // Telegram's method names are case-insensitive, and TelegramBots spells some in lower case only.
                .tag("method", method.toLowerCase(Locale.ROOT)).tag("outcome", outcome).register(registry))
                .increment();
        if (outcome.equals("429")) {
            rateLimited.increment();
        }
    }

    @Override
    public void replied(ReplyOutbox.Outcome outcome) {
        replies.get(outcome).increment();
    }

    @Override
    public void ended(RequestOutcome outcome, GenerationStats stats) {
        requests(outcome).increment();
        if (stats == null) {
            return;
        }
        queueWait.record(stats.queueWait());
        if (stats.generatedTokens() > 0) {
            timeToFirstToken.record(stats.timeToFirstToken());
            generatedTokens.increment(stats.generatedTokens());
        }
        double speed = stats.tokensPerSecond();
        if (speed > 0) {
            tokensPerSecond.record(speed);
        }
    }

    private Counter requests(RequestOutcome outcome) {
        return Counter.builder("saiga.requests").description("Generation requests by how they ended")
                .tag("outcome", outcome.label()).register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
