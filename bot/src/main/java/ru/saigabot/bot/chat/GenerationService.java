package ru.saigabot.bot.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.arena.LiveArena;
import ru.saigabot.bot.render.Texts;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.GenerationJob;
import ru.saigabot.bot.store.GenerationStore;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.bot.store.StoreException;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.worker.QueueEngine;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.LoraScale;

/**
 * Runs stored generation requests: one at a time per chat (the next turn's prompt must contain the
 * previous answer), many chats at once through the engine. The prompt is built from the database when
 * a request starts, so a request that survived a restart is answered exactly as a fresh one.
 */
public final class GenerationService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GenerationService.class);
    private static final java.time.Duration RETRY_UNREACHABLE = java.time.Duration.ofSeconds(15);

    private final Database database;
    private final GenerationStore generations;
    private final MessageStore messages;
    private final ConversationCache cache;
    private final InferenceEngine engine;
    private final AnswerDelivery delivery;
    private final GenerationParams defaults;
    private final SettingsStore settings;
    private final AccessRules access;
    private final ServedModels served;
    private final ObjectMapper json;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final long streamIntervalMillis;
    private final LiveArena liveArena;

    private final Object lock = new Object();
    private final Map<Long, Deque<GenerationJob>> waitingByChat = new HashMap<>();
    private final Set<Long> busyChats = new HashSet<>();
    private final Map<Long, Generation> running = new HashMap<>();
    private final Map<Long, Long> runningByChat = new HashMap<>();
    private final Set<Long> forgotten = new HashSet<>();
    private final SlotsInUse slotsInUse = new SlotsInUse();
    private boolean stopping;

    public GenerationService(Database database, GenerationStore generations, MessageStore messages,
                             ConversationCache cache, SettingsStore settings, AccessRules access,
                             ServedModels served, InferenceEngine engine,
                             AnswerDelivery delivery, GenerationParams defaults, ObjectMapper json,
                             ExecutorService workers, ScheduledExecutorService scheduler, long streamIntervalMillis,
                             LiveArena liveArena) {
        this.database = database;
        this.generations = generations;
        this.messages = messages;
        this.cache = cache;
        this.engine = engine;
        this.delivery = delivery;
        this.defaults = defaults;
        this.settings = settings;
        this.access = access;
        this.served = served;
        this.json = json;
        this.workers = workers;
        this.scheduler = scheduler;
        this.streamIntervalMillis = streamIntervalMillis;
        this.liveArena = liveArena;
    }

    /** Queues every request left open by a previous run (crash or restart). */
    public int recover() {
        List<GenerationJob> open = database.query(generations::open);
        open.forEach(this::submit);
        if (!open.isEmpty()) {
            log.info("unfinished requests resumed: count={}", open.size());
        }
        return open.size();
    }

    /** Queues a stored request; called after the transaction that created it committed. */
    public void submit(GenerationJob job) {
        long chatId = job.chatId();
        synchronized (lock) {
            if (stopping) {
                return; // stays queued in the database; the next start resumes it
            }
            Deque<GenerationJob> queue = waitingByChat.computeIfAbsent(chatId, id -> new ArrayDeque<>());
            if (running.containsKey(job.id()) || isQueued(queue, job.id())) {
                return;
            }
            queue.addLast(job);
            if (busyChats.add(chatId)) {
                workers.execute(() -> runNext(chatId));
            }
        }
    }

    private static boolean isQueued(Deque<GenerationJob> queue, long id) {
        for (GenerationJob queued : queue) { // a loop: this runs for every message, on the dispatcher's thread
            if (queued.id() == id) {
                return true;
            }
        }
        return false;
    }

    private void runNext(long chatId) {
        GenerationJob next;
        synchronized (lock) {
            Deque<GenerationJob> queue = waitingByChat.get(chatId);
            next = queue == null ? null : queue.pollFirst();
            if (next == null || stopping) {
                busyChats.remove(chatId);
                waitingByChat.remove(chatId);
                return;
            }
        }
        try {
            run(next);
        } catch (RuntimeException e) {
            log.error("generation failed unexpectedly: chat_id={} generation_id={} error={}", chatId, next.id(),
                    e.getMessage(), e);
        }
        synchronized (lock) {
            if (stopping) {
                busyChats.remove(chatId);
                return; // what is still queued stays open in the database for the next start
            }
            Deque<GenerationJob> queue = waitingByChat.get(chatId);
            if (queue == null || queue.isEmpty()) {
                // Done here rather than in a task of its own: most chats have nothing more waiting.
                busyChats.remove(chatId);
                waitingByChat.remove(chatId);
                return;
            }
            workers.execute(() -> runNext(chatId));
        }
    }

    private void run(GenerationJob job) {
        long generationId = job.id();
        AnswerTarget target;
        try {
            target = delivery.open(job);
        } catch (TelegramCallException e) {
            if (e.isForbidden()) {
                // Blocked by the user or removed from the group: nobody to answer (the chat is marked inactive).
                database.inTransaction(tx -> {
                    generations.markFailed(tx, generationId, "chat unavailable: " + e.getMessage());
                    return null;
                });
                return;
            }
            // Telegram unreachable even after the gateway's retries: the request stays open; try again later.
            log.warn("answer postponed, Telegram unreachable: chat_id={} generation_id={} retry_in_s={} error={}",
                    job.chatId(), generationId, RETRY_UNREACHABLE.toSeconds(), e.getMessage());
            scheduler.schedule(() -> submit(job), RETRY_UNREACHABLE.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Integer placeholder = target.placeholderOrNull();
        Prompt prompt = database.query(connection -> generations.start(connection, generationId, placeholder)
                ? loadPrompt(connection, job) : null);
        if (prompt == null) {
            return; // deleted (/forget, retention) or already answered
        }
        AnswerStream stream = new AnswerStream(delivery.telegram(), scheduler, target, streamIntervalMillis, Texts.forLanguage(job.languageCode()));
        SlotsInUse.Tracked tracked = slotsInUse.track(stream);
        Generation generation = null;
        try {
            synchronized (lock) {
                if (!stopping) {
                    boolean priority = job.requestedBy() != null && access.isAdmin(job.requestedBy());
                    // The conversation key sends the next turn to the slot whose cache holds this one.
                    ChatRequest request = new ChatRequest("user:" + job.requestedBy(), prompt.messages(),
                            prompt.params(), priority).withConversation("conversation:" + job.conversationId())
                            .withLoras(prompt.loras()).withModel(prompt.model());
                    // --inference queue: the request goes to workers through its generation row (#8).
                    generation = engine instanceof QueueEngine queued ? queued.submit(generationId, request, tracked)
                            : engine.submit(request, tracked);
                    running.put(generationId, generation);
                    runningByChat.put(job.chatId(), generationId);
                }
            }
        } catch (InferenceException e) {
            // Refused at once (the queue in front of the model is full): tell the user, keep nothing open.
            stream.close();
            log.warn("generation refused: chat_id={} generation_id={} error={}", job.chatId(), generationId,
                    e.getMessage());
            delivery.fail(job, target.placeholderOrNull(), e);
            return;
        }
        if (generation == null) {
            stream.close();
            delivery.showRestarting(job, target);
            return;
        }
        try {
            var result = generation.result().join();
            stream.close();
            boolean shuttingDown;
            boolean discarded;
            synchronized (lock) {
                shuttingDown = stopping;
                discarded = forgotten.remove(generationId);
            }
            if (discarded) {
                return; // the user deleted their data meanwhile: nothing to deliver or store
            }
            if (shuttingDown) {
                delivery.showRestarting(job, target);
                return; // left 'running' in the database: resumed on the next start
            }
            delivery.deliver(job, target.placeholderOrNull(), result, paramsJson(prompt.params()));
            if (job.replacesMessageId() != null) {
                cache.turnsChanged(job.conversationId()); // the replaced answer left the conversation
            }
        } catch (RuntimeException e) {
            stream.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.error("generation failed: chat_id={} generation_id={} error={}", job.chatId(), generationId,
                    cause.getMessage(), cause);
            delivery.fail(job, target.placeholderOrNull(), cause);
        } finally {
            tracked.ended();
            synchronized (lock) {
                running.remove(generationId);
                runningByChat.remove(job.chatId(), generationId);
                forgotten.remove(generationId);
            }
        }
    }

    private Prompt loadPrompt(Connection connection, GenerationJob job) {
        ConversationCache.Turns cached = cache.turns(job.conversationId(), () -> {
            try {
                return messages.turns(connection, job.chatId(), job.conversationId());
            } catch (SQLException e) {
                throw new StoreException("cannot load conversation " + job.conversationId() + " of chat "
                        + job.chatId() + ": " + e.getMessage(), e);
            }
        });
        List<ChatMessage> turns = PromptTurns.build(cached.systemPrompt(), cached.upTo(job.userMessageId()), job.group());
        ChatSettings chatSettings = settings.get(connection, job.chatId());
        if (job.arena() != null) {
            // One side of a live battle: the variant's parameters over the chat's, and the variant's adapter.
            String side = job.arena().side();
            return new Prompt(turns, liveArena.params(side, chatSettings.params(defaults)), liveArena.loras(side),
                    liveArena.model(side));
        }
        return new Prompt(turns, chatSettings.params(defaults), served.lorasFor(chatSettings.adapter()), null);
    }

    private String paramsJson(GenerationParams params) {
        try {
            return json.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("generation parameters cannot be serialised", e);
        }
    }

    /**
     * /stop: drops the chat's queued requests and stops its running one, which is delivered with the
     * text written so far and marked cut. Returns false when nothing was running or waiting.
     */
    public boolean stop(long chatId) {
        synchronized (lock) {
            Deque<GenerationJob> queue = waitingByChat.get(chatId);
            boolean stopped = queue != null && !queue.isEmpty();
            if (queue != null) {
                queue.clear();
            }
            Long generationId = runningByChat.get(chatId);
            if (generationId != null) {
                running.get(generationId).cancel();
                stopped = true;
            }
            return stopped;
        }
    }

    /**
     * Stops one running answer (delivered with the text so far, marked cut), e.g. an answer to a question
     * that has since been edited. Returns false when it is not running here (queued, or already finished).
     */
    public boolean cancel(long generationId) {
        synchronized (lock) {
            Generation generation = running.get(generationId);
            if (generation == null) {
                return false;
            }
            generation.cancel();
            return true;
        }
    }

    /** Requests waiting or running, for /stats. */
    public int pendingTotal() {
        synchronized (lock) {
            return running.size() + waitingByChat.values().stream().mapToInt(Deque::size).sum();
        }
    }

    /** Requests the engine is writing right now; {@link #pendingTotal()} minus these are waiting. */
    public int generatingTotal() {
        return slotsInUse.get();
    }

    /** Drops a chat's queued requests and cancels its running one, after its data was deleted. */
    public void forgetChat(long chatId) {
        synchronized (lock) {
            Deque<GenerationJob> queue = waitingByChat.get(chatId);
            if (queue != null) {
                queue.clear();
            }
            Long generationId = runningByChat.get(chatId);
            if (generationId != null) {
                forgotten.add(generationId);
                running.get(generationId).cancel();
            }
        }
    }

    /**
     * Stops taking requests and cancels the running ones. Their rows stay open in the database and
     * are answered after the next start, so a restart loses nothing.
     */
    @Override
    public void close() {
        synchronized (lock) {
            stopping = true;
            running.values().forEach(Generation::detach);
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("generation workers did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
    }

    /** @param model the other loaded model a live battle's side runs on; null for the served one */
    private record Prompt(List<ChatMessage> messages, GenerationParams params, List<LoraScale> loras, String model) {}
}
