package ru.saigabot.bot.web.admin;

import static ru.saigabot.bot.store.Statements.list;
import static ru.saigabot.bot.store.Statements.nullableLong;
import static ru.saigabot.bot.store.Statements.one;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What the curation page reads: voted answers, newest first, and one answer's conversation as its prompt held it.
 * Nothing here writes; the operator's marks are {@link CurationExclusions}'.
 */
final class CurationStore {
    /** Characters of a question and an answer in the list: enough to recognise them; the view shows all. */
    static final int SNIPPET_CHARS = 300;
    /** The turns the prompt's window holds at most ({@code MessageStore}'s), so the view shows no more either. */
    static final int MAX_TURNS_SHOWN = 200;

    /** A vote count of one answer, and how its votes were given. */
    record Votes(int up, int down, List<String> sources) {}

    /**
     * An operator's mark that takes an answer, or its whole conversation, out of the training data.
     *
     * @param scope "answer" or "conversation"
     */
    record Exclusion(long id, String scope, Long messageId, Long conversationId, String reason, Long excludedBy,
                     String createdAt) {}

    /** A row of the list: the question and the answer cut to {@link #SNIPPET_CHARS}. */
    record VotedAnswer(long id, long conversationId, String chatKind, String model, String status, String createdAt,
                       String question, boolean questionCut, String answer, boolean answerCut, Votes votes,
                       List<Exclusion> exclusions) {}

    /** One page of the list; {@code nextBefore} asks for the next (older) one, null at the end. */
    record Page(List<VotedAnswer> answers, Long nextBefore) {}

    /**
     * The answer a conversation view is about.
     *
     * @param droppedTurns oldest turns the prompt left out to fit the model's context (null before they were counted)
     */
    record Answer(long id, long conversationId, String chatKind, String model, String status, String createdAt,
                  Integer droppedTurns, Votes votes, List<Exclusion> exclusions) {}

    record ConversationHead(long id, String title, String purpose, String systemPrompt) {}

    /** A passage of the chat's documents given to the question, numbered as the model saw it. */
    record Passage(int number, String fileName, Integer page, String section, String text) {}

    /**
     * A turn of the prompt.
     *
     * @param answer    true for the answer the view is about (the last turn)
     * @param grounding for the question it answers: "found" (given {@code passages}), "none" (searched, nothing
     *                  relevant) or null (not searched)
     */
    record Turn(long id, String role, String author, String content, String status, String createdAt,
                boolean answer, String grounding, List<Passage> passages) {}

    /** @param earlierTurnsLeftOut the conversation had more turns before these than the prompt's window holds */
    record AnswerView(Answer answer, ConversationHead conversation, List<Turn> turns, boolean earlierTurnsLeftOut) {}

    private static final String EXCLUSION_COLUMNS = "em.id AS em_id, em.reason AS em_reason, "
            + "em.excluded_by AS em_by, em.created_at AS em_at, ec.id AS ec_id, ec.reason AS ec_reason, "
            + "ec.excluded_by AS ec_by, ec.created_at AS ec_at";
    private static final String EXCLUSION_JOINS = "LEFT JOIN training_exclusion em ON em.message_id = m.id "
            + "LEFT JOIN training_exclusion ec ON ec.conversation_id = m.conversation_id ";

    /**
     * The answers with a matching vote come off feedback newest first (down its primary key, or, when the vote or
     * source filter keeps few votes, a sort of theirs), and only as many as the page needs are joined to their answer,
     * chat and question and have their votes counted: a page never reads the texts, or counts the votes, of answers
     * it does not show (a filter on the answer or the chat reads those it skips). {@code before} is the keyset: the
     * last id of the previous page.
     */
    private static final String PAGE = "SELECT m.id, m.conversation_id, m.model, m.status, m.created_at, "
            + "ch.kind AS chat_kind, left(q.content, ?) AS question, length(q.content) > ? AS question_cut, "
            + "left(m.content, ?) AS answer, length(m.content) > ? AS answer_cut, v.up, v.down, v.sources, "
            + EXCLUSION_COLUMNS
            + " FROM (SELECT DISTINCT f.message_id FROM feedback f WHERE f.message_id < ? "
            + "AND (?::integer = 0 OR f.vote = ?) AND (?::text IS NULL OR f.source = ?) "
            + "ORDER BY f.message_id DESC) voted "
            + "JOIN message m ON m.id = voted.message_id "
            + "JOIN chat ch ON ch.id = m.chat_id "
            + "LEFT JOIN message q ON q.id = m.reply_to_id AND q.chat_id = m.chat_id "
            + EXCLUSION_JOINS
            + "CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE a.vote > 0) AS up, "
            + "count(*) FILTER (WHERE a.vote < 0) AS down, array_agg(DISTINCT a.source) AS sources "
            + "FROM feedback a WHERE a.message_id = m.id) v "
            + "WHERE m.role = 'assistant' "
            + "AND (?::text IS NULL OR m.model = ?) "
            + "AND (?::text IS NULL OR ch.kind IN (?, ?)) "
            + "AND (?::timestamptz IS NULL OR coalesce(q.created_at, m.created_at) >= ?) "
            + "AND (?::timestamptz IS NULL OR coalesce(q.created_at, m.created_at) < ?) "
            + "AND (?::boolean IS NULL OR ? = (em.id IS NOT NULL OR ec.id IS NOT NULL)) "
            + "ORDER BY voted.message_id DESC LIMIT ?";

    /** Up to {@code limit} voted answers older than {@code before} (or the newest), that pass {@code filter}. */
    Page page(Connection connection, CurationFilter filter, Optional<Long> before, int limit) throws SQLException {
        String model = filter.model().orElse(null);
        String kind = filter.chat().map(chat -> chat.kind).orElse(null);
        String otherKind = filter.chat().map(chat -> chat.otherKind).orElse(null);
        String source = filter.feedback().orElse(null);
        Timestamp since = filter.dates().since().map(Timestamp::from).orElse(null);
        Timestamp until = filter.dates().until().map(Timestamp::from).orElse(null);
        Boolean excluded = filter.excluded().orElse(null);
        int vote = filter.vote().value;
        List<VotedAnswer> rows = list(connection, PAGE, row -> new VotedAnswer(row.getLong("id"),
                        row.getLong("conversation_id"), row.getString("chat_kind"), row.getString("model"),
                        row.getString("status"), time(row, "created_at"), row.getString("question"),
                        row.getBoolean("question_cut"), row.getString("answer"), row.getBoolean("answer_cut"),
                        new Votes(row.getInt("up"), row.getInt("down"), texts(row.getArray("sources"))),
                        exclusions(row, row.getLong("id"), row.getLong("conversation_id"))),
                SNIPPET_CHARS, SNIPPET_CHARS, SNIPPET_CHARS, SNIPPET_CHARS, before.orElse(Long.MAX_VALUE), vote, vote,
                source, source, model, model, kind, kind, otherKind, since, since, until, until, excluded, excluded,
                limit + 1);
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<VotedAnswer> shown = rows.subList(0, limit);
        return new Page(List.copyOf(shown), shown.get(limit - 1).id());
    }

    /** The models that wrote voted answers, for the filter bar. */
    List<String> votedModels(Connection connection) throws SQLException {
        return list(connection, "SELECT DISTINCT m.model FROM message m WHERE m.role = 'assistant' "
                + "AND m.model IS NOT NULL AND EXISTS (SELECT 1 FROM feedback f WHERE f.message_id = m.id) "
                + "ORDER BY m.model", row -> row.getString("model"));
    }

    /**
     * Answer {@code answerId} with the prompt it was written from: its conversation's system prompt, then every
     * turn before its question that the prompt held, then the question (with the passages it was given), then the
     * answer. As {@code MessageStore.loadTurns} builds a prompt, failed answers are left out, and so are answers
     * replaced (🔄, an edit) before this one was written; answers replaced later, and answers written later, were
     * not replaced yet, or not there, when the model read the conversation. Empty when there is no such answer.
     */
    Optional<AnswerView> view(Connection connection, long answerId) throws SQLException {
        Optional<Head> found = one(connection, "SELECT m.id, m.conversation_id, m.chat_id, m.reply_to_id, "
                        + "m.model, m.status, m.created_at, m.dropped_turns, ch.kind AS chat_kind, c.title, c.purpose, "
                        + "c.system_prompt FROM message m "
                        + "JOIN conversation c ON c.id = m.conversation_id AND c.chat_id = m.chat_id "
                        + "JOIN chat ch ON ch.id = m.chat_id WHERE m.id = ? AND m.role = 'assistant'",
                row -> new Head(row.getLong("id"), row.getLong("conversation_id"), row.getLong("chat_id"),
                        nullableLong(row, "reply_to_id"), row.getTimestamp("created_at"), row.getString("model"),
                        row.getString("status"), row.getString("chat_kind"),
                        (Integer) row.getObject("dropped_turns"),
                        new ConversationHead(row.getLong("conversation_id"), row.getString("title"),
                                row.getString("purpose"), row.getString("system_prompt"))), answerId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Head head = found.get();
        long position = head.replyToId() == null ? head.id() : head.replyToId();
        List<Turn> newestFirst = list(connection, "SELECT m.id, m.role, m.content, m.status, m.created_at, "
                        + "m.grounding, u.first_name FROM message m LEFT JOIN tg_user u ON u.id = m.author_id "
                        + "WHERE m.chat_id = ? AND m.conversation_id = ? AND (m.id = ? OR ("
                        + "m.role = 'user' AND m.id <= ?) OR (m.role = 'assistant' AND m.status <> 'failed' "
                        + "AND m.id < ? AND coalesce(m.reply_to_id, m.id) < ? "
                        + "AND (m.superseded_at IS NULL OR m.superseded_at > ?))) "
                        + "ORDER BY coalesce(CASE WHEN m.role = 'assistant' THEN m.reply_to_id END, m.id) DESC, "
                        + "m.id DESC LIMIT ?",
                row -> new Turn(row.getLong("id"), row.getString("role"), row.getString("first_name"),
                        row.getString("content"), row.getString("status"), time(row, "created_at"),
                        row.getLong("id") == head.id(), row.getString("grounding"), List.of()),
                head.chatId(), head.conversationId(), head.id(), position, head.id(), position, head.createdAt(),
                MAX_TURNS_SHOWN + 1);
        boolean leftOut = newestFirst.size() > MAX_TURNS_SHOWN;
        List<Turn> turns = new ArrayList<>(newestFirst.subList(0, Math.min(MAX_TURNS_SHOWN, newestFirst.size())));
        Collections.reverse(turns);
        if (head.replyToId() != null) {
            // Only the question being answered is given passages; history never is.
            List<Passage> passages = list(connection, "SELECT ordinal, file_name, page, section, text "
                            + "FROM message_source WHERE message_id = ? ORDER BY ordinal",
                    row -> new Passage(row.getInt("ordinal"), row.getString("file_name"),
                            (Integer) row.getObject("page"), row.getString("section"), row.getString("text")),
                    head.replyToId());
            turns.replaceAll(turn -> turn.id() == head.replyToId() ? new Turn(turn.id(), turn.role(), turn.author(),
                    turn.content(), turn.status(), turn.createdAt(), false, turn.grounding(), passages) : turn);
        }
        Answer answer = new Answer(head.id(), head.conversationId(), head.chatKind(), head.model(), head.status(),
                head.createdAt().toInstant().toString(), head.droppedTurns(), votes(connection, head.id()),
                exclusions(connection, head.id(), head.conversationId()));
        return Optional.of(new AnswerView(answer, head.conversation(), List.copyOf(turns), leftOut));
    }

    /** What the view needs of the answer before it reads the turns. */
    private record Head(long id, long conversationId, long chatId, Long replyToId, Timestamp createdAt, String model,
                        String status, String chatKind, Integer droppedTurns, ConversationHead conversation) {}

    private static Votes votes(Connection connection, long answerId) throws SQLException {
        return one(connection, "SELECT count(*) FILTER (WHERE vote > 0) AS up, count(*) FILTER (WHERE vote < 0) "
                        + "AS down, array_agg(DISTINCT source) AS sources FROM feedback WHERE message_id = ?",
                row -> new Votes(row.getInt("up"), row.getInt("down"), texts(row.getArray("sources"))), answerId)
                .orElseThrow();
    }

    /** The marks on an answer and on its conversation. */
    static List<Exclusion> exclusions(Connection connection, long answerId, long conversationId) throws SQLException {
        return one(connection, "SELECT " + EXCLUSION_COLUMNS + " FROM message m " + EXCLUSION_JOINS
                        + "WHERE m.id = ?", row -> exclusions(row, answerId, conversationId), answerId)
                .orElse(List.of());
    }

    private static List<Exclusion> exclusions(ResultSet row, long answerId, long conversationId) throws SQLException {
        List<Exclusion> marks = new ArrayList<>(2);
        if (nullableLong(row, "em_id") != null) {
            marks.add(new Exclusion(row.getLong("em_id"), "answer", answerId, null, row.getString("em_reason"),
                    nullableLong(row, "em_by"), time(row, "em_at")));
        }
        if (nullableLong(row, "ec_id") != null) {
            marks.add(new Exclusion(row.getLong("ec_id"), "conversation", null, conversationId,
                    row.getString("ec_reason"), nullableLong(row, "ec_by"), time(row, "ec_at")));
        }
        return List.copyOf(marks);
    }

    static String time(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant().toString();
    }

    private static List<String> texts(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String::valueOf).sorted().toList();
    }
}
