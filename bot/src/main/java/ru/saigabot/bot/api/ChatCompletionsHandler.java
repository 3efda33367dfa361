package ru.saigabot.bot.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.api.keys.ApiKey;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.NewExchange;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.generation.Requester;
import ru.saigabot.bot.http.SseStream;

/**
 * {@code POST /v1/chat/completions}: the request becomes a stored exchange with a generation of its own, which the
 * key's lane and the fair queue run like a Telegram user's question; this handler's thread waits for its answer and
 * writes it, whole or as server-sent events. A streaming client that disconnects stops its answer.
 */
final class ChatCompletionsHandler {
    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsHandler.class);
    /** A stream quiet this long (queued, or the prompt is evaluated) gets a comment: proxies keep it open, and a
     * client that left is noticed. */
    private static final long KEEP_ALIVE_SECONDS = 10;

    private final ApiParts parts;

    ChatCompletionsHandler(ApiParts parts) {
        this.parts = parts;
    }

    void handle(Context ctx) throws IOException, InterruptedException {
        ApiKey key = ctx.attribute(ApiServer.KEY_ATTRIBUTE);
        CompletionRequest request = CompletionRequest.read(body(ctx), parts.models(), parts.schemas());
        Queued queued = enqueue(key, request);
        CompletionWriter writer = new CompletionWriter(parts.json(), "chatcmpl-" + queued.job().id(), request.model(),
                System.currentTimeMillis() / 1000);
        if (request.stream()) {
            stream(ctx, writer, request, queued);
        } else {
            whole(ctx, writer, queued);
        }
    }

    private record Queued(GenerationJob job, ApiExchange exchange) {}

    private Queued enqueue(ApiKey key, CompletionRequest request) {
        long owner = key.chatId();
        NewExchange exchange = new NewExchange(new Place(owner, 0, false), new Requester(owner, null),
                request.store() ? "api" : "api_unstored",
                request.systemPrompt() == null ? parts.defaultSystemPrompt() : request.systemPrompt(),
                request.outputSchema(), request.turns(), request.options());
        String options = options(request);
        return parts.database().transact(tx -> {
            parts.keys().ensureIdentity(tx.connection(), key);
            Optional<GenerationJob> job = parts.generations().enqueueExchange(tx, exchange, options,
                    parts.maxOpenPerKey());
            if (job.isEmpty()) {
                throw ApiError.rateLimited(5, "API key '" + key.name() + "' has " + parts.maxOpenPerKey()
                        + " requests waiting or running; wait for one of them to finish");
            }
            GenerationJob queued = job.get();
            ApiExchange answer = new ApiExchange(() -> ended(queued, request.store()),
                    () -> parts.answers().cancel(queued.id()), parts.executor());
            tx.afterCommit(() -> {
                parts.destination().expect(queued.id(), answer);
                parts.answers().submit(queued);
            });
            return new Queued(queued, answer);
        });
    }

    private void whole(Context ctx, CompletionWriter writer, Queued queued) throws InterruptedException {
        while (true) {
            ApiExchange.Event event = queued.exchange().next(1, TimeUnit.MINUTES);
            if (event instanceof ApiExchange.Event.Done done) {
                ctx.status(200).contentType("application/json").result(writer.completion(done.result()));
                return;
            }
            if (event instanceof ApiExchange.Event.Failed failed) {
                throw failed.error();
            }
        }
    }

    private void stream(Context ctx, CompletionWriter writer, CompletionRequest request, Queued queued)
            throws InterruptedException {
        SseStream sse = new SseStream(ctx.res());
        try {
            boolean first = true;
            while (true) {
                ApiExchange.Event event = queued.exchange().next(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (event == null) {
                    sse.comment("waiting");
                } else if (event instanceof ApiExchange.Event.Text text) {
                    if (first) {
                        sse.data(writer.roleChunk());
                        first = false;
                    }
                    sse.data(writer.textChunk(text.delta()));
                } else if (event instanceof ApiExchange.Event.Done done) {
                    if (first) {
                        sse.data(writer.roleChunk());
                    }
                    sse.data(writer.finishChunk(done.result()));
                    if (request.includeUsage()) {
                        sse.data(writer.usageChunk(done.result()));
                    }
                    sse.data("[DONE]");
                    return;
                } else if (event instanceof ApiExchange.Event.Failed failed) {
                    if (!sse.started()) {
                        throw failed.error(); // nothing sent yet: the client gets the error's status
                    }
                    sse.data(writer.error(failed.error()));
                    return;
                }
            }
        } catch (IOException e) {
            abandon(queued, e);
        }
    }

    /** The client disconnected: its answer stops, and nothing waits for it. */
    private void abandon(Queued queued, IOException cause) {
        GenerationJob job = queued.job();
        log.info("API client disconnected, answer stopped: chat_id={} generation_id={} error={}", job.chatId(),
                job.id(), cause.getMessage());
        queued.exchange().abandon();
        if (parts.answers().abandon(job)) {
            parts.destination().forget(job.id());
            parts.database().query(connection -> {
                parts.generations().fail(connection, job.id(), "the API client disconnected before it started");
                return null;
            });
            queued.exchange().endWithoutAnswer();
        }
    }

    /** After the answer (or its failure): an exchange the client did not ask to store is deleted. */
    private void ended(GenerationJob job, boolean stored) {
        if (stored) {
            return;
        }
        try {
            parts.database().transact(tx -> {
                parts.generations().deleteExchange(tx, job.conversationId());
                return null;
            });
        } catch (RuntimeException e) {
            // Left for the next start, which deletes what unstored exchanges remain.
            log.warn("unstored API exchange not deleted: chat_id={} conversation_id={} error={}", job.chatId(),
                    job.conversationId(), e.getMessage(), e);
        }
    }

    private JsonNode body(Context ctx) {
        try {
            return parts.json().readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiError.invalid(null, "the request body is not valid JSON: " + e.getMessage());
        }
    }

    private String options(CompletionRequest request) {
        try {
            return parts.json().writeValueAsString(request.options());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request options cannot be written as JSON", e);
        }
    }
}
