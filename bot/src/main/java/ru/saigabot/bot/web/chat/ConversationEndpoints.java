package ru.saigabot.bot.web.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.GenerationQueries;
import ru.saigabot.bot.generation.GenerationReason;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.Origin;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.generation.Question;
import ru.saigabot.bot.generation.Requester;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.web.WebError;
import ru.saigabot.bot.web.WebRoutes;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.session.WebSession;
import ru.saigabot.inference.text.TextSanitizer;

/**
 * The web user's conversations: list, start, open, ask, and correct the last question. A question is stored and
 * queued in one transaction, exactly as a Telegram message is; the page then follows its answer's events.
 */
public final class ConversationEndpoints implements WebRoutes {
    /** Longer questions are refused: Telegram's own limit, so both surfaces take the same. */
    static final int MAX_QUESTION_CHARS = 4096;
    private static final int CONVERSATIONS_LISTED = 50;

    private final WebChatParts parts;
    private final WebChatStore store = new WebChatStore();
    private final WebArenaStore arena = new WebArenaStore();

    public ConversationEndpoints(WebChatParts parts) {
        this.parts = parts;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/web/api/conversations", this::list);
        routes.post("/web/api/conversations", this::start);
        routes.get("/web/api/conversations/{id}", this::open);
        routes.post("/web/api/conversations/{id}/messages", this::ask);
        routes.post("/web/api/conversations/{id}/edit", this::edit);
    }

    private void list(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        List<ChatStore.ConversationSummary> recent = parts.database().query(connection ->
                parts.chats().recentConversations(connection, session.chatId(), CONVERSATIONS_LISTED));
        WebServer.json(ctx, parts.json(), Map.of("conversations", recent.stream().map(c -> Map.of("id", c.id(),
                "title", c.title() == null ? "" : c.title(), "last_activity", c.lastActivity().toString(),
                "messages", c.messages())).toList()));
    }

    private void start(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        long id = parts.database().transact(tx -> {
            String prompt = parts.settings().get(tx.connection(), session.chatId()).newConversationPrompt();
            return parts.chats().startConversation(tx, session.chatId(), 0, prompt);
        });
        WebServer.json(ctx, parts.json(), Map.of("id", id));
    }

    private void open(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        long id = pathId(ctx, "id");
        record Opened(WebChatStore.ShownConversation shown, Long battleVoteId) {}
        Opened opened = parts.database().query(connection -> {
            Optional<WebChatStore.ShownConversation> conversation = store.conversation(connection, session.chatId(),
                    session.userId(), id);
            return conversation.isEmpty() ? null : new Opened(conversation.get(), arena.pendingBattle(connection,
                    session.chatId(), session.userId(), id).orElse(null));
        });
        if (opened == null) {
            throw missing(id);
        }
        WebChatStore.ShownConversation shown = opened.shown();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", shown.id());
        body.put("title", shown.title());
        body.put("system_prompt", shown.systemPrompt());
        body.put("running_generation_id", shown.runningGenerationId());
        // A live battle waiting for the vote: the page shows both its answers and the buttons (GET /battles/ID).
        body.put("battle_vote_id", opened.battleVoteId());
        body.put("messages", shown.messages().stream().map(m -> {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("id", m.id());
            message.put("role", m.role());
            message.put("content", m.content());
            message.put("status", m.status());
            message.put("vote", m.vote());
            return message;
        }).toList());
        WebServer.json(ctx, parts.json(), body);
    }

    private void ask(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        long conversationId = pathId(ctx, "id");
        String text = question(ctx, parts);
        checkHourly(parts, session);
        Asked asked = parts.database().transact(tx -> {
            if (!store.owns(tx.connection(), session.chatId(), conversationId)) {
                throw missing(conversationId);
            }
            GenerationRepository.Enqueued enqueued = parts.newAnswers().ask(tx, new GenerationRepository.NewQuestion(
                    new Place(session.chatId(), 0, false), conversationId, session.userId(), null,
                    language(ctx), text, 0), parts.maxOpen(), false);
            if (!enqueued.accepted()) {
                throw WebError.tooMany("You have " + enqueued.open() + " answers waiting or being written; wait for "
                        + "them, or stop one.");
            }
            // --arena-share may draw this question into a live battle: the page then shows both answers.
            Optional<Long> battle = arena.battleOf(tx.connection(), session.chatId(),
                    enqueued.job().question().messageId());
            return new Asked(enqueued.job(), battle.orElse(null));
        });
        parts.hourly().record(session.userId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generation_id", asked.job().id());
        body.put("battle_vote_id", asked.battleVoteId());
        WebServer.json(ctx, parts.json(), body);
    }

    /** A question queued: its answer, and the battle it became, if it did. */
    private record Asked(GenerationJob job, Long battleVoteId) {}

    /** Corrects the conversation's last question and answers it again, replacing the answer it had. */
    private void edit(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        long conversationId = pathId(ctx, "id");
        String text = question(ctx, parts);
        checkHourly(parts, session);
        long chatId = session.chatId();
        GenerationJob job = parts.database().transact(tx -> {
            WebChatStore.LastQuestion last = store.lastQuestion(tx.connection(), chatId, conversationId)
                    .orElseThrow(() -> missing(conversationId));
            GenerationQueries.Answering answering = parts.queries().answering(tx.connection(), chatId, last.id());
            if (answering.open()) {
                throw WebError.conflict("The answer to this question is still being written; stop it first.");
            }
            parts.messages().updateContent(tx, chatId, conversationId, last.id(), text);
            return parts.newAnswers().again(tx, new Place(chatId, 0, false),
                    new Question(conversationId, last.id(), null), new Requester(session.userId(), language(ctx)),
                    new Origin(GenerationReason.EDIT, answering.currentAnswer().orElse(null)))
                    .orElseThrow(() -> WebError.conflict("An answer to this question is already on its way."));
        });
        follow(ctx, session, job);
    }

    /** Counts the question and tells the page which answer to follow. */
    private void follow(Context ctx, WebSession session, GenerationJob job) throws IOException {
        parts.hourly().record(session.userId());
        WebServer.json(ctx, parts.json(), Map.of("generation_id", job.id()));
    }

    static void checkHourly(WebChatParts parts, WebSession session) {
        OptionalLong wait = parts.hourly().waitFor(session.userId());
        if (wait.isPresent()) {
            throw WebError.tooMany("You have asked as many questions as an hour allows; try again in "
                    + Math.max(1, wait.getAsLong() / 60_000) + " min.");
        }
    }

    /** The question of a request's body, cleaned and checked. */
    static String question(Context ctx, WebChatParts parts) {
        JsonNode body = body(ctx, parts);
        String text = TextSanitizer.clean(body.path("text").asText(""));
        if (text.isBlank()) {
            throw WebError.badRequest("Write a question first.");
        }
        if (text.length() > MAX_QUESTION_CHARS) {
            throw WebError.badRequest("The question has " + text.length() + " characters; at most "
                    + MAX_QUESTION_CHARS + " fit.");
        }
        return text;
    }

    static JsonNode body(Context ctx, WebChatParts parts) {
        try {
            JsonNode body = parts.json().readTree(ctx.bodyAsBytes());
            if (body == null || !body.isObject()) {
                throw WebError.badRequest("The request body must be a JSON object.");
            }
            return body;
        } catch (IOException e) {
            throw WebError.badRequest("The request body is not valid JSON.");
        }
    }

    static long pathId(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw WebError.notFound("No such " + name + ": " + ctx.pathParam(name));
        }
    }

    /** The browser's language, for the answer's refusals and the prompt's language hints. */
    static String language(Context ctx) {
        String accept = Optional.ofNullable(ctx.header("Accept-Language")).orElse("");
        return accept.length() >= 2 ? accept.substring(0, 2).toLowerCase(Locale.ROOT) : null;
    }

    private static WebError missing(long conversationId) {
        return WebError.notFound("Conversation " + conversationId + " is not one of yours, or was deleted.");
    }
}
