package ru.saigabot.bot.answer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.InferenceEngine;

/**
 * The answers the engine is writing, so that they can be stopped (/stop, an edited question), dropped (/forget)
 * or put aside for a restart; and how many of them hold a slot now.
 */
final class RunningAnswers {
    private final InferenceEngine engine;
    private final SlotsInUse slots = new SlotsInUse();
    private final Object lock = new Object();
    private final Map<Long, Running> byGeneration = new HashMap<>();
    private final Map<Long, Long> byChat = new HashMap<>();
    private boolean stopping;

    /** How an answer's generation ended for the bot. */
    enum Ending {
        /** Deliver it. */
        DELIVER,
        /** Its user deleted their data meanwhile: nothing to deliver or store. */
        FORGOTTEN,
        /** The bot is stopping: it stays open in the database and is answered after the next start. */
        RESTART
    }

    /** A submitted answer; its generation is null while the engine takes it. */
    static final class Running {
        private final SlotsInUse.Tracked tracked;
        private final GenerationJob job;
        private Generation generation;
        private boolean cancelled;
        private boolean forgotten;

        private Running(SlotsInUse.Tracked tracked, GenerationJob job) {
            this.tracked = tracked;
            this.job = job;
        }

        Generation generation() {
            return generation;
        }
    }

    RunningAnswers(InferenceEngine engine) {
        this.engine = engine;
    }

    /**
     * Submits the request; null when the bot is stopping. The engine is called outside the lock, which /stop, edits
     * and /forget take on the dispatcher's thread, since it may take its time (the queue engine publishes the request
     * in the database); a stop that comes meanwhile is applied once the engine has taken it.
     *
     * @throws ru.saigabot.inference.InferenceException when the engine refuses it at once (its queue is full)
     */
    Running submit(GenerationJob job, ChatRequest request, GenerationListener listener) {
        Running running = new Running(slots.track(listener), job);
        synchronized (lock) {
            if (stopping) {
                return null;
            }
            byGeneration.put(job.id(), running);
            byChat.put(job.chatId(), job.id());
        }
        Generation generation;
        try {
            generation = engine.submit(request, running.tracked);
        } catch (RuntimeException e) {
            synchronized (lock) {
                byGeneration.remove(job.id());
                byChat.remove(job.chatId(), job.id());
            }
            throw e;
        }
        boolean cancel;
        boolean detach;
        synchronized (lock) {
            running.generation = generation;
            cancel = running.cancelled || running.forgotten;
            detach = stopping;
        }
        if (cancel) {
            generation.cancel();
        } else if (detach) {
            generation.detach();
        }
        return running;
    }

    /** The generation of {@code generationId} ended: how it is to be handled. */
    Ending end(long generationId) {
        synchronized (lock) {
            Running running = byGeneration.remove(generationId);
            if (running == null) {
                return stopping ? Ending.RESTART : Ending.DELIVER;
            }
            running.tracked.ended();
            byChat.remove(running.job.chatId(), generationId);
            if (running.forgotten) {
                return Ending.FORGOTTEN;
            }
            return stopping ? Ending.RESTART : Ending.DELIVER;
        }
    }

    /**
     * Stops a chat's running answer if {@code which} accepts it (delivered with the text so far, marked cut); false
     * when none such runs.
     */
    boolean stopChat(long chatId, Predicate<GenerationJob> which) {
        Generation stopped;
        synchronized (lock) {
            Long generationId = byChat.get(chatId);
            Running running = generationId == null ? null : byGeneration.get(generationId);
            if (running == null || !which.test(running.job)) {
                return false;
            }
            running.cancelled = true;
            stopped = running.generation;
        }
        cancel(stopped);
        return true;
    }

    /** Stops one running answer; false when it is not running here (queued, or already finished). */
    boolean stop(long generationId) {
        Generation stopped;
        synchronized (lock) {
            Running running = byGeneration.get(generationId);
            if (running == null) {
                return false;
            }
            running.cancelled = true;
            stopped = running.generation;
        }
        cancel(stopped);
        return true;
    }

    /** Cancels a chat's running answer after its data was deleted: it is neither delivered nor stored. */
    void forgetChat(long chatId) {
        Generation stopped = null;
        synchronized (lock) {
            Long generationId = byChat.get(chatId);
            Running running = generationId == null ? null : byGeneration.get(generationId);
            if (running != null) {
                running.forgotten = true;
                stopped = running.generation;
            }
        }
        cancel(stopped);
    }

    /** Takes no more answers and lets go of the running ones, which are answered again after the next start. */
    void detachAll() {
        List<Generation> submitted = new ArrayList<>();
        synchronized (lock) {
            stopping = true;
            for (Running running : byGeneration.values()) {
                if (running.generation != null) {
                    submitted.add(running.generation);
                }
            }
        }
        submitted.forEach(Generation::detach);
    }

    /** Outside the lock: the queue engine's cancel writes to the database. Null: still being submitted. */
    private static void cancel(Generation generation) {
        if (generation != null) {
            generation.cancel();
        }
    }

    int running() {
        synchronized (lock) {
            return byGeneration.size();
        }
    }

    /** Answers the engine is writing right now; the others wait in the engine's queue. */
    int generating() {
        return slots.get();
    }
}
