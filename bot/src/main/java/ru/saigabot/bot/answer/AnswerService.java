package ru.saigabot.bot.answer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.GenerationQueries;
import ru.saigabot.bot.generation.StopScope;
import ru.saigabot.bot.store.Database;
import ru.saigabot.inference.InferenceEngine;

/**
 * Runs stored requests for answers: each chat's in its lane, many chats at once through the engine, each answer
 * as an {@link AnswerSession} that ends at its destination. Requests come from {@link NewAnswers} once the
 * transaction that stored them has committed, and from the database after a restart ({@link #recover}).
 */
public final class AnswerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AnswerService.class);
    private static final Duration RETRY_UNREACHABLE = Duration.ofSeconds(15);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final Database database;
    private final GenerationQueries queries;
    private final RunningAnswers running;
    private final ChatLanes lanes;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;

    /**
     * @param executor  starts answers and handles their ends (short tasks: no thread waits for a generation)
     * @param scheduler submits again, later, an answer whose destination could not be reached; shut down with
     *                  the service, after the last answer (a destination may share it)
     */
    public AnswerService(Database database, GenerationQueries queries, Destination destination,
                         AnswerRecorder recorder, InferenceEngine engine, GenerationObserver observer,
                         ExecutorService executor, ScheduledExecutorService scheduler) {
        this.database = database;
        this.queries = queries;
        this.running = new RunningAnswers(engine);
        this.executor = executor;
        this.scheduler = scheduler;
        AnswerSession session = new AnswerSession(destination, recorder, running, observer, executor,
                this::retryLater);
        this.lanes = new ChatLanes(executor, session::run);
    }

    /** Queues every request left open by a previous run (a crash or a restart). */
    public int recover() {
        List<GenerationJob> open = database.query(queries::open);
        open.forEach(this::submit);
        if (!open.isEmpty()) {
            log.info("unfinished requests resumed: count={}", open.size());
        }
        return open.size();
    }

    /** Runs a stored request; called once the transaction that stored it has committed. */
    public void submit(GenerationJob job) {
        lanes.submit(job);
    }

    private void retryLater(GenerationJob job) {
        scheduler.schedule(() -> submit(job), RETRY_UNREACHABLE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * /stop: drops the waiting requests {@code scope} covers from their chat's lane and stops the running one if it
     * covers it, which is delivered with the text written so far, marked cut. False when nothing was running or
     * waiting.
     */
    public boolean stop(StopScope scope) {
        boolean dropped = lanes.clear(scope.chatId(), scope::covers) > 0;
        return running.stopChat(scope.chatId(), scope::covers) || dropped;
    }

    /**
     * Stops one running answer (delivered with the text so far, marked cut), e.g. an answer to a question that has
     * since been edited. False when it is not running here (queued, or already finished).
     */
    public boolean cancel(long generationId) {
        return running.stop(generationId);
    }

    /**
     * Its caller went away (an API client that disconnected): drops the request from its lane if it waits there,
     * or stops it if it runs. True when it was dropped before it started, so no answer session will end it.
     */
    public boolean abandon(GenerationJob job) {
        boolean dropped = lanes.clear(job.chatId(), queued -> queued.id() == job.id()) > 0;
        if (!dropped) {
            running.stop(job.id());
        }
        return dropped;
    }

    /** Drops a chat's waiting requests and cancels its running one, after its data was deleted. */
    public void forgetChat(long chatId) {
        lanes.clear(chatId, job -> true);
        running.forgetChat(chatId);
    }

    /** Requests waiting or running, for /stats and the metrics. */
    public int pendingTotal() {
        return running.running() + lanes.waiting();
    }

    /** Requests the engine is writing right now; {@link #pendingTotal()} minus these are waiting. */
    public int generatingTotal() {
        return running.generating();
    }

    /**
     * Starts nothing more and lets go of the running answers: their requests stay open in the database and are
     * answered after the next start, so a restart loses nothing. Waits a little for the restart notices.
     */
    @Override
    public void close() {
        lanes.stop();
        running.detachAll();
        try {
            if (!lanes.awaitIdle(SHUTDOWN_GRACE)) {
                log.warn("answers did not stop within {} s", SHUTDOWN_GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdown();
        scheduler.shutdownNow();
    }
}
