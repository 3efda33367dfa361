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
 */
public final class QueueEngine implements InferenceEngine {
    private static final Logger log = LoggerFactory.getLogger(QueueEngine.class);

    private final Database database;
    private final InferenceQueue queue;
    private final WireFormat wire;
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor();
    private final Map<Long, Followed> followed = new ConcurrentHashMap<>();

    public QueueEngine(Database database, InferenceQueue queue, WireFormat wire, Duration pollInterval) {
        this.database = database;
        this.queue = queue;
        this.wire = wire;
        follower.scheduleWithFixedDelay(this::pollAll, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public Generation submit(ChatRequest request, GenerationListener listener) {
        throw new UnsupportedOperationException("the queue engine runs stored generations only: use submit(id, ...)");
    }

    /** Publishes generation {@code generationId}'s request and follows it until a worker has answered. */
    public Generation submit(long generationId, ChatRequest request, GenerationListener listener) {
        database.inTransaction(tx -> {
            queue.publish(tx, generationId, wire.request(request));
            return null;
        });
        Followed job = new Followed(generationId, listener);
        followed.put(generationId, job);
        listener.onQueued(1);
        return job;
    }

    private void pollAll() {
        for (Followed job : followed.values()) {
            try {
                poll(job);
            } catch (RuntimeException e) {
                log.warn("inference job not read: generation_id={} error={}", job.generationId, e.getMessage(), e);
            }
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
            if (job.attempt > 0) {
                job.frozen = true; // another attempt: what the user already saw cannot be taken back
            }
            job.attempt = progress.attempt();
            job.lastSeq = -1;
            if (progress.attempt() > 0) {
                job.listener.onStarted();
            }
        }
        for (InferenceQueue.Part part : progress.parts()) {
            job.lastSeq = part.seq();
            synchronized (job) {
                job.text.append(part.delta());
            }
            if (!job.frozen) {
                job.listener.onText(part.delta());
            }
        }
        if (progress.resultJson() != null) {
            WireFormat.WireResult result = wire.result(progress.resultJson());
            if (result.isFailure()) {
                job.end(null, new InferenceException("the worker failed: " + result.error()));
            } else {
                job.end(result.toResult(), null);
            }
        }
    }

    @Override
    public String modelName() {
        return "queue";
    }

    @Override
    public void close() {
        follower.shutdownNow();
        followed.values().forEach(Followed::cancel);
    }

    private final class Followed implements Generation {
        private final long generationId;
        private final GenerationListener listener;
        private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private int attempt;
        private int lastSeq = -1;
        private boolean frozen;

        Followed(long generationId, GenerationListener listener) {
            this.generationId = generationId;
            this.listener = listener;
        }

        void end(GenerationResult value, RuntimeException error) {
            followed.remove(generationId);
            database.inTransaction(tx -> {
                queue.clear(tx, generationId);
                return null;
            });
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        }

        @Override
        public CompletableFuture<GenerationResult> result() {
            return result;
        }

        /** /stop or shutdown: the job is closed in the database so its worker stops at its next renewal. */
        @Override
        public void cancel() {
            if (followed.remove(generationId) == null) {
                return;
            }
            String soFar;
            synchronized (this) {
                soFar = text.toString();
            }
            GenerationResult cut = new GenerationResult(soFar, FinishReason.CANCELLED, modelName(),
                    new GenerationStats(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0));
            database.inTransaction(tx -> {
                queue.abandon(tx, generationId, wire.result(cut));
                return null;
            });
            result.complete(cut);
        }
    }
}
