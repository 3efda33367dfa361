package ru.saigabot.bot.worker;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.store.Database;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.InferenceException;

/**
 * The bot's side of {@code --inference queue}: publishes a running generation's request for workers and
 * follows it in the database, passing its text to the same listener the local pool would call, so
 * delivery (drafts, edits, buttons) does not change. When a job is redone by another attempt the
 * preview stops growing (its text cannot be taken back) and the final answer is the new attempt's.
 * Workers' writes are announced with {@code NOTIFY}, so text is read as soon as it is written; a slow
 * poll of every followed job stays as the safety net for a lost notification. A lease that runs out is
 * announced by nobody, so the poll is also what finds a job whose every allowed attempt was lost, and fails it.
 */
public final class QueueEngine implements InferenceEngine {
    private static final Logger log = LoggerFactory.getLogger(QueueEngine.class);

    /** The model's name before any worker has said which model it serves. */
    static final String NO_WORKER_YET = "workers";

    private final Database database;
    private final InferenceQueue queue;
    private final WireFormat wire;
    private final int maxAttempts;
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor();
    private final Map<Long, Followed> followed = new ConcurrentHashMap<>();
    private final NotificationListener listener;

    /**
     * @param pollInterval how often every followed job is read without a notification
     * @param options      how many times workers may claim one job
     */
    public QueueEngine(Database database, InferenceQueue queue, WireFormat wire, Duration pollInterval,
                       QueueOptions options) {
        this.database = database;
        this.queue = queue;
        this.wire = wire;
        this.maxAttempts = options.maxAttempts();
        follower.scheduleWithFixedDelay(this::pollAll, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        this.listener = new NotificationListener(database.dataSource(), InferenceQueue.CHANNEL, this::notified,
                () -> follower.execute(this::pollAll)).start();
    }

    /** A worker wrote something for a job: read it now, on the follower thread (one reader per job). */
    private void notified(String payload) {
        Followed job;
        try {
            job = followed.get(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            log.warn("unexpected notification on {}: {}", InferenceQueue.CHANNEL, payload);
            return;
        }
        if (job != null) {
            follower.execute(() -> pollQuietly(job));
        }
    }

    /**
     * Publishes the request for workers and follows it until a worker has answered. The request travels as its
     * stored generation, so its id must be that generation's ({@link ChatRequest#requestId}).
     */
    @Override
    public Generation submit(ChatRequest request, GenerationListener listener) {
        long generationId = generationOf(request);
        int published = database.inTransaction(tx -> queue.publish(tx, generationId, wire.request(request),
                maxAttempts));
        Followed job = new Followed(generationId, listener, published);
        followed.put(generationId, job);
        follower.execute(() -> pollQuietly(job));
        return job;
    }

    private static long generationOf(ChatRequest request) {
        try {
            return Long.parseLong(String.valueOf(request.requestId()));
        } catch (NumberFormatException e) {
            throw new InferenceException("inference workers answer stored generations only: the request's id must be "
                    + "its generation's, not " + request.requestId());
        }
    }

    private void pollAll() {
        followed.values().forEach(this::pollQuietly);
    }

    private void pollQuietly(Followed job) {
        if (job.result.isDone()) {
            return;
        }
        try {
            poll(job);
        } catch (RuntimeException e) {
            // The database blinked: the next notification or poll reads the same rows again.
            log.warn("inference job not read: generation_id={} error={}", job.generationId, e.getMessage(), e);
        }
    }

    private void poll(Followed job) {
        Optional<InferenceQueue.Progress> read = database.query(
                tx -> queue.progress(tx, job.generationId, job.attempt, job.lastSeq));
        if (read.isEmpty()) {
            job.end(null, new InferenceException("the generation was deleted while a worker ran it"));
            return;
        }
        InferenceQueue.Progress progress = read.get();
        if (progress.attempt() != job.attempt) {
            // Attempts above the published one are claims; a second claim means the first worker was lost.
            if (job.attempt > job.published) {
                job.frozen = true; // what the user already saw cannot be taken back
            }
            job.attempt = progress.attempt();
            job.lastSeq = -1;
        }
        if (!progress.claimed() && progress.place() > 0) {
            job.listener.onQueued(progress.place());
        } else if (progress.claimed() && !job.started) {
            job.started = true;
            job.waited = Duration.ofNanos(System.nanoTime() - job.submittedNanos);
            job.listener.onStarted();
        }
        for (InferenceQueue.Part part : progress.parts()) {
            job.lastSeq = part.seq();
            if (!job.frozen) {
                synchronized (job) {
                    job.text.append(part.delta()); // what the user has seen: kept if the answer is stopped
                }
                job.listener.onText(part.delta());
            }
        }
        if (progress.resultJson() != null) {
            WireFormat.WireResult result = wire.result(progress.resultJson());
            if (result.isFailure()) {
                job.end(null, new InferenceException("the worker failed: " + result.error()));
            } else {
                job.end(withDatabaseWait(result.toResult(), job.waited), null);
            }
        } else if (progress.exhausted()) {
            giveUp(job, progress.claims());
        }
    }

    /**
     * Every attempt the job had ended without a word from its worker: fails the answer, the way an engine's own
     * failure does. Unless the last worker came back meanwhile, and then the next read shows what it wrote.
     */
    private void giveUp(Followed job, int claims) {
        String error = "the inference workers failed " + claims + " times on this answer: each lost its lease before "
                + "it answered (see run --max-attempts)";
        if (database.<Boolean>inTransaction(tx -> queue.giveUp(tx, job.generationId, wire.failure(error)))) {
            log.warn("inference job given up: generation_id={} claims={}", job.generationId, claims);
            job.end(null, new InferenceException(error));
        }
    }

    /** The queue wait users felt: in the database until a worker claimed the job, then in the worker's pool. */
    private static GenerationResult withDatabaseWait(GenerationResult result, Duration waited) {
        GenerationStats stats = result.stats();
        return new GenerationResult(result.text(), result.finishReason(), result.model(), new GenerationStats(
                stats.promptTokens(), stats.cachedPromptTokens(), stats.generatedTokens(),
                stats.queueWait().plus(waited), stats.timeToFirstToken(), stats.total(), stats.droppedTurns()));
    }

    /** The model the most recently seen worker serves (answers are stored with their worker's own name). */
    @Override
    public String modelName() {
        try {
            return database.query(queue::newestModel).orElse(NO_WORKER_YET);
        } catch (RuntimeException e) {
            log.warn("cannot read the workers' model: {}", e.getMessage());
            return NO_WORKER_YET;
        }
    }

    @Override
    public void close() {
        listener.close();
        follower.shutdownNow();
        followed.values().forEach(Followed::detach);
    }

    private final class Followed implements Generation {
        private final long generationId;
        private final GenerationListener listener;
        private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final int published;
        private final long submittedNanos = System.nanoTime();
        private Duration waited = Duration.ZERO;
        private int attempt;
        private int lastSeq = -1;
        private boolean started;
        private boolean frozen;

        Followed(long generationId, GenerationListener listener, int published) {
            this.generationId = generationId;
            this.listener = listener;
            this.published = published;
            this.attempt = published;
        }

        void end(GenerationResult value, RuntimeException error) {
            followed.remove(generationId);
            try {
                database.inTransaction(tx -> {
                    queue.clear(tx, generationId);
                    return null;
                });
            } catch (RuntimeException e) {
                // The answer is taken: its chat's lane must go on. The prompt's copy goes with the request's row.
                log.warn("inference job's copy not cleared: generation_id={} error={}", generationId, e.getMessage());
            } finally {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            }
        }

        @Override
        public CompletableFuture<GenerationResult> result() {
            return result;
        }

        /** /stop: the job is closed in the database, so its worker stops at its next lease renewal. */
        @Override
        public void cancel() {
            if (followed.remove(generationId) == null) {
                return;
            }
            GenerationResult cut = cut();
            database.inTransaction(tx -> {
                queue.abandon(tx, generationId, wire.result(cut));
                return null;
            });
            result.complete(cut);
        }

        /** The bot stops: the worker goes on, and the restarted bot follows the same job (see publish). */
        @Override
        public void detach() {
            if (followed.remove(generationId) != null) {
                result.complete(cut());
            }
        }

        private GenerationResult cut() {
            String soFar;
            synchronized (this) {
                soFar = text.toString();
            }
            return new GenerationResult(soFar, FinishReason.CANCELLED, modelName(),
                    new GenerationStats(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0));
        }
    }
}
