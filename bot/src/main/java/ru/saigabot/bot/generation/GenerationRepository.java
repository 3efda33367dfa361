package ru.saigabot.bot.generation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.LiveBattleStore;
import ru.saigabot.bot.store.StoredMessage;
import ru.saigabot.bot.store.Tx;
import static ru.saigabot.bot.store.Statements.one;
import static ru.saigabot.bot.store.Statements.update;

/**
 * The only code that writes {@code generation}: each transition of a request's life is one method here, so its
 * states ({@link GenerationStatus}) move one way only, and the queue's columns (the request a worker takes, its
 * lease, its result) are written here too. Reads are {@link GenerationQueries}'. Where a transition changes what
 * a conversation holds, the conversation cache is told here, once the transaction has committed.
 */
public final class GenerationRepository {
    /** Conversations are named after their first message, as /chats lists them. */
    private static final int TITLE_CHARS = 48;

    private final ConversationCache cache;
    private final LiveBattleStore battles;

    public GenerationRepository(ConversationCache cache, LiveBattleStore battles) {
        this.cache = cache;
        this.battles = battles;
    }

    /**
     * For an inference worker's process, which takes jobs and writes their results but holds no conversations:
     * its cache stays empty.
     */
    public static GenerationRepository forWorker() {
        ConversationCache none = new ConversationCache(0, Runnable::run);
        return new GenerationRepository(none, new LiveBattleStore(none));
    }

    /** A user's question to store, with the request for its answer. */
    public record NewQuestion(Place place, long conversationId, long authorId, String authorName, String language,
                              String text, long tgMessageId) {}

    /**
     * What {@link #enqueueMessage} did: stored the question and queued its request, or, when the user had
     * {@code maxOpen} requests open already, nothing.
     *
     * @param open the user's open requests before this one
     * @param job  the new request; null when refused
     */
    public record Enqueued(int open, GenerationJob job) {
        public boolean accepted() {
            return job != null;
        }
    }

    /**
     * Stores a question and queues its answer unless the user has {@code maxOpen} requests open (counting ones
     * this transaction added), in one statement: it runs once per message, on the dispatcher's path. The first
     * question names its conversation.
     */
    public Enqueued enqueueMessage(Tx tx, NewQuestion q, int maxOpen) throws SQLException {
        Place place = q.place();
        Enqueued enqueued = one(tx.connection(),
                "WITH o AS (SELECT count(*) AS n FROM generation WHERE requested_by = ? "
                        + "AND status IN ('queued', 'running')), "
                        + "m AS (INSERT INTO message (conversation_id, chat_id, role, author_id, content, tg_message_id) "
                        + "SELECT ?, ?, 'user', ?, ?, ? FROM o WHERE o.n < ? RETURNING id), "
                        + "t AS (UPDATE conversation SET title = ?, updated_at = now() WHERE id = ? AND title IS NULL "
                        + "AND EXISTS (SELECT 1 FROM m)), "
                        + "g AS (INSERT INTO generation (chat_id, conversation_id, user_message_id, requested_by) "
                        + "SELECT ?, ?, m.id, ? FROM m RETURNING user_message_id, id) "
                        + "SELECT o.n AS open, g.user_message_id AS message_id, g.id AS generation_id "
                        + "FROM o LEFT JOIN g ON true",
                row -> {
                    long messageId = row.getLong("message_id");
                    return row.wasNull() ? new Enqueued(row.getInt("open"), null)
                            : new Enqueued(row.getInt("open"), GenerationJob.queued(row.getLong("generation_id"),
                            place, new Question(q.conversationId(), messageId, q.tgMessageId()),
                            new Requester(q.authorId(), q.language()), Origin.MESSAGE));
                },
                q.authorId(), q.conversationId(), place.chatId(), q.authorId(), q.text(), q.tgMessageId(), maxOpen,
                title(q.text()), q.conversationId(), place.chatId(), q.conversationId(), q.authorId()).orElseThrow();
        if (enqueued.accepted()) {
            StoredMessage stored = new StoredMessage(enqueued.job().question().messageId(), q.conversationId(),
                    place.chatId(), "user", q.text(), q.tgMessageId(), q.authorName());
            tx.afterCommit(() -> cache.messageStored(stored));
        }
        return enqueued;
    }

    /**
     * Stores a conversation that arrives whole (an API call, an extraction) in a conversation of its own, and queues
     * the answer to its last message; empty when the requester has {@code maxOpen} requests open already.
     */
    public Optional<GenerationJob> enqueueExchange(Tx tx, NewExchange exchange, String optionsJson, int maxOpen)
            throws SQLException {
        Connection connection = tx.connection();
        long chatId = exchange.place().chatId();
        long userId = exchange.requester().userId();
        int open = one(connection, "SELECT count(*) AS n FROM generation WHERE requested_by = ? "
                + "AND status IN ('queued', 'running')", row -> row.getInt("n"), userId).orElse(0);
        if (open >= maxOpen) {
            return Optional.empty();
        }
        long conversationId = one(connection, "INSERT INTO conversation (chat_id, thread_id, title, system_prompt, "
                        + "purpose, output_schema) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", row -> row.getLong("id"),
                chatId, exchange.place().threadId(), title(exchange.question().content()), exchange.systemPrompt(),
                exchange.purpose(), exchange.outputSchema()).orElseThrow();
        Long lastUser = null;
        for (NewExchange.Turn turn : exchange.turns()) {
            long id = one(connection, "INSERT INTO message (conversation_id, chat_id, role, author_id, content, "
                            + "tg_message_id, reply_to_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    row -> row.getLong("id"), conversationId, chatId, turn.user() ? "user" : "assistant",
                    turn.user() ? userId : null, turn.content(), turn.tgMessageId(),
                    turn.user() ? null : lastUser).orElseThrow();
            if (turn.user()) {
                lastUser = id;
            }
        }
        long questionId = lastUser;
        long generationId = one(connection, "INSERT INTO generation (chat_id, conversation_id, user_message_id, "
                        + "requested_by, request_options) VALUES (?, ?, ?, ?, ?::jsonb) RETURNING id",
                row -> row.getLong("id"), chatId, conversationId, questionId, userId, optionsJson).orElseThrow();
        return Optional.of(GenerationJob.queued(generationId, exchange.place(),
                new Question(conversationId, questionId, exchange.question().tgMessageId()), exchange.requester(),
                Origin.MESSAGE, ConversationPurpose.fromDb(exchange.purpose())));
    }

    /** Deletes an exchange's conversation, with its messages and request, once it has been answered. */
    public void deleteExchange(Tx tx, long conversationId) throws SQLException {
        update(tx.connection(), "DELETE FROM conversation WHERE id = ? AND purpose = 'api_unstored'", conversationId);
        tx.afterCommit(() -> cache.turnsChanged(conversationId));
    }

    /** Deletes the unstored exchanges a previous run left behind (it stopped while their callers waited). */
    public int deleteLeftExchanges(Connection connection) throws SQLException {
        return update(connection, "DELETE FROM conversation WHERE purpose = 'api_unstored'");
    }

    /**
     * Queues another answer to a stored question (🔄, or the question was edited). Empty when an answer to it is
     * already open: pressing 🔄 twice starts one generation. The answer is shown as its conversation's purpose says
     * (an extraction's as JSON), read in the same statement.
     */
    public Optional<GenerationJob> enqueueAnswer(Tx tx, Place place, Question question, Requester requester,
                                                 Origin origin) throws SQLException {
        return one(tx.connection(), "INSERT INTO generation (chat_id, conversation_id, user_message_id, requested_by, "
                        + "reason, replaces_message_id) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (user_message_id) WHERE status IN ('queued', 'running') AND arena_side IS NULL "
                        + "DO NOTHING RETURNING id, (SELECT c.purpose FROM conversation c "
                        + "WHERE c.id = generation.conversation_id) AS purpose",
                row -> GenerationJob.queued(row.getLong("id"), place, question, requester, origin,
                        ConversationPurpose.fromDb(row.getString("purpose"))),
                place.chatId(), question.conversationId(), question.messageId(), requester.userId(),
                origin.reason().dbName(), origin.replacesMessageId());
    }

    /**
     * Turns a request queued in this transaction into side {@code first} of a live battle, shown as "A", and queues
     * the other side after it, shown as "B". Returns both, in the order the chat's lane runs them.
     */
    public List<GenerationJob> makeBattle(Tx tx, GenerationJob queued, long taskId, long voteId, ArenaSide first)
            throws SQLException {
        update(tx.connection(), "UPDATE generation SET reason = 'arena', arena_task_id = ?, arena_side = ?, "
                + "arena_shown = 'A' WHERE id = ?", taskId, first.dbName(), queued.id());
        long second = one(tx.connection(), "INSERT INTO generation (chat_id, conversation_id, user_message_id, "
                        + "requested_by, reason, arena_task_id, arena_side, arena_shown) "
                        + "VALUES (?, ?, ?, ?, 'arena', ?, ?, 'B') RETURNING id", row -> row.getLong("id"),
                queued.chatId(), queued.conversationId(), queued.question().messageId(), queued.requester().userId(),
                taskId, first.other().dbName()).orElseThrow();
        return List.of(queued.asArena(new ArenaTurn(taskId, first, true, voteId)),
                GenerationJob.queued(second, queued.place(), queued.question(), queued.requester(), Origin.MESSAGE,
                        queued.purpose()).asArena(new ArenaTurn(taskId, first.other(), false, voteId)));
    }

    /** Queued requests that will not run (/stop): cancelled. Running ones are stopped elsewhere. */
    public int cancelQueued(Tx tx, StopScope scope) throws SQLException {
        return update(tx.connection(), "UPDATE generation g SET status = 'cancelled', finished_at = now() "
                + "FROM conversation c WHERE g.chat_id = ? AND g.status = 'queued' AND c.id = g.conversation_id "
                + "AND c.thread_id = ? AND (?::bigint IS NULL OR g.requested_by = ?)", scope.chatId(), scope.threadId(),
                scope.requestedBy(), scope.requestedBy());
    }

    /**
     * queued (or running, when resumed) → running, shown in {@code placeholderTgMessageId} (null: a draft). False
     * when the request is gone (/forget, retention) or already ended. One auto-committed statement that commits
     * without waiting for the disk (its set_config is local to the statement's own transaction): after a crash
     * the request is open either way, only a second placeholder could appear.
     */
    public boolean start(Connection connection, long id, Long placeholderTgMessageId) throws SQLException {
        return update(connection, "UPDATE generation SET status = 'running', started_at = now(), "
                + "attempts = attempts + 1, placeholder_tg_message_id = ? WHERE id = ? "
                + "AND status IN ('queued', 'running') AND set_config('synchronous_commit', 'off', true) IS NOT NULL",
                placeholderTgMessageId, id) == 1;
    }

    /**
     * queued or running → failed, with no answer (refused, failed in the engine, or nobody to show it to); a request
     * that was cancelled or has ended meanwhile stays as it is.
     */
    public void fail(Connection connection, long id, String error) throws SQLException {
        update(connection, "UPDATE generation SET status = 'failed', last_error = ?, finished_at = now() WHERE id = ? "
                + "AND status IN ('queued', 'running')", error, id);
    }

    /**
     * running → done (or failed, when there was nothing to show): stores the answer as shown, supersedes the
     * answer it replaces, and closes the request, in one statement; a live battle's side also fills its task, in
     * the same transaction. Returns the answer's id.
     *
     * @throws RequestEnded when the request is no longer running (deleted with its question, or ended): nothing
     *                      is stored
     */
    public long finish(Tx tx, GenerationJob job, FinishedAnswer answer) throws SQLException {
        var stats = answer.stats();
        String error = answer.error();
        long answerId = one(tx.connection(),
                "WITH a AS (INSERT INTO message (conversation_id, chat_id, role, content, tg_message_id, reply_to_id, "
                        + "status, model, params, prompt_tokens, completion_tokens, queue_ms, ttft_ms, duration_ms, "
                        + "cached_prompt_tokens, dropped_turns) "
                        + "SELECT ?, ?, 'assistant', ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ? "
                        + "WHERE EXISTS (SELECT 1 FROM generation WHERE id = ? AND status = 'running') RETURNING id), "
                        // A regenerated or re-answered reply takes the place of the one it replaces.
                        + "s AS (UPDATE message SET superseded_at = now() FROM generation r "
                        + "WHERE r.id = ? AND message.id = r.replaces_message_id AND message.chat_id = ? "
                        + "AND ?::text IS NULL) "
                        + "UPDATE generation g SET status = CASE WHEN ?::text IS NULL THEN 'done' ELSE 'failed' END, "
                        + "answer_message_id = a.id, last_error = ?, finished_at = now() FROM a WHERE g.id = ? "
                        + "RETURNING a.id AS answer_id",
                row -> row.getLong("answer_id"),
                job.conversationId(), job.chatId(), answer.text(), answer.shownIn(), job.question().messageId(),
                answer.status().dbName(), answer.model(), answer.paramsJson(), stats.promptTokens(),
                stats.generatedTokens(), millis(stats.queueWait()), millis(stats.timeToFirstToken()),
                millis(stats.total()), stats.cachedPromptTokens(), stats.droppedTurns(), job.id(), job.id(), job.chatId(),
                error, error,
                error, job.id()).orElseThrow(() -> new RequestEnded("generation " + job.id() + " of chat "
                + job.chatId() + " is no longer running: deleted meanwhile, or ended"));
        if (error != null) {
            return answerId;
        }
        ArenaTurn arena = job.arena();
        if (arena != null) {
            battles.liveAnswered(tx.connection(), arena.taskId(), arena.side().dbName(), answer.text(), answerId,
                    arena.shownFirst());
        }
        StoredMessage stored = StoredMessage.answer(answerId, job.conversationId(), job.chatId(), answer.text(),
                answer.shownIn(), job.question().messageId());
        // Answer "B" of a battle waits superseded until it is chosen; a replaced answer left the conversation.
        boolean turnsChanged = job.origin().replacesMessageId() != null || (arena != null && !arena.shownFirst());
        tx.afterCommit(() -> {
            cache.messageStored(stored);
            if (turnsChanged) {
                cache.turnsChanged(job.conversationId());
            }
        });
        return answerId;
    }

    /** What {@link #publish} did: the attempt the bot follows, and whether the request is new to the queue. */
    public record Published(int attempt, boolean fresh) {}

    /**
     * A running request offered to inference workers, to be claimed at most {@code maxClaims} times. The same request
     * published again (the bot restarted while a worker ran it) is adopted, not redone, and keeps the claims it has
     * used; a different one bumps the attempt, so whatever a worker still writes for the old one is refused, and
     * starts with no claims used.
     */
    public Published publish(Connection tx, long id, String requestJson, int maxClaims) throws SQLException {
        Optional<Integer> adopted = one(tx, "SELECT inference_attempt - (worker_id IS NOT NULL)::int AS attempt "
                        + "FROM generation WHERE id = ? AND inference_request = ?::jsonb AND inference_result IS NULL "
                        + "FOR UPDATE", row -> row.getInt("attempt"), id, requestJson);
        if (adopted.isPresent()) {
            return new Published(adopted.get(), false);
        }
        return new Published(one(tx, "UPDATE generation SET inference_request = ?::jsonb, inference_result = NULL, "
                        + "worker_id = NULL, lease_until = NULL, inference_attempt = inference_attempt + 1, "
                        + "inference_claims = 0, inference_claim_limit = ? WHERE id = ? RETURNING inference_attempt",
                row -> row.getInt("inference_attempt"), requestJson, maxClaims, id)
                .orElseThrow(() -> new SQLException("generation " + id + " does not exist: it cannot be published")),
                true);
    }

    /**
     * A worker takes the next request whose lease is free or expired and that has claims left (a job whose workers
     * used them all up is the bot's to fail, see {@link #giveUp}). Fair like the local scheduler as far as SQL
     * allows: an admin's request first, then the requester with the fewest jobs leased right now, then the oldest.
     */
    public Optional<QueueClaim> claim(Connection tx, String workerId, int leaseSeconds) throws SQLException {
        return one(tx, "WITH next AS (SELECT g.id FROM generation g "
                        + "WHERE g.inference_request IS NOT NULL AND g.inference_result IS NULL AND g.status = 'running' "
                        + "AND (g.lease_until IS NULL OR g.lease_until < now()) "
                        + "AND g.inference_claims < g.inference_claim_limit "
                        + "ORDER BY g.inference_request @> '{\"priority\": true}' DESC, "
                        + "(SELECT count(*) FROM generation r WHERE r.requested_by = g.requested_by "
                        + "AND r.inference_result IS NULL AND r.lease_until >= now()), g.id "
                        + "LIMIT 1 FOR UPDATE SKIP LOCKED) "
                        + "UPDATE generation g SET worker_id = ?, lease_until = now() + make_interval(secs => ?), "
                        + "inference_attempt = g.inference_attempt + 1, inference_claims = g.inference_claims + 1 "
                        + "FROM next WHERE g.id = next.id "
                        + "RETURNING g.id, g.inference_attempt, g.inference_request::text AS request",
                row -> new QueueClaim(row.getLong("id"), row.getInt("inference_attempt"), row.getString("request")),
                workerId, leaseSeconds);
    }

    /** Extends a lease; false unless {@code workerId} holds it with this claim's attempt and the job is open. */
    public boolean renewLease(Connection tx, QueueClaim claim, String workerId, int leaseSeconds) throws SQLException {
        return update(tx, "UPDATE generation SET lease_until = now() + make_interval(secs => ?) WHERE id = ? "
                        + "AND inference_attempt = ? AND worker_id = ? AND inference_result IS NULL", leaseSeconds,
                claim.generationId(), claim.attempt(), workerId) == 1;
    }

    /** A worker's result; false unless {@code workerId} holds the job with this claim's attempt and it is open. */
    public boolean writeResult(Connection tx, QueueClaim claim, String workerId, String resultJson)
            throws SQLException {
        return update(tx, "UPDATE generation SET inference_result = ?::jsonb, lease_until = NULL WHERE id = ? "
                + "AND inference_attempt = ? AND worker_id = ? AND inference_result IS NULL", resultJson,
                claim.generationId(), claim.attempt(), workerId) == 1;
    }

    /**
     * The bot ends a job whose workers used up its claims, with a failure as its result; false (nothing changed)
     * while the last claim's lease runs, or once its worker answered after all.
     */
    public boolean giveUp(Connection tx, long id, String resultJson) throws SQLException {
        return update(tx, "UPDATE generation SET inference_result = ?::jsonb, lease_until = NULL WHERE id = ? "
                + "AND inference_result IS NULL AND inference_claims >= inference_claim_limit "
                + "AND lease_until < now()", resultJson, id) == 1;
    }

    /** The bot ends a job itself (/stop, an edited question): its worker sees the result and stops. */
    public void abandon(Connection tx, long id, String resultJson) throws SQLException {
        update(tx, "UPDATE generation SET inference_result = ?::jsonb, lease_until = NULL WHERE id = ? "
                + "AND inference_result IS NULL", resultJson, id);
        dropRequest(tx, id);
    }

    /** Drops the queue's copy of the prompt once the answer is taken (it is chat text: kept no longer). */
    public void dropRequest(Connection tx, long id) throws SQLException {
        update(tx, "UPDATE generation SET inference_request = NULL WHERE id = ?", id);
    }

    private static int millis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    static String title(String content) {
        String oneLine = content.strip().replaceAll("\\s+", " ");
        if (oneLine.length() <= TITLE_CHARS) {
            return oneLine;
        }
        int cut = TITLE_CHARS - 1;
        if (Character.isLowSurrogate(oneLine.charAt(cut))) {
            cut--;
        }
        return oneLine.substring(0, cut) + "…";
    }
}
