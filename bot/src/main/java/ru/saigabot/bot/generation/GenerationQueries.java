package ru.saigabot.bot.generation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import ru.saigabot.bot.store.ChatKind;
import static ru.saigabot.bot.store.Statements.list;
import static ru.saigabot.bot.store.Statements.nullableLong;
import static ru.saigabot.bot.store.Statements.one;

/** Reads of requests for answers; every read of one request is scoped by chat. */
public final class GenerationQueries {
    private static final String SELECT = "SELECT g.id, g.chat_id, c.thread_id, g.conversation_id, g.user_message_id, "
            + "m.tg_message_id AS question_tg_message_id, g.requested_by, g.status, g.placeholder_tg_message_id, "
            + "g.attempts, u.language_code, g.reason, g.replaces_message_id, ch.kind AS chat_kind, g.arena_task_id, "
            + "g.arena_side, g.arena_shown, av.id AS vote_id, c.purpose "
            + "FROM generation g JOIN conversation c ON c.id = g.conversation_id "
            + "JOIN message m ON m.id = g.user_message_id JOIN chat ch ON ch.id = g.chat_id "
            + "LEFT JOIN tg_user u ON u.id = g.requested_by "
            + "LEFT JOIN arena_vote av ON av.task_id = g.arena_task_id AND av.annotator_id = g.requested_by ";

    /** A request of this chat, with what answering it again or stopping it needs. */
    public Optional<GenerationJob> find(Connection connection, long chatId, long generationId) throws SQLException {
        return one(connection, SELECT + "WHERE g.id = ? AND g.chat_id = ?", GenerationQueries::job, generationId,
                chatId);
    }

    /** Requests accepted and not answered, oldest first: after a restart these are run again. */
    public List<GenerationJob> open(Connection connection) throws SQLException {
        return list(connection, SELECT + "WHERE g.status IN ('queued', 'running') ORDER BY g.id",
                GenerationQueries::job);
    }

    /** Whether anyone but {@code requester} has a request waiting or running in this chat's topic. */
    public boolean othersOpen(Connection connection, long chatId, long threadId, Long requester) throws SQLException {
        return one(connection, "SELECT EXISTS (SELECT 1 FROM generation g JOIN conversation c ON c.id = "
                        + "g.conversation_id WHERE g.chat_id = ? AND c.thread_id = ? AND g.status IN ('queued', 'running') "
                        + "AND g.requested_by IS DISTINCT FROM ?) AS open", row -> row.getBoolean("open"), chatId,
                threadId, requester).orElseThrow();
    }

    /** A user's requests waiting or running, including ones this transaction just added. */
    public int openFor(Connection connection, long userId) throws SQLException {
        return one(connection, "SELECT count(*) AS n FROM generation WHERE requested_by = ? "
                + "AND status IN ('queued', 'running')", row -> row.getInt("n"), userId).orElseThrow();
    }

    /** Requests offered to inference workers and not yet claimed: the queue in front of the workers. */
    public int unclaimed(Connection connection) throws SQLException {
        return one(connection, "SELECT count(*) AS n FROM generation WHERE inference_request IS NOT NULL "
                + "AND inference_result IS NULL AND status = 'running' AND worker_id IS NULL", row -> row.getInt("n"))
                .orElseThrow();
    }

    /** 1 for the next request a worker will claim (claims go oldest first within equal load). */
    public int placeAmongUnclaimed(Connection connection, long generationId) throws SQLException {
        return Math.max(1, one(connection, "SELECT count(*) AS n FROM generation WHERE inference_request IS NOT NULL "
                + "AND inference_result IS NULL AND status = 'running' AND worker_id IS NULL AND id <= ?",
                row -> row.getInt("n"), generationId).orElseThrow());
    }

    /**
     * What a 👍/👎 button refers to: the request's answer (null until it is stored) and its status, read in one
     * statement so the two agree.
     */
    public record AnswerState(Long answerMessageId, GenerationStatus status) {
        /** Still being written or stored: the button came a moment early. */
        public boolean pending() {
            return answerMessageId == null && status.open();
        }
    }

    /** Empty when the request is not {@code chatId}'s: callbacks are scoped by chat. */
    public Optional<AnswerState> answerOf(Connection connection, long chatId, long generationId) throws SQLException {
        return one(connection, "SELECT answer_message_id, status FROM generation WHERE id = ? AND chat_id = ?",
                row -> new AnswerState(nullableLong(row, "answer_message_id"),
                        GenerationStatus.fromDb(row.getString("status"))), generationId, chatId);
    }

    /**
     * What answers a question at this moment.
     *
     * @param openGenerationId its queued or running ordinary answer request; null when there is none
     * @param running          whether that request has started; a queued one is locked until the transaction ends
     * @param currentAnswerId  its stored answer that a new one would replace; null when there is none
     */
    public record Answering(Long openGenerationId, boolean running, Long currentAnswerId) {
        public boolean open() {
            return openGenerationId != null;
        }

        public Optional<Long> currentAnswer() {
            return Optional.ofNullable(currentAnswerId);
        }
    }

    /**
     * Reads what answers a question before 🔄 or an edit answers it again.
     * <ul>
     * <li>The request is read before the stored answer: a request that is no longer open stored its answer in the
     * statement that closed it, so the later read sees it (the other way round, both reads could miss an answer
     * committed in between, and the new answer would not replace it).</li>
     * <li>A queued request is locked, so it cannot start, and read the message, before the transaction ends: it
     * starts with the text the transaction leaves.</li>
     * <li>A running one is not locked: stopping it (an edit) closes its row from another connection, which would
     * wait for this transaction, itself waiting for the stop.</li>
     * </ul>
     */
    public Answering answering(Connection tx, long chatId, long questionId) throws SQLException {
        Answering open = openRequest(tx, chatId, questionId);
        if (open.open() && !open.running() && !lockQueued(tx, open.openGenerationId())) {
            open = openRequest(tx, chatId, questionId); // it started (or ended) meanwhile
        }
        Long answer = one(tx, "SELECT id FROM message WHERE chat_id = ? AND reply_to_id = ? AND role = 'assistant' "
                        + "AND superseded_at IS NULL AND status <> 'failed' ORDER BY id DESC LIMIT 1",
                row -> row.getLong("id"), chatId, questionId).orElse(null);
        return new Answering(open.openGenerationId(), open.running(), answer);
    }

    private static Answering openRequest(Connection tx, long chatId, long questionId) throws SQLException {
        return one(tx, "SELECT id, status = 'running' AS running FROM generation WHERE chat_id = ? "
                        + "AND user_message_id = ? AND status IN ('queued', 'running') AND arena_side IS NULL",
                row -> new Answering(row.getLong("id"), row.getBoolean("running"), null), chatId, questionId)
                .orElse(new Answering(null, false, null));
    }

    /** False when the request is no longer queued (a start in progress is waited for). */
    private static boolean lockQueued(Connection tx, long generationId) throws SQLException {
        return one(tx, "SELECT 1 FROM generation WHERE id = ? AND status = 'queued' FOR NO KEY UPDATE",
                row -> true, generationId).isPresent();
    }

    private static GenerationJob job(ResultSet row) throws SQLException {
        Long task = nullableLong(row, "arena_task_id");
        Long vote = nullableLong(row, "vote_id");
        String side = row.getString("arena_side");
        ArenaTurn arena = task == null || vote == null || side == null ? null
                : new ArenaTurn(task, ArenaSide.fromDb(side), "A".equals(row.getString("arena_shown")), vote);
        return new GenerationJob(row.getLong("id"),
                new Place(row.getLong("chat_id"), row.getLong("thread_id"), ChatKind.of(row.getString("chat_kind")) != ChatKind.PRIVATE),
                new Question(row.getLong("conversation_id"), row.getLong("user_message_id"),
                        nullableLong(row, "question_tg_message_id")),
                new Requester(nullableLong(row, "requested_by"), row.getString("language_code")),
                new Origin(GenerationReason.fromDb(row.getString("reason")), nullableLong(row, "replaces_message_id")),
                new JobState(GenerationStatus.fromDb(row.getString("status")),
                        nullableLong(row, "placeholder_tg_message_id"), row.getInt("attempts")),
                arena, ConversationPurpose.fromDb(row.getString("purpose")));
    }
}
