package ru.saigabot.bot.answer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.generation.GenerationJob;

/**
 * One lane per chat: a chat's requests run in order, one at a time (the next turn's prompt must hold the previous
 * answer); different chats run side by side. A lane holds no thread while its answer is written: the runner returns
 * a future that completes when the answer is delivered and stored, and the next request is chained on it.
 */
final class ChatLanes {
    private static final Logger log = LoggerFactory.getLogger(ChatLanes.class);
    private static final long IDLE = -1;

    private final Executor executor;
    private final Function<GenerationJob, CompletableFuture<?>> runner;
    private final Object lock = new Object();
    private final Map<Long, Lane> lanes = new HashMap<>();
    private boolean stopping;

    /** A chat's waiting requests, and the one running ({@link #IDLE} when none has started yet). */
    private static final class Lane {
        final Deque<GenerationJob> waiting = new ArrayDeque<>();
        long running = IDLE;
    }

    /**
     * @param executor where a request starts (opening its destination, reading its prompt, submitting it)
     * @param runner   starts a request; its future completes once the request has ended
     */
    ChatLanes(Executor executor, Function<GenerationJob, CompletableFuture<?>> runner) {
        this.executor = executor;
        this.runner = runner;
    }

    /** Adds a request to its chat's lane, unless it is there already (waiting or running). */
    void submit(GenerationJob job) {
        long chatId = job.chatId();
        synchronized (lock) {
            if (stopping) {
                return; // stays open in the database; the next start resumes it
            }
            Lane lane = lanes.get(chatId);
            boolean idle = lane == null;
            if (idle) {
                lane = new Lane();
                lanes.put(chatId, lane);
            } else if (lane.running == job.id() || contains(lane.waiting, job.id())) {
                return;
            }
            lane.waiting.addLast(job);
            if (idle) {
                executor.execute(() -> next(chatId));
            }
        }
    }

    private static boolean contains(Deque<GenerationJob> waiting, long id) {
        for (GenerationJob queued : waiting) { // a loop: this runs for every message, on the dispatcher's thread
            if (queued.id() == id) {
                return true;
            }
        }
        return false;
    }

    /** Drops the chat's waiting requests that {@code which} accepts; returns how many. */
    int clear(long chatId, Predicate<GenerationJob> which) {
        synchronized (lock) {
            Lane lane = lanes.get(chatId);
            if (lane == null) {
                return 0;
            }
            int before = lane.waiting.size();
            lane.waiting.removeIf(which);
            return before - lane.waiting.size();
        }
    }

    /** Requests waiting in a lane, not yet started. */
    int waiting() {
        synchronized (lock) {
            int total = 0;
            for (Lane lane : lanes.values()) {
                total += lane.waiting.size();
            }
            return total;
        }
    }

    /** Starts nothing more; what waits stays open in the database for the next start. */
    void stop() {
        synchronized (lock) {
            stopping = true;
        }
    }

    /**
     * After {@link #stop}: waits until the answers that were running have ended (put aside for the restart).
     * False when some are still running after {@code timeout}.
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!lanes.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    private void remove(long chatId) {
        lanes.remove(chatId);
        if (lanes.isEmpty()) {
            lock.notifyAll();
        }
    }

    private void next(long chatId) {
        GenerationJob job;
        synchronized (lock) {
            Lane lane = lanes.get(chatId);
            job = lane == null || stopping ? null : lane.waiting.pollFirst();
            if (job == null) {
                remove(chatId);
                return;
            }
            lane.running = job.id();
        }
        CompletableFuture<?> ended;
        try {
            ended = runner.apply(job);
        } catch (RuntimeException e) {
            log.error("answer failed unexpectedly: chat_id={} generation_id={} error={}", chatId, job.id(),
                    e.getMessage(), e);
            ended = CompletableFuture.completedFuture(null);
        }
        ended.whenComplete((value, error) -> {
            if (error != null) {
                log.error("answer failed unexpectedly: chat_id={} generation_id={} error={}", chatId, job.id(),
                        error.getMessage(), error);
            }
            afterRun(chatId);
        });
    }

    /** Frees the lane when nothing more waits (most chats), here rather than in a task of its own. */
    private void afterRun(long chatId) {
        synchronized (lock) {
            Lane lane = lanes.get(chatId);
            if (lane == null) {
                return;
            }
            lane.running = IDLE;
            if (stopping || lane.waiting.isEmpty()) {
                remove(chatId);
                return;
            }
        }
        executor.execute(() -> next(chatId));
    }
}
