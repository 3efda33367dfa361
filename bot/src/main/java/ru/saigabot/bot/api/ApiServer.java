package ru.saigabot.bot.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.api.keys.ApiKey;
import ru.saigabot.bot.store.StoreException;

/**
 * The OpenAI-compatible API: {@code GET /v1/models}, {@code POST /v1/chat/completions} and {@code POST /v1/feedback},
 * each behind a key ({@code Authorization: Bearer}). Errors come as OpenAI writes them, whatever failed.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final String KEY_ATTRIBUTE = "saiga.api-key";
    /** Larger bodies are refused before they are read: no conversation this server runs needs more. */
    static final long MAX_BODY_BYTES = 4L << 20;

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    /** Starts serving on {@code host}:{@code port} (0: any free port). */
    public static ApiServer start(String host, int port, ApiParts parts) {
        ObjectMapper json = parts.json();
        ChatCompletionsHandler completions = new ChatCompletionsHandler(parts);
        FeedbackHandler feedback = new FeedbackHandler(parts.database(), parts.feedback(), json);
        Javalin app = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.compressionStrategy = CompressionStrategy.NONE; // events must leave as they are written
            config.startup.showJavalinBanner = false;
            config.routes.before("/v1/*", ctx -> authenticate(ctx, parts));
            config.routes.get("/v1/models", ctx -> models(ctx, parts.models(), json));
            config.routes.post("/v1/chat/completions", completions::handle);
            config.routes.post("/v1/feedback", feedback::handle);
            config.routes.exception(ApiError.class, (e, ctx) -> ApiErrors.write(ctx, json, e));
            config.routes.exception(StoreException.class, (e, ctx) -> {
                log.error("API request failed in the database: path={} error={}", ctx.path(), e.getMessage(), e);
                ApiErrors.write(ctx, json, ApiError.unavailable(10, "the database is not available; try again"));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("API request failed: path={} error={}", ctx.path(), e.getMessage(), e);
                ApiErrors.write(ctx, json, ApiError.internal("the request failed on the server; the operator's "
                        + "log has the details"));
            });
            // Only where no handler answered: an ApiError's own 404 or 413 has its body already.
            config.routes.error(404, "*", ctx -> unanswered(ctx, json, ApiError.notFound(null, "unknown_url",
                    "Unknown request URL: " + ctx.method() + " " + ctx.path())));
            config.routes.error(405, "*", ctx -> unanswered(ctx, json, ApiError.notFound(null, "unknown_url",
                    "Unknown request URL: " + ctx.method() + " " + ctx.path())));
            config.routes.error(413, "*", ctx -> unanswered(ctx, json, ApiError.tooLarge(
                    "the request body exceeds " + (MAX_BODY_BYTES >> 20) + " MB")));
        }).start();
        log.info("API serving: host={} port={}", host, app.port());
        return new ApiServer(app);
    }

    private static void unanswered(Context ctx, ObjectMapper json, ApiError error) {
        if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{\"error\"")) {
            ApiErrors.write(ctx, json, error);
        }
    }

    public int port() {
        return app.port();
    }

    private static void authenticate(Context ctx, ApiParts parts) {
        if (ctx.method() == HandlerType.OPTIONS) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiError.unauthorized("You didn't provide an API key: send it as 'Authorization: Bearer KEY' "
                    + "(an operator makes one with 'saiga-bot api-keys add NAME')");
        }
        String presented = header.substring(7).strip();
        Optional<ApiKey> key = parts.keys().authenticate(presented);
        if (key.isEmpty()) {
            throw ApiError.unauthorized("Incorrect API key provided, or it was revoked");
        }
        OptionalLong wait = parts.rate().retryAfterSeconds(key.get(), Instant.now());
        if (wait.isPresent()) {
            throw ApiError.rateLimited(wait.getAsLong(), "API key '" + key.get().name() + "' may send "
                    + key.get().requestsPerMinute() + " requests a minute; try again in " + wait.getAsLong() + " s");
        }
        ctx.attribute(KEY_ATTRIBUTE, key.get());
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            throw ApiError.tooLarge("the request body has " + ctx.contentLength() + " bytes; at most "
                    + MAX_BODY_BYTES);
        }
    }

    private static void models(Context ctx, ApiModels models, ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String id : models.ids()) {
            data.addObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", "saiga-bot");
        }
        ctx.contentType("application/json").result(body.toString());
    }

    @Override
    public void close() {
        app.stop();
    }
}
