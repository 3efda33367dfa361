package ru.saigabot.bot.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;
import ru.saigabot.bot.api.keys.ApiKey;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.FeedbackStore;
import ru.saigabot.bot.store.Vote;
import static ru.saigabot.bot.store.Statements.nullableLong;
import static ru.saigabot.bot.store.Statements.one;

/**
 * {@code POST /v1/feedback {"id": "chatcmpl-…", "rating": 1 | -1}}: a program's vote on an answer it stored
 * ({@code "store": true}), recorded like a 👍/👎 so that it feeds the same training export. A key votes on its own
 * answers only.
 */
final class FeedbackHandler {
    private static final String PREFIX = "chatcmpl-";

    private final Database database;
    private final FeedbackStore feedback;
    private final ObjectMapper json;

    FeedbackHandler(Database database, FeedbackStore feedback, ObjectMapper json) {
        this.database = database;
        this.feedback = feedback;
        this.json = json;
    }

    void handle(Context ctx) {
        ApiKey key = ctx.attribute(ApiServer.KEY_ATTRIBUTE);
        JsonNode body;
        try {
            body = json.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiError.invalid(null, "the request body is not valid JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiError.invalid(null, "the request body must be a JSON object with 'id' and 'rating'");
        }
        String id = CompletionRequest.text(body, "id", true);
        JsonNode rating = body.get("rating");
        if (rating == null || !rating.isIntegralNumber() || Math.abs(rating.intValue()) != 1) {
            throw ApiError.invalid("rating", "'rating' must be 1 (good) or -1 (bad)");
        }
        long generationId = generationId(id);
        Vote vote = rating.intValue() > 0 ? Vote.UP : Vote.DOWN;
        long owner = key.chatId();
        FeedbackStore.Outcome outcome = database.inTransaction(connection -> {
            Optional<Long> answer = one(connection, "SELECT answer_message_id FROM generation WHERE id = ? "
                    + "AND chat_id = ?", row -> nullableLong(row, "answer_message_id"), generationId, owner)
                    .flatMap(Optional::ofNullable);
            if (answer.isEmpty()) {
                return FeedbackStore.Outcome.NOT_FOUND;
            }
            return feedback.vote(connection, owner, answer.get(), owner, vote, "api");
        });
        if (outcome == FeedbackStore.Outcome.NOT_FOUND) {
            throw ApiError.notFound("id", "completion_not_found", "No stored completion '" + id + "' of this key: "
                    + "only answers requested with \"store\": true can be rated");
        }
        ctx.contentType("application/json").result(json.createObjectNode().put("id", id)
                .put("rating", rating.intValue()).put("status", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .toString());
    }

    private static long generationId(String id) {
        if (id.startsWith(PREFIX)) {
            try {
                return Long.parseLong(id.substring(PREFIX.length()));
            } catch (NumberFormatException e) {
                // falls through to the refusal
            }
        }
        throw ApiError.notFound("id", "completion_not_found", "'" + id + "' is not a completion id of this server");
    }
}
