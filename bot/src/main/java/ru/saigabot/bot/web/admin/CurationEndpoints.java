package ru.saigabot.bot.web.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.web.WebError;
import ru.saigabot.bot.web.WebRoutes;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.admin.CurationExclusions.AnswerTarget;
import ru.saigabot.bot.web.admin.CurationExclusions.ConversationTarget;
import ru.saigabot.bot.web.admin.CurationExclusions.Marked;
import ru.saigabot.bot.web.admin.CurationExclusions.Target;
import ru.saigabot.bot.web.admin.CurationStore.Exclusion;
import ru.saigabot.bot.web.session.WebSession;
import ru.saigabot.inference.text.TextSanitizer;

/**
 * The dashboard's curation: voted answers to browse, one answer's conversation as the model saw it, and the marks
 * that take an answer or a conversation out of the training data. Only admins reach {@code /web/api/admin/}
 * ({@link WebServer} refuses everyone else), and every change carries the page's CSRF token.
 */
public final class CurationEndpoints implements WebRoutes {
    private static final Logger log = LoggerFactory.getLogger(CurationEndpoints.class);
    static final int DEFAULT_PAGE = 30;
    static final int MAX_PAGE = 100;

    private final Database database;
    /** The records' fields as the page reads them: conversation_id, not conversationId. */
    private final ObjectMapper json;
    private final CurationStore store = new CurationStore();
    private final CurationExclusions exclusions = new CurationExclusions();

    public CurationEndpoints(Database database, ObjectMapper json) {
        this.database = database;
        this.json = json.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/web/api/admin/curation/answers", this::answers);
        routes.get("/web/api/admin/curation/answers/{id}", this::answer);
        routes.get("/web/api/admin/curation/filters", this::filters);
        routes.post("/web/api/admin/exclusions", this::exclude);
        routes.post("/web/api/admin/exclusions/{id}/delete", this::undo);
    }

    private void answers(Context ctx) throws IOException {
        CurationFilter filter = CurationFilter.parse(ctx::queryParam);
        Optional<Long> before = CurationFilter.present(ctx.queryParam("before")).map(text -> id("before", text));
        int limit = CurationFilter.present(ctx.queryParam("limit")).map(CurationEndpoints::limit).orElse(DEFAULT_PAGE);
        WebServer.json(ctx, json, database.query(connection -> store.page(connection, filter, before, limit)));
    }

    private void answer(Context ctx) throws IOException {
        long id = id("answer id", ctx.pathParam("id"));
        WebServer.json(ctx, json, database.query(connection -> store.view(connection, id))
                .orElseThrow(() -> WebError.notFound("There is no answer " + id + "; it may have been deleted "
                        + "(/forget, retention).")));
    }

    private void filters(Context ctx) throws IOException {
        List<String> models = database.query(store::votedModels);
        WebServer.json(ctx, json, Map.of("models", models, "chats", List.of("private", "group", "web", "api"),
                "feedback", List.of("button", "reaction", "web", "api")));
    }

    private void exclude(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        JsonNode body = body(ctx);
        Target target = target(body);
        String reason = reason(body);
        Marked marked = database.inTransaction(tx -> exclusions.exclude(tx, target, reason, session.webUserId()));
        Exclusion exclusion = marked.exclusion();
        if (marked.created()) {
            log.info("training exclusion added: exclusion_id={} message_id={} conversation_id={} web_user_id={}",
                    exclusion.id(), exclusion.messageId(), exclusion.conversationId(), session.webUserId());
        }
        ctx.status(marked.created() ? 201 : 200);
        WebServer.json(ctx, json, marked);
    }

    private void undo(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        long id = id("exclusion id", ctx.pathParam("id"));
        Optional<Exclusion> undone = database.query(connection -> exclusions.undo(connection, id));
        undone.ifPresent(exclusion -> log.info("training exclusion undone: exclusion_id={} message_id={} "
                        + "conversation_id={} web_user_id={}", id, exclusion.messageId(), exclusion.conversationId(),
                session.webUserId()));
        // Undoing twice is no error: the second request finds the mark gone, as the first one left it.
        WebServer.json(ctx, json, Map.of("id", id, "deleted", undone.isPresent()));
    }

    /** Exactly one of {@code message_id} and {@code conversation_id}. */
    private static Target target(JsonNode body) {
        JsonNode message = body.get("message_id");
        JsonNode conversation = body.get("conversation_id");
        boolean hasMessage = message != null && !message.isNull();
        boolean hasConversation = conversation != null && !conversation.isNull();
        if (hasMessage == hasConversation) {
            throw WebError.badRequest("Give either message_id (one answer) or conversation_id (the whole "
                    + "conversation), not " + (hasMessage ? "both." : "neither."));
        }
        return hasMessage ? new AnswerTarget(jsonId("message_id", message))
                : new ConversationTarget(jsonId("conversation_id", conversation));
    }

    private static String reason(JsonNode body) {
        JsonNode value = body.get("reason");
        if (value == null || !value.isTextual()) {
            throw WebError.badRequest("Say why in reason (text, at most " + CurationExclusions.MAX_REASON_CHARS
                    + " characters): the dataset card and the next operator read it.");
        }
        String reason = TextSanitizer.clean(value.asText()).strip();
        if (reason.isEmpty()) {
            throw WebError.badRequest("The reason is empty; say why this is left out of training.");
        }
        int length = reason.codePointCount(0, reason.length());
        if (length > CurationExclusions.MAX_REASON_CHARS) {
            throw WebError.badRequest("The reason has " + length + " characters; at most "
                    + CurationExclusions.MAX_REASON_CHARS + " fit.");
        }
        return reason;
    }

    private JsonNode body(Context ctx) {
        try {
            JsonNode body = json.readTree(ctx.bodyAsBytes());
            if (body == null || !body.isObject()) {
                throw WebError.badRequest("The request body must be a JSON object.");
            }
            return body;
        } catch (IOException e) {
            throw WebError.badRequest("The request body is not valid JSON.");
        }
    }

    private static long jsonId(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
            throw WebError.badRequest(name + " must be a positive whole number; got "
                    + CurationFilter.shown(value.toString()) + ".");
        }
        return value.asLong();
    }

    /** A positive id from the URL; anything else is a 400 that says which. */
    static long id(String name, String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw WebError.badRequest("The " + name + " must be a positive whole number; got '"
                + CurationFilter.shown(text) + "'.");
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw WebError.badRequest("limit must be between 1 and " + MAX_PAGE + "; got '" + CurationFilter.shown(text)
                + "'.");
    }
}
