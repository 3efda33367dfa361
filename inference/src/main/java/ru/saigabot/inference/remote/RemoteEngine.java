package ru.saigabot.inference.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.context.ContextBudget;
import ru.saigabot.inference.context.FittedPrompt;
import ru.saigabot.inference.context.PromptStarts;
import ru.saigabot.inference.context.TokenCounter;
import ru.saigabot.inference.template.ChatMlTemplate;
import ru.saigabot.inference.template.ChatTemplate;

/**
 * Answers through OpenAI-compatible servers ({@code POST {base}/chat/completions} with {@code stream: true}):
 * llama.cpp's {@code llama-server}, vLLM, Ollama. Requests start at the backends in turn (round-robin, spreading
 * the load over equal servers); one that cannot be reached, answers 5xx, 429 or another non-request error, or stays
 * silent past the first-token timeout, hands the request to the next, and is tried last for a cool-down. Once text
 * has been streamed the request stays where it is: a later failure fails the generation. There is no queue
 * here: the caller limits how many requests run at once (the worker's {@code --slots}), the servers queue the rest.
 */
public final class RemoteEngine implements InferenceEngine {
    private static final Logger log = LoggerFactory.getLogger(RemoteEngine.class);

    /** What every generation of this engine shares. */
    record Parts(RemoteEngineConfig config, HttpClient client, ChatCompletions completions, CoolDown coolDown,
                 ScheduledExecutorService timer) {

        HttpRequest request(URI backend, byte[] body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(RemoteEngineConfig.chatCompletions(backend))
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (config.apiKey() != null) {
                request.header("Authorization", "Bearer " + config.apiKey());
            }
            return request.build();
        }
    }

    /** A request refused before any backend was asked. */
    private record Refused(CompletableFuture<GenerationResult> result) implements Generation {
        @Override
        public void cancel() {
            // nothing runs
        }
    }

    /**
     * Only to estimate a prompt's size for {@link RemoteEngineConfig#contextSize()}: the server applies its own
     * template, and ChatML's per-message overhead is typical of the ones in use.
     */
    private static final ChatTemplate TEMPLATE = new ChatMlTemplate();
    private static final TokenCounter ESTIMATE = new EstimatedTokens();

    private final Parts parts;
    private final ExecutorService httpThreads;
    private final AtomicInteger nextStart = new AtomicInteger();
    /** Where each conversation's prompt starts, so that a backend's own prompt cache keeps working past its context. */
    private final PromptStarts starts = new PromptStarts(100_000);
    private final Set<RemoteGeneration> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public RemoteEngine(RemoteEngineConfig config) {
        this.httpThreads = Executors.newCachedThreadPool(daemons("remote-backend-http"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemons("remote-backend-timer"));
        timer.setRemoveOnCancelPolicy(true); // each chunk reschedules a watchdog; cancelled ones must not pile up
        // HTTP/1.1: with HTTP/2 the client would offer an h2c upgrade on http:// URLs, which some servers mishandle.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpThreads)
                .build();
        this.parts = new Parts(config, client, new ChatCompletions(new ObjectMapper(), config.model(),
                config.extendedSampling()), new CoolDown(config.backends().size(), config.coolDown(), System::nanoTime),
                timer);
        log.info("remote engine ready: backends={} model={} api_key={} connect_timeout_ms={} first_token_timeout_ms={} "
                        + "idle_timeout_ms={} cool_down_ms={}", RemoteEngineConfig.displayAll(config.backends()),
                config.model(), config.apiKey() == null ? "none" : "set", config.connectTimeout().toMillis(),
                config.firstTokenTimeout().toMillis(), config.idleTimeout().toMillis(), config.coolDown().toMillis());
    }

    @Override
    public Generation submit(ChatRequest request, GenerationListener listener) {
        if (closed) {
            throw new InferenceException("the remote engine is closed; no more requests are taken");
        }
        byte[] body;
        int droppedTurns = 0;
        try {
            ChatRequest sent = request;
            if (parts.config().contextSize() > 0) {
                String conversation = request.conversationKey() != null ? request.conversationKey()
                        : "requester:" + request.requesterKey();
                FittedPrompt fitted = ContextBudget.fitKeepingStart(request.messages(), TEMPLATE, ESTIMATE,
                        parts.config().contextSize(), Math.min(request.params().maxTokens(),
                                parts.config().contextSize() / 2), starts.get(conversation), ContextBudget.LOW_WATER);
                starts.put(conversation, java.util.Optional.ofNullable(fitted.start()));
                droppedTurns = fitted.droppedTurns();
                sent = request.withMessages(fitted.kept());
            }
            body = parts.completions().body(sent);
        } catch (InferenceException e) {
            // Refused for what it asks (a LoRA adapter, a last message longer than the context): a failed result,
            // so the caller records why, once, instead of an exception a queue worker would take for its own
            // failure and retry.
            return new Refused(CompletableFuture.failedFuture(e));
        }
        int start = Math.floorMod(nextStart.getAndIncrement(), parts.config().backends().size());
        RemoteGeneration generation = new RemoteGeneration(parts, body, droppedTurns, listener,
                parts.coolDown().order(start), live::remove);
        live.add(generation);
        generation.start();
        return generation;
    }

    @Override
    public String modelName() {
        return parts.config().model();
    }

    /** Cancels the running requests (their results complete as cancelled, with the text so far). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        live.forEach(RemoteGeneration::cancel);
        parts.timer().shutdownNow();
        httpThreads.shutdown();
        log.info("remote engine closed: backends={}", RemoteEngineConfig.displayAll(parts.config().backends()));
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
