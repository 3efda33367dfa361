package ru.saigabot.bot.worker;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.generation.QueueClaim;
import ru.saigabot.bot.store.Database;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.InferenceException;

/**
 * {@code saiga-bot worker}: claims jobs from the database, runs them on an engine (the local llama.cpp
 * pool or a remote backend) and writes their text back. Text is flushed as one part per interval, not per
 * token, so a busy worker costs the database a few writes a second per slot. The lease is renewed while
 * the job runs; a renewal that fails means another attempt owns the job, and this one is cancelled.
 */
public final class InferenceWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InferenceWorker.class);

    /**
     * How the worker runs. {@code idlePoll}: how long a free slot waits before looking for a job again. What a user
     * gives is checked before: {@code saiga-bot worker} builds this from its {@link WorkerSettings}.
     */
    public record Settings(String workerId, int slots, int leaseSeconds, Duration flushInterval, Duration idlePoll) {
        public Settings {
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(flushInterval, "flushInterval");
            Objects.requireNonNull(idlePoll, "idlePoll");
        }
    }

    private final Database database;
    private final InferenceQueue queue;
    private final InferenceEngine engine;
    private final WireFormat wire;
    private final Settings settings;
    private final ExecutorService slots;
    private final ScheduledExecutorService timers;
    private final Object news = new Object();
    /** Per running job: renews its lease, and cancels the job when that fails (stopped, or redone elsewhere). */
    private final Map<Long, Runnable> leaseChecks = new ConcurrentHashMap<>();
    private NotificationListener jobs;
    private volatile boolean stopping;

    public InferenceWorker(Database database, InferenceQueue queue, InferenceEngine engine, WireFormat wire,
                           Settings settings) {
        this.database = database;
        this.queue = queue;
        this.engine = engine;
        this.wire = wire;
        this.settings = settings;
        this.slots = Executors.newFixedThreadPool(settings.slots());
        this.timers = Executors.newScheduledThreadPool(1);
    }

    /** Starts the heartbeat and one claiming loop per slot; returns at once. */
    public void start() {
        // A published job wakes the idle slots at once; the idle poll still finds jobs whose lease expired.
        jobs = new NotificationListener(database.dataSource(), InferenceQueue.JOBS_CHANNEL, this::jobNews,
                this::wakeIdleSlots).start();
        long beat = Math.max(1, settings.leaseSeconds() / 3);
        timers.scheduleAtFixedRate(this::heartbeat, 0, beat, TimeUnit.SECONDS);
        for (int i = 0; i < settings.slots(); i++) {
            slots.execute(this::loop);
        }
        log.info("worker started: worker_id={} model={} slots={} lease_s={}", settings.workerId(), engine.modelName(),
                settings.slots(), settings.leaseSeconds());
    }

    private void heartbeat() {
        try {
            database.inTransaction(tx -> {
                queue.heartbeat(tx, settings.workerId(), engine.modelName(), settings.slots());
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("worker heartbeat failed: worker_id={} error={}", settings.workerId(), e.getMessage(), e);
        }
    }

    private void loop() {
        while (!stopping) {
            try {
                Optional<QueueClaim> claim = database.inTransaction(
                        tx -> queue.claim(tx, settings.workerId(), settings.leaseSeconds()));
                if (claim.isPresent()) {
                    run(claim.get());
                } else {
                    synchronized (news) {
                        news.wait(settings.idlePoll().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database went away for a moment, or one job failed: the lease expires and it is redone.
                log.error("worker slot failed: worker_id={} error={}", settings.workerId(), e.getMessage(), e);
                sleepQuietly();
            }
        }
    }

    private void run(QueueClaim claim) {
        log.info("job claimed: worker_id={} generation_id={} attempt={}", settings.workerId(), claim.generationId(),
                claim.attempt());
        PartWriter parts = new PartWriter(database, queue, claim, settings.workerId());
        Generation generation;
        try {
            ChatRequest request = wire.request(claim.requestJson());
            generation = engine.submit(request, (GenerationListener) parts::add);
        } catch (IllegalStateException | InferenceException e) {
            // Redoing it elsewhere would fail the same way: the user gets an error instead of a silent wait.
            log.error("job refused: worker_id={} generation_id={} attempt={} error={}", settings.workerId(),
                    claim.generationId(), claim.attempt(), e.getMessage());
            database.inTransaction(tx -> queue.finish(tx, claim, settings.workerId(),
                    wire.failure(e.getMessage())));
            return;
        }
        ScheduledFuture<?> flushing = timers.scheduleWithFixedDelay(() -> flushQuietly(parts, claim),
                settings.flushInterval().toMillis(), settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
        long renewMillis = settings.leaseSeconds() * 1000L / 3;
        Runnable leaseCheck = () -> {
            if (!renew(claim)) {
                parts.lost();
                generation.cancel();
            }
        };
        leaseChecks.put(claim.generationId(), leaseCheck);
        ScheduledFuture<?> renewing = timers.scheduleWithFixedDelay(leaseCheck, renewMillis, renewMillis,
                TimeUnit.MILLISECONDS);
        try {
            GenerationResult result = generation.result().join();
            flushing.cancel(false);
            renewing.cancel(false);
            if (parts.flush() && !parts.isLost()) {
                boolean written = database.inTransaction(tx -> queue.finish(tx, claim, settings.workerId(),
                        wire.result(result)));
                log.info("job done: worker_id={} generation_id={} attempt={} written={} tokens={}",
                        settings.workerId(), claim.generationId(), claim.attempt(), written,
                        result.stats().generatedTokens());
            }
        } catch (CompletionException e) {
            flushing.cancel(false);
            renewing.cancel(false);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.error("job failed: worker_id={} generation_id={} attempt={} error={}", settings.workerId(),
                    claim.generationId(), claim.attempt(), cause.getMessage(), cause);
            database.inTransaction(tx -> queue.finish(tx, claim, settings.workerId(),
                    wire.failure(cause.getMessage())));
        } finally {
            leaseChecks.remove(claim.generationId());
        }
    }

    /**
     * A job was published, stopped by the bot, or published again with another request: idle slots look
     * for work, and a slot running that job checks its lease now rather than at the next renewal.
     */
    private void jobNews(String payload) {
        wakeIdleSlots();
        Runnable check;
        try {
            check = leaseChecks.get(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            log.warn("unexpected notification on {}: {}", InferenceQueue.JOBS_CHANNEL, payload);
            return;
        }
        if (check != null) {
            timers.execute(check);
        }
    }

    private void wakeIdleSlots() {
        synchronized (news) {
            news.notifyAll();
        }
    }

    private void flushQuietly(PartWriter parts, QueueClaim claim) {
        try {
            parts.flush();
        } catch (RuntimeException e) {
            // The text stays buffered for the next flush; if the database stays away the lease expires.
            log.warn("partial text not written: worker_id={} generation_id={} error={}", settings.workerId(),
                    claim.generationId(), e.getMessage(), e);
        }
    }

    private boolean renew(QueueClaim claim) {
        try {
            return database.inTransaction(tx -> queue.renew(tx, claim, settings.workerId(), settings.leaseSeconds()));
        } catch (RuntimeException e) {
            log.warn("lease renewal failed: worker_id={} generation_id={} error={}", settings.workerId(),
                    claim.generationId(), e.getMessage(), e);
            return true; // one failed round trip: the next renewal tries again before the lease ends
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(settings.idlePoll().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops claiming and cancels what runs; unfinished jobs' leases expire and other workers redo them. */
    @Override
    public void close() {
        stopping = true;
        if (jobs != null) {
            jobs.close();
        }
        slots.shutdownNow();
        timers.shutdownNow();
        try {
            if (!slots.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("worker slots did not stop within 5 s: worker_id={}", settings.workerId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
