package ru.saigabot.bot.web.chat;

import static ru.saigabot.bot.web.chat.ConversationEndpoints.body;
import static ru.saigabot.bot.web.chat.ConversationEndpoints.checkHourly;
import static ru.saigabot.bot.web.chat.ConversationEndpoints.language;
import static ru.saigabot.bot.web.chat.ConversationEndpoints.pathId;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.answer.AnswerFailure;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.GenerationQueries;
import ru.saigabot.bot.generation.GenerationReason;
import ru.saigabot.bot.generation.Origin;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.generation.Question;
import ru.saigabot.bot.generation.Requester;
import ru.saigabot.bot.generation.StopScope;
import ru.saigabot.bot.http.SseStream;
import ru.saigabot.bot.store.FeedbackStore;
import ru.saigabot.bot.store.Vote;
import ru.saigabot.bot.web.WebError;
import ru.saigabot.bot.web.WebRoutes;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.session.WebSession;

/**
 * One answer on the page: its events as it is written (server-sent events), stop, 👍/👎 and 🔄. Every request is
 * scoped by the web user's own chat, so nobody follows, stops or votes on another's answer.
 */
public final class AnswerEndpoints implements WebRoutes {
    private static final Logger log = LoggerFactory.getLogger(AnswerEndpoints.class);
    /** A quiet stream (the answer waits in the queue) gets a comment this often, and looks whether it ended. */
    private static final long QUIET_SECONDS = 5;

    private final WebChatParts parts;
    private final WebChatStore store = new WebChatStore();

    public AnswerEndpoints(WebChatParts parts) {
        this.parts = parts;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/web/api/generations/{id}/events", this::events);
        routes.post("/web/api/generations/{id}/stop", this::stop);
        routes.post("/web/api/answers/{id}/vote", this::vote);
        routes.post("/web/api/answers/{id}/regenerate", this::regenerate);
    }

    private void events(Context ctx) throws InterruptedException {
        WebSession session = WebServer.session(ctx);
        long id = pathId(ctx, "id");
        SseStream sse = new SseStream(ctx.res());
        try {
            Optional<WebAnswer> answer = parts.destination().running(id);
            if (answer.isEmpty()) {
                answer = followStored(session, id);
            }
            if (answer.isEmpty()) {
                sse.event("end", end("done", null));
                return;
            }
            stream(sse, session, id, answer.get());
        } catch (IOException e) {
            // The page went away (closed, reloaded): the answer goes on and is stored; the page reads it later.
            log.debug("web answer stream closed by the page: generation_id={} error={}", id, e.getMessage());
        }
    }

    /** A generation not being written here yet (queued), or over: followed when still open, else empty. */
    private Optional<WebAnswer> followStored(WebSession session, long id) {
        boolean open = isOpen(session, id);
        if (!open) {
            return Optional.empty();
        }
        WebAnswer answer = parts.destination().follow(id);
        // It may have ended between the look and the follow: its end was stored before its answer was let go.
        if (!isOpen(session, id)) {
            parts.destination().discard(id, answer);
            return Optional.empty();
        }
        return Optional.of(answer);
    }

    private boolean isOpen(WebSession session, long id) {
        return parts.database().query(connection -> store.open(connection, session.chatId(), id))
                .orElseThrow(() -> WebError.notFound("Answer " + id + " is not one of yours."));
    }

    private void stream(SseStream sse, WebSession session, long id, WebAnswer answer)
            throws IOException, InterruptedException {
        // What was written already leaves at once, with the headers, in one write: no separate write of a comment
        // on the way to the first token. A page whose answer still waits gets the comment at once, so it knows that
        // it follows one.
        List<WebAnswer.Event> events = answer.read(0, 0, TimeUnit.SECONDS);
        if (events.isEmpty()) {
            sse.comment("following");
        }
        int read = 0;
        while (true) {
            if (events.isEmpty()) {
                events = answer.read(read, QUIET_SECONDS, TimeUnit.SECONDS);
            }
            if (events.isEmpty()) {
                if (!isOpen(session, id)) { // dropped from the queue (stopped, forgotten) before it started
                    parts.destination().discard(id, answer);
                    sse.event("end", end("done", null));
                    return;
                }
                sse.comment("waiting");
                continue;
            }
            read += events.size();
            for (WebAnswer.Event event : events) {
                if (event instanceof WebAnswer.Event.Text text) {
                    sse.buffer("text", parts.json().writeValueAsString(Map.of("delta", text.delta())));
                } else if (event instanceof WebAnswer.Event.End end) {
                    sse.buffer("end", end(end.outcome(), end.failure()));
                    sse.flush();
                    return;
                }
            }
            // Events that came together (tokens while this thread was away, a page reading a written answer again)
            // leave in one write: a flush each cost a system call and a segment apiece.
            sse.flush();
            events = List.of();
        }
    }

    private String end(String outcome, AnswerFailure failure) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome);
        if (failure instanceof AnswerFailure.TooLong tooLong) {
            body.put("reason", "too_long");
            body.put("needed_tokens", tooLong.neededTokens());
            body.put("available_tokens", tooLong.availableTokens());
        } else if (failure != null) {
            body.put("reason", failure instanceof AnswerFailure.Busy ? "busy" : "failed");
        }
        return parts.json().writeValueAsString(body);
    }

    /** Stops the web user's answers: the running one keeps what it wrote (marked cut); waiting ones are dropped. */
    private void stop(Context ctx) {
        WebSession session = WebServer.session(ctx);
        long id = pathId(ctx, "id");
        StopScope scope = new StopScope(session.chatId(), 0, null);
        parts.database().transact(tx -> {
            if (store.open(tx.connection(), session.chatId(), id).isEmpty()) {
                throw WebError.notFound("Answer " + id + " is not one of yours.");
            }
            parts.generations().cancelQueued(tx, scope);
            tx.afterCommit(() -> parts.answers().stop(scope));
            return null;
        });
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void vote(Context ctx) {
        WebSession session = WebServer.session(ctx);
        long answerId = pathId(ctx, "id");
        JsonNode body = body(ctx, parts);
        int value = body.path("vote").asInt(2);
        if (value < -1 || value > 1) {
            throw WebError.badRequest("A vote is 1 (👍), -1 (👎) or 0 (take it back).");
        }
        boolean found = parts.database().transact(tx -> {
            if (value == 0) {
                return parts.feedback().withdraw(tx.connection(), session.chatId(), answerId, session.userId())
                        || store.answered(tx.connection(), session.chatId(), answerId).isPresent();
            }
            Vote vote = value > 0 ? Vote.UP : Vote.DOWN;
            FeedbackStore.Outcome outcome = parts.feedback().vote(tx.connection(), session.chatId(), answerId,
                    session.userId(), vote, "web");
            if (outcome == FeedbackStore.Outcome.RECORDED || outcome == FeedbackStore.Outcome.CHANGED) {
                // A 👍 on one of two answers to a question (after 🔄 or an edit) prefers it, as in Telegram.
                parts.preferences().voteChanged(tx.connection(), session.chatId(), answerId, session.userId(), vote);
            }
            return outcome != FeedbackStore.Outcome.NOT_FOUND;
        });
        if (!found) {
            throw WebError.notFound("Answer " + answerId + " is not one of yours.");
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** 🔄: another answer to the last question, which replaces the one shown once it is written. */
    private void regenerate(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        long answerId = pathId(ctx, "id");
        long chatId = session.chatId();
        checkHourly(parts, session);
        GenerationJob job = parts.database().transact(tx -> {
            int open = parts.queries().openFor(tx.connection(), session.userId());
            if (open >= parts.maxOpen()) {
                throw WebError.tooMany("You have " + open + " answers waiting or being written; wait for them, or "
                        + "stop one.");
            }
            WebChatStore.Answered answered = store.answered(tx.connection(), chatId, answerId)
                    .orElseThrow(() -> WebError.notFound("Answer " + answerId + " is not one of yours, or was "
                            + "replaced; reload the page."));
            Optional<WebChatStore.LastQuestion> last = store.lastQuestion(tx.connection(), chatId,
                    answered.conversationId());
            if (last.isEmpty() || last.get().id() != answered.questionId()) {
                throw WebError.conflict("Only the answer to the last question can be written again.");
            }
            GenerationQueries.Answering answering = parts.queries().answering(tx.connection(), chatId,
                    answered.questionId());
            if (answering.open()) {
                throw WebError.conflict("An answer to this question is already on its way.");
            }
            return parts.newAnswers().again(tx, new Place(chatId, 0, false),
                    new Question(answered.conversationId(), answered.questionId(), null),
                    new Requester(session.userId(), language(ctx)),
                    new Origin(GenerationReason.REGENERATE, answering.currentAnswer().orElse(null)))
                    .orElseThrow(() -> WebError.conflict("An answer to this question is already on its way."));
        });
        parts.hourly().record(session.userId());
        WebServer.json(ctx, parts.json(), Map.of("generation_id", job.id()));
    }
}
