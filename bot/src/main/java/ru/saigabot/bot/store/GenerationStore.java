package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Requests for answers: queued when a message is handled, done when the answer is delivered. */
public final class GenerationStore {
    private static final String SELECT = "SELECT g.id, g.chat_id, c.thread_id, g.conversation_id, g.user_message_id, "
            + "m.tg_message_id, g.requested_by, g.status, g.placeholder_tg_message_id, g.attempts, u.language_code, "
            + "g.reason, g.replaces_message_id, ch.kind, g.arena_task_id, g.arena_side, g.arena_shown, av.id "
            + "FROM generation g JOIN conversation c ON c.id = g.conversation_id "
            + "JOIN message m ON m.id = g.user_message_id JOIN chat ch ON ch.id = g.chat_id "
            + "LEFT JOIN tg_user u ON u.id = g.requested_by "
            + "LEFT JOIN arena_vote av ON av.task_id = g.arena_task_id AND av.annotator_id = g.requested_by ";

    /** The ids a new user message and its answer request got. */
    public record NewRequest(long messageId, long generationId) {}

    /** Conversations are named after their first message, as /chats lists them. */
    private static final int TITLE_CHARS = 48;

    /**
     * What {@link #enqueueMessage} did: stored the message and queued its request, or, when the user had
     * {@code maxOpen} requests waiting or running already, nothing.
     *
     * @param open    the user's requests waiting or running before this one
     * @param request the new message and request; null when refused
     */
    public record Enqueued(int open, NewRequest request) {
        public boolean accepted() {
            return request != null;
        }
    }

    /**
     * Stores a user's message and queues the request for its answer unless the user has {@code maxOpen}
     * requests open already (counting ones this transaction just added), in one round trip: it is on the
     * dispatcher's path, once per message. The message names its conversation when it is the first.
     */
    public Enqueued enqueueMessage(Connection tx, long conversationId, long chatId, long authorId, String content,
                                   long tgMessageId, int maxOpen) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "WITH o AS (SELECT count(*) AS n FROM generation WHERE requested_by = ? "
                        + "AND status IN ('queued', 'running')), "
                        + "m AS (INSERT INTO message (conversation_id, chat_id, role, author_id, content, tg_message_id) "
                        + "SELECT ?, ?, 'user', ?, ?, ? FROM o WHERE o.n < ? RETURNING id), "
                        + "t AS (UPDATE conversation SET title = ?, updated_at = now() WHERE id = ? AND title IS NULL "
                        + "AND EXISTS (SELECT 1 FROM m)), "
                        + "g AS (INSERT INTO generation (chat_id, conversation_id, user_message_id, requested_by) "
                        + "SELECT ?, ?, m.id, ? FROM m RETURNING user_message_id, id) "
                        + "SELECT o.n, g.user_message_id, g.id FROM o LEFT JOIN g ON true")) {
            statement.setLong(1, authorId);
            statement.setLong(2, conversationId);
            statement.setLong(3, chatId);
            statement.setLong(4, authorId);
            statement.setString(5, content);
            statement.setLong(6, tgMessageId);
            statement.setInt(7, maxOpen);
            statement.setString(8, title(content));
            statement.setLong(9, conversationId);
            statement.setLong(10, chatId);
            statement.setLong(11, conversationId);
            statement.setLong(12, authorId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                int open = row.getInt(1);
                long messageId = row.getLong(2);
                return row.wasNull() ? new Enqueued(open, null)
                        : new Enqueued(open, new NewRequest(messageId, row.getLong(3)));
            }
        }
    }

    /** A group message the bot was not asked about: kept as context for when it is. Returns its id. */
    public long addContextMessage(Connection tx, long conversationId, long chatId, long authorId, String content,
                                  long tgMessageId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO message (conversation_id, chat_id, role, author_id, content, tg_message_id) "
                        + "VALUES (?, ?, 'user', ?, ?, ?) RETURNING id")) {
            statement.setLong(1, conversationId);
            statement.setLong(2, chatId);
            statement.setLong(3, authorId);
            statement.setString(4, content);
            statement.setLong(5, tgMessageId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /**
     * Queues another answer to a stored user message (🔄, or the message was edited). Empty when an
     * answer to it is already queued or running: pressing 🔄 twice starts one generation.
     */
    public Optional<Long> enqueueAnswer(Connection tx, long chatId, long conversationId, long userMessageId,
                                        long requestedBy, String reason, Long replacesMessageId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO generation (chat_id, conversation_id, user_message_id, requested_by, reason, "
                        + "replaces_message_id) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (user_message_id) WHERE status IN ('queued', 'running') AND arena_side IS NULL "
                        + "DO NOTHING RETURNING id")) {
            statement.setLong(1, chatId);
            statement.setLong(2, conversationId);
            statement.setLong(3, userMessageId);
            statement.setLong(4, requestedBy);
            statement.setString(5, reason);
            if (replacesMessageId == null) {
                statement.setNull(6, java.sql.Types.BIGINT);
            } else {
                statement.setLong(6, replacesMessageId);
            }
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * What answers a user message at this moment.
     *
     * @param openGenerationId its queued or running ordinary answer request; null when there is none
     * @param running          whether that request's generation has started; a queued one is locked until the
     *                         transaction ends
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
     * Reads what answers a user message before 🔄 or an edit answers it again.
     * <ul>
     * <li>The request is read before the stored answer: a request that is no longer open stored its answer in
     * the statement that closed it, so the later read sees it (the other way round, both reads could miss
     * an answer committed in between, and the new answer would not replace it).</li>
     * <li>A queued request is locked, so it cannot start, and read the message, before the transaction
     * ends: it starts with the text the transaction leaves.</li>
     * <li>A running one is not locked: stopping it (an edit) closes its row from another connection, which
     * would wait for this transaction, itself waiting for the stop.</li>
     * </ul>
     */
    public Answering answering(Connection tx, long chatId, long userMessageId) throws SQLException {
        Answering open = openRequest(tx, chatId, userMessageId);
        if (open.open() && !open.running() && !lockQueued(tx, open.openGenerationId())) {
            open = openRequest(tx, chatId, userMessageId); // it started (or ended) meanwhile
        }
        try (PreparedStatement statement = tx.prepareStatement(
                "SELECT id FROM message WHERE chat_id = ? AND reply_to_id = ? AND role = 'assistant' "
                        + "AND superseded_at IS NULL AND status <> 'failed' ORDER BY id DESC LIMIT 1")) {
            statement.setLong(1, chatId);
            statement.setLong(2, userMessageId);
            try (ResultSet row = statement.executeQuery()) {
                return new Answering(open.openGenerationId(), open.running(), row.next() ? row.getLong(1) : null);
            }
        }
    }

    private static Answering openRequest(Connection tx, long chatId, long userMessageId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement("SELECT id, status = 'running' FROM generation "
                + "WHERE chat_id = ? AND user_message_id = ? AND status IN ('queued', 'running') "
                + "AND arena_side IS NULL")) {
            statement.setLong(1, chatId);
            statement.setLong(2, userMessageId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? new Answering(row.getLong(1), row.getBoolean(2), null)
                        : new Answering(null, false, null);
            }
        }
    }

    /** False when the request is no longer queued (a start in progress is waited for). */
    private static boolean lockQueued(Connection tx, long generationId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "SELECT 1 FROM generation WHERE id = ? AND status = 'queued' FOR NO KEY UPDATE")) {
            statement.setLong(1, generationId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Requests of a user waiting or running, including ones this transaction just added. */
    public int openFor(Connection connection, long userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM generation WHERE requested_by = ? AND status IN ('queued', 'running')")) {
            statement.setLong(1, userId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** A request of this chat, with what regenerating or stopping it needs. */
    public Optional<GenerationJob> find(Connection connection, long chatId, long generationId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT + "WHERE g.id = ? AND g.chat_id = ?")) {
            statement.setLong(1, generationId);
            statement.setLong(2, chatId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        }
    }

    /** Closes queued requests that will not run (/stop, /new); running ones are stopped by the service. */
    public int cancelQueued(Connection tx, long chatId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE generation SET status = 'cancelled', finished_at = now() WHERE chat_id = ? AND status = 'queued'")) {
            statement.setLong(1, chatId);
            return statement.executeUpdate();
        }
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
    /** Requests accepted but not answered, oldest first: after a restart these are run again. */
    public List<GenerationJob> open(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                SELECT + "WHERE g.status IN ('queued', 'running') ORDER BY g.id")) {
            List<GenerationJob> jobs = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    jobs.add(read(row));
                }
            }
            return jobs;
        }
    }

    /**
     * Marks a request running in the message that will show its answer. Returns false when the request
     * is gone (deleted by /forget or retention) or already finished. One auto-committed statement that
     * commits without waiting for the disk (its set_config is local to the statement's own transaction):
     * after a crash the request is open either way, only a second placeholder could appear.
     */
    public boolean start(Connection connection, long id, Integer placeholderTgMessageId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE generation SET status = 'running', started_at = now(), attempts = attempts + 1, "
                        + "placeholder_tg_message_id = ? WHERE id = ? AND status IN ('queued', 'running') "
                        + "AND set_config('synchronous_commit', 'off', true) IS NOT NULL")) {
            if (placeholderTgMessageId == null) {
                statement.setNull(1, java.sql.Types.BIGINT); // a draft: the answer will be a new message
            } else {
                statement.setLong(1, placeholderTgMessageId);
            }
            statement.setLong(2, id);
            return statement.executeUpdate() == 1;
        }
    }

    /** Closes a request that produced no answer (refused, or failed in the engine). */
    public void markFailed(Connection tx, long id, String error) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE generation SET status = 'failed', last_error = ?, finished_at = now() WHERE id = ?")) {
            statement.setString(1, error);
            statement.setLong(2, id);
            statement.executeUpdate();
        }
    }

    /**
     * What a 👍/👎 button refers to: the generation's answer (null until it is stored) and its status,
     * read in one statement so the two agree. Empty when the generation is not {@code chatId}'s:
     * callbacks are scoped by chat.
     */
    public record AnswerState(Long answerMessageId, String status) {
        /** Still being written or stored: the button came a moment early. */
        public boolean pending() {
            return answerMessageId == null && (status.equals("queued") || status.equals("running"));
        }
    }

    public Optional<AnswerState> answerOf(Connection connection, long chatId, long generationId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT answer_message_id, status FROM generation WHERE id = ? AND chat_id = ?")) {
            statement.setLong(1, generationId);
            statement.setLong(2, chatId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                long answer = row.getLong(1);
                return Optional.of(new AnswerState(row.wasNull() ? null : answer, row.getString(2)));
            }
        }
    }

    private static GenerationJob read(ResultSet row) throws SQLException {
        Long arenaTask = nullableLong(row, 15);
        Long arenaVote = nullableLong(row, 18);
        GenerationJob.ArenaTurn arena = arenaTask == null || arenaVote == null || row.getString(16) == null ? null
                : new GenerationJob.ArenaTurn(arenaTask, row.getString(16), row.getString(17), arenaVote);
        return new GenerationJob(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5),
                nullableLong(row, 6), nullableLong(row, 7), row.getString(8), nullableLong(row, 9), row.getInt(10),
                row.getString(11), row.getString(12), nullableLong(row, 13), !"private".equals(row.getString(14)),
                arena);
    }

    private static Long nullableLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
