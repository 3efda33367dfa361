package ru.saigabot.bot.answer;

import java.util.HashMap;
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

    /** A submitted answer. */
    static final class Running {
        private final Generation generation;
        private final SlotsInUse.Tracked tracked;
        private final GenerationJob job;
        private boolean forgotten;

        private Running(Generation generation, SlotsInUse.Tracked tracked, GenerationJob job) {
            this.generation = generation;
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
     * Submits the request; null when the bot is stopping.
     *
     * @throws ru.saigabot.inference.InferenceException when the engine refuses it at once (its queue is full)
     */
    Running submit(GenerationJob job, ChatRequest request, GenerationListener listener) {
        SlotsInUse.Tracked tracked = slots.track(listener);
        synchronized (lock) {
            if (stopping) {
                return null;
            }
            Running running = new Running(engine.submit(request, tracked), tracked, job);
            byGeneration.put(job.id(), running);
            byChat.put(job.chatId(), job.id());
            return running;
        }
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
        synchronized (lock) {
            Long generationId = byChat.get(chatId);
            Running running = generationId == null ? null : byGeneration.get(generationId);
            if (running == null || !which.test(running.job)) {
                return false;
            }
            running.generation.cancel();
            return true;
        }
    }

    /** Stops one running answer; false when it is not running here (queued, or already finished). */
    boolean stop(long generationId) {
        synchronized (lock) {
            Running running = byGeneration.get(generationId);
            if (running == null) {
                return false;
            }
            running.generation.cancel();
            return true;
        }
    }

    /** Cancels a chat's running answer after its data was deleted: it is neither delivered nor stored. */
    void forgetChat(long chatId) {
        synchronized (lock) {
            Long generationId = byChat.get(chatId);
            if (generationId != null) {
                Running running = byGeneration.get(generationId);
                running.forgotten = true;
                running.generation.cancel();
            }
        }
    }

    /** Takes no more answers and lets go of the running ones, which are answered again after the next start. */
    void detachAll() {
        synchronized (lock) {
            stopping = true;
            byGeneration.values().forEach(running -> running.generation.detach());
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
