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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.arena.Choice;
import ru.saigabot.bot.arena.Shown;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.store.ArenaStore;
import ru.saigabot.bot.store.LiveBattleStore;
import ru.saigabot.bot.web.WebError;
import ru.saigabot.bot.web.WebRoutes;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.session.WebSession;

/**
 * The arena on the page, with Telegram's buttons and rules. A live battle ({@code /arena} in Telegram): a question
 * answered by both arena variants, "A" first, then one vote that lets the chosen answer continue the conversation.
 * Annotation ({@code /annotate}): prepared tasks one at a time, blinded the same way, with skip.
 *
 * <p>Choices are sent in the terms the person saw: {@code a} is the answer shown as A (first, on the left), whatever
 * variant wrote it; the order recorded when it was shown turns it into the task's terms, exactly as a Telegram button
 * press is turned ({@link Shown#toChoice}). Votes go through the same store methods as Telegram's, so they land in
 * the same rows and the arena report and the training export count them alike.
 *
 * <p>Who may take part: Telegram serves /arena and /annotate to every user the access rules serve, in private chats.
 * A web user is always in a private chat of their own, and is served because the operator invited them: an invite is
 * the web's allowlist ({@code --allow} lists Telegram ids and cannot name a web user), so no further check applies.
 */
public final class ArenaEndpoints implements WebRoutes {
    private static final Logger log = LoggerFactory.getLogger(ArenaEndpoints.class);
    /** The page's words for the buttons, in the person's terms. */
    private static final Map<String, Shown> CHOICES = Map.of("a", Shown.LEFT, "b", Shown.RIGHT, "tie", Shown.TIE,
            "both_bad", Shown.BOTH_BAD, "skip", Shown.SKIP);

    private final WebChatParts parts;
    private final LiveBattleStore battles;
    private final int overlap;
    private final BooleanSupplier leftIsA;
    private final ArenaStore arena = new ArenaStore();
    private final WebArenaStore store = new WebArenaStore();
    private final WebChatStore chats = new WebChatStore();

    /**
     * @param overlap votes each annotation task collects ({@code --arena-overlap})
     * @param leftIsA draws whether a task's variant a is shown as "A" (the bot's arena order, as /annotate's)
     */
    public ArenaEndpoints(WebChatParts parts, LiveBattleStore battles, int overlap, BooleanSupplier leftIsA) {
        this.parts = parts;
        this.battles = battles;
        this.overlap = overlap;
        this.leftIsA = leftIsA;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/web/api/conversations/{id}/battle", this::ask);
        routes.get("/web/api/battles/{voteId}", this::show);
        routes.post("/web/api/battles/{voteId}/vote", this::vote);
        routes.get("/web/api/annotate/next", this::next);
        routes.post("/web/api/annotate/{voteId}", this::annotate);
    }

    /**
     * Asks a question as a live battle: stored and queued as any question, then answered by both variants. The arena
     * always has its two variants (without --arena-a/--arena-b: the served model, and it with its adapter or at a
     * higher temperature), so a battle is never refused for want of them.
     */
    private void ask(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        long conversationId = pathId(ctx, "id");
        String text = ConversationEndpoints.question(ctx, parts);
        checkHourly(parts, session);
        WebArenaStore.Battle battle = parts.database().transact(tx -> {
            if (!chats.owns(tx.connection(), session.chatId(), conversationId)) {
                throw WebError.notFound("Conversation " + conversationId + " is not one of yours, or was deleted.");
            }
            GenerationRepository.Enqueued enqueued = parts.newAnswers().ask(tx, new GenerationRepository.NewQuestion(
                    new Place(session.chatId(), 0, false), conversationId, session.userId(), null,
                    language(ctx), text, 0), parts.maxOpen(), true);
            if (!enqueued.accepted()) {
                throw WebError.tooMany("You have " + enqueued.open() + " answers waiting or being written; wait for "
                        + "them, or stop one.");
            }
            long voteId = store.battleOf(tx.connection(), session.chatId(), enqueued.job().question().messageId())
                    .orElseThrow(() -> new IllegalStateException("question " + enqueued.job().question().messageId()
                            + " was asked as a battle but has none"));
            return battle(tx.connection(), session, voteId);
        });
        parts.hourly().record(session.userId()); // one question, as a Telegram battle counts one
        log.info("web battle asked: web_user_id={} vote_id={}", session.webUserId(), battle.voteId());
        WebServer.json(ctx, parts.json(), battleBody(battle));
    }

    private void show(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        long voteId = pathId(ctx, "voteId");
        WebServer.json(ctx, parts.json(), battleBody(parts.database().query(connection ->
                battle(connection, session, voteId))));
    }

    /** The vote under a battle: recorded only once both answers are written, as Telegram shows its buttons then. */
    private void vote(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        long voteId = pathId(ctx, "voteId");
        Shown shown = choice(ctx, false);
        WebArenaStore.Battle voted = parts.database().transact(tx -> {
            Connection connection = tx.connection();
            // Locks the vote row first: of two presses at once, the second sees the first's vote.
            boolean leftIsAOfBattle = arena.leftIsA(connection, voteId, session.userId())
                    .orElseThrow(() -> notYourBattle(voteId));
            WebArenaStore.Battle battle = battle(connection, session, voteId);
            if (battle.choice() != null) {
                throw WebError.conflict("You already voted on this battle.");
            }
            if (battle.open()) {
                throw WebError.conflict("Both answers are still being written; choose once they are done.");
            }
            if (!battle.answered()) {
                throw WebError.conflict("This battle has no two answers to compare (one was stopped before it "
                        + "began, or failed); ask the question again.");
            }
            Choice choice = shown.toChoice(leftIsAOfBattle);
            if (arena.vote(connection, voteId, session.userId(), choice.id()) != ArenaStore.VoteOutcome.RECORDED) {
                throw WebError.conflict("You already voted on this battle.");
            }
            // The chosen answer continues the conversation (a tie or "both bad" keeps answer A), as in Telegram.
            battles.chooseLive(tx, voteId, choice.id());
            log.info("arena vote: vote_id={} user_id={} choice={} surface=web", voteId, session.userId(),
                    choice.id());
            return battle(connection, session, voteId);
        });
        WebServer.json(ctx, parts.json(), battleBody(voted));
    }

    /**
     * The web user's open annotation task, or the next one (assigned now, with its A/B order drawn and recorded, as
     * /annotate does). A GET that assigns: like /annotate, showing a task is what reserves it, and the page asks
     * for it only when it shows it.
     */
    private void next(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        Optional<ArenaStore.Assignment> task = parts.database().transact(tx -> {
            Optional<ArenaStore.Assignment> open = arena.openAssignment(tx.connection(), session.userId());
            return open.isPresent() ? open : arena.assignNext(tx.connection(), session.userId(), overlap,
                    leftIsA.getAsBoolean());
        });
        Map<String, Object> body = new HashMap<>();
        body.put("task", task.map(ArenaEndpoints::taskBody).orElse(null));
        WebServer.json(ctx, parts.json(), body);
    }

    /** A vote (or skip) on an annotation task; the answer carries the next task, as Telegram shows it at once. */
    private void annotate(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        long voteId = pathId(ctx, "voteId");
        Shown shown = choice(ctx, true);
        Map<String, Object> body = parts.database().transact(tx -> {
            Connection connection = tx.connection();
            if (!store.isTask(connection, session.userId(), voteId)) {
                throw WebError.notFound("Task " + voteId + " is not one shown to you; open the next task.");
            }
            boolean leftIsAOfTask = arena.leftIsA(connection, voteId, session.userId())
                    .orElseThrow(() -> WebError.notFound("Task " + voteId + " is not one shown to you."));
            Choice choice = shown.toChoice(leftIsAOfTask);
            if (arena.vote(connection, voteId, session.userId(), choice.id()) != ArenaStore.VoteOutcome.RECORDED) {
                throw WebError.conflict("You already answered this task.");
            }
            log.info("arena vote: vote_id={} user_id={} choice={} surface=web", voteId, session.userId(),
                    choice.id());
            Optional<ArenaStore.Assignment> next = arena.assignNext(connection, session.userId(), overlap,
                    leftIsA.getAsBoolean());
            Map<String, Object> answer = new HashMap<>();
            answer.put("recorded", choice == Choice.SKIPPED ? "skipped" : "voted");
            answer.put("next", next.map(ArenaEndpoints::taskBody).orElse(null));
            return answer;
        });
        WebServer.json(ctx, parts.json(), body);
    }

    private WebArenaStore.Battle battle(Connection connection, WebSession session, long voteId) throws SQLException {
        return store.battle(connection, session.chatId(), session.userId(), voteId)
                .orElseThrow(() -> notYourBattle(voteId));
    }

    private static WebError notYourBattle(long voteId) {
        return WebError.notFound("Battle " + voteId + " is not one of yours.");
    }

    /** The button pressed; skip only where Telegram offers it (annotation tasks, not live battles). */
    private Shown choice(Context ctx, boolean skip) {
        JsonNode body = body(ctx, parts);
        Shown shown = CHOICES.get(body.path("choice").asText(""));
        if (shown == null || (shown == Shown.SKIP && !skip)) {
            throw WebError.badRequest("A choice is \"a\" (answer A is better), \"b\", \"tie\" or \"both_bad\""
                    + (skip ? ", or \"skip\"." : "."));
        }
        return shown;
    }

    private static Map<String, Object> battleBody(WebArenaStore.Battle battle) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vote_id", battle.voteId());
        body.put("conversation_id", battle.conversationId());
        body.put("prompt", battle.prompt());
        body.put("choice", battle.choice());
        body.put("generation_ids", battle.sides().stream().map(WebArenaStore.Side::generationId).toList());
        body.put("sides", battle.sides().stream().map(side -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("label", side.label());
            shown.put("generation_id", side.generationId());
            shown.put("status", side.status());
            shown.put("message_id", side.messageId());
            shown.put("content", side.content());
            shown.put("answer_status", side.answerStatus());
            return shown;
        }).toList());
        return body;
    }

    private static Map<String, Object> taskBody(ArenaStore.Assignment task) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vote_id", task.voteId());
        body.put("task_id", task.taskId());
        body.put("prompt", task.prompt());
        body.put("shown_a", task.shownA());
        body.put("shown_b", task.shownB());
        return body;
    }
}
