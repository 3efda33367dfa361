package ru.saigabot.training.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import ru.saigabot.inference.grounding.GivenPassage;
import ru.saigabot.training.clean.VoteTally;

/**
 * Streams the conversations that have votes or preference pairs, one conversation at a time, through
 * a server-side cursor: the rows come in pages of {@link #FETCH_SIZE}, so memory holds one page and
 * one conversation, however large the database.
 */
final class ConversationReader {
    static final int FETCH_SIZE = 2_000;

    // The system prompt and chat kind are sent once per conversation (on its first row), not per message.
    // Turns come in conversation order: each answer right after the message it answers, even when the
    // user wrote again while it was being written (the answer's row is then younger than their next one).
    // The passages a question was given come with it, numbered as the model saw them; the CASE runs their
    // subquery (by message_source's primary key) only for messages whose grounding is 'found', so the many
    // other rows cost no lookup. An operator's exclusions (training_exclusion) come with the rows they mark through
    // two outer joins, which the planner runs as one pass over the table (a hash of a few hand-made marks, or a merge
    // when there are many), never a query per row; one mark per message and per conversation (unique indexes), so
    // the joins never repeat a row.
    private static final String SQL = """
            SELECT m.id, m.conversation_id, m.role, m.author_id, u.first_name, u.username, m.content, m.reply_to_id,
                   m.status, m.created_at, v.up, v.down, v.reactions_only, p.chosen, p.rejected, p.sources,
                   m.grounding,
                   CASE WHEN m.grounding = 'found' THEN
                        (SELECT json_agg(json_build_object('number', s.ordinal, 'file_name', s.file_name,
                                                           'page', s.page, 'section', s.section, 'text', s.text)
                                         ORDER BY s.ordinal)
                         FROM message_source s WHERE s.message_id = m.id) END AS passages,
                   CASE WHEN lag(m.conversation_id) OVER w IS DISTINCT FROM m.conversation_id
                        THEN cv.system_prompt END AS system_prompt,
                   CASE WHEN lag(m.conversation_id) OVER w IS DISTINCT FROM m.conversation_id
                        THEN ch.kind END AS chat_kind,
                   cv.purpose, xm.id IS NOT NULL AS excluded, xc.id IS NOT NULL AS conversation_excluded
            FROM message m
            JOIN conversation cv ON cv.id = m.conversation_id
            JOIN chat ch ON ch.id = m.chat_id
            LEFT JOIN tg_user u ON u.id = m.author_id
            LEFT JOIN (SELECT message_id, count(*) FILTER (WHERE vote > 0) AS up, count(*) FILTER (WHERE vote < 0) AS down,
                              bool_and(source = 'reaction') AS reactions_only
                       FROM feedback GROUP BY message_id) v ON v.message_id = m.id
            LEFT JOIN (SELECT prompt_message_id, array_agg(chosen_message_id ORDER BY id) AS chosen,
                              array_agg(rejected_message_id ORDER BY id) AS rejected, array_agg(source ORDER BY id) AS sources
                       FROM preference_pair GROUP BY prompt_message_id) p ON p.prompt_message_id = m.id
            LEFT JOIN training_exclusion xm ON xm.message_id = m.id
            LEFT JOIN training_exclusion xc ON xc.conversation_id = m.conversation_id
            WHERE m.conversation_id IN (SELECT a.conversation_id FROM feedback f JOIN message a ON a.id = f.message_id
                                        UNION
                                        SELECT q.conversation_id FROM preference_pair pp
                                        JOIN message q ON q.id = pp.prompt_message_id)
            WINDOW w AS (ORDER BY m.conversation_id, m.id)
            ORDER BY m.conversation_id,
                     CASE WHEN m.role = 'assistant' AND m.reply_to_id IS NOT NULL THEN m.reply_to_id ELSE m.id END, m.id
            """;

    /** Where a conversation comes from when it is not a chat's, as the dataset card counts it. */
    static String origin(String chatKind, String purpose) {
        if ("extract".equals(purpose)) {
            return "extract";
        }
        // The web chat's people vote like Telegram's, but the card tells the surfaces apart.
        return "api".equals(chatKind) || "web".equals(chatKind) ? chatKind : null;
    }

    /** Calls {@code sink} with each conversation in id order; {@code connection} must not auto-commit. */
    void read(Connection connection, Consumer<StoredConversation> sink) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SQL, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet row = statement.executeQuery()) {
                long conversationId = -1;
                boolean group = false;
                String systemPrompt = null;
                String origin = null;
                boolean excluded = false;
                List<StoredTurn> turns = new ArrayList<>();
                while (row.next()) {
                    long id = row.getLong("conversation_id");
                    if (id != conversationId) {
                        if (conversationId != -1) {
                            sink.accept(new StoredConversation(conversationId, group, systemPrompt, turns, origin,
                                    excluded));
                        }
                        conversationId = id;
                        String kind = row.getString("chat_kind");
                        group = "group".equals(kind) || "supergroup".equals(kind);
                        origin = origin(kind, row.getString("purpose"));
                        systemPrompt = row.getString("system_prompt");
                        excluded = row.getBoolean("conversation_excluded");
                        turns = new ArrayList<>();
                    }
                    turns.add(turn(row));
                }
                if (conversationId != -1) {
                    sink.accept(new StoredConversation(conversationId, group, systemPrompt, turns, origin, excluded));
                }
            }
        }
    }

    private final ObjectMapper json = new ObjectMapper();

    private StoredTurn turn(ResultSet row) throws SQLException {
        long author = row.getLong("author_id");
        Long authorId = row.wasNull() ? null : author;
        long replyTo = row.getLong("reply_to_id");
        Long replyToId = row.wasNull() ? null : replyTo;
        Timestamp created = row.getTimestamp("created_at");
        VoteTally votes = new VoteTally(row.getInt("up"), row.getInt("down"));
        return new StoredTurn(row.getLong("id"), row.getString("role"), authorId, row.getString("first_name"),
                row.getString("username"), row.getString("content"), replyToId, row.getString("status"),
                created.toInstant(), votes, row.getBoolean("reactions_only"), pairs(row), grounding(row),
                row.getBoolean("excluded"));
    }

    private Grounding grounding(ResultSet row) throws SQLException {
        if (!"found".equals(row.getString("grounding"))) {
            return Grounding.NONE;
        }
        String stored = row.getString("passages");
        if (stored == null) {
            return new Grounding(true, List.of()); // every document it was given was deleted since
        }
        try {
            List<GivenPassage> passages = new ArrayList<>();
            for (JsonNode passage : json.readTree(stored)) {
                passages.add(new GivenPassage(passage.get("number").asInt(), passage.get("file_name").asText(),
                        passage.get("page").isNull() ? null : passage.get("page").asInt(),
                        passage.get("section").isNull() ? null : passage.get("section").asText(),
                        passage.get("text").asText()));
            }
            return new Grounding(true, passages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the passages given to message " + row.getLong("id")
                    + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static List<StoredTurn.PairRef> pairs(ResultSet row) throws SQLException {
        Array chosen = row.getArray("chosen");
        if (chosen == null) {
            return List.of();
        }
        Long[] chosenIds = (Long[]) chosen.getArray();
        Long[] rejectedIds = (Long[]) row.getArray("rejected").getArray();
        String[] sources = (String[]) row.getArray("sources").getArray();
        List<StoredTurn.PairRef> pairs = new ArrayList<>(chosenIds.length);
        for (int i = 0; i < chosenIds.length; i++) {
            pairs.add(new StoredTurn.PairRef(chosenIds[i], rejectedIds[i], sources[i]));
        }
        return pairs;
    }
}
