package ru.saigabot.training.export;

import java.time.Instant;
import java.util.List;
import ru.saigabot.training.clean.VoteTally;

/**
 * One stored message as the export reads it.
 *
 * @param id        message id
 * @param role      {@code user} or {@code assistant}
 * @param authorId  the Telegram user who wrote a user turn (null for answers and deleted accounts); never exported
 * @param firstName the author's first name, only to scrub it from the text
 * @param username  the author's username, only to scrub it from the text
 * @param replyToId for an answer: the user message it answers
 * @param status    {@code complete}, {@code cut} or {@code failed}
 * @param votes     current votes on an answer
 * @param reactionsOnly true when every vote came from a reaction rather than the 👍/👎 buttons
 * @param pairs     preference pairs whose prompt is this user message
 * @param grounding for a user message: the passages of the chat's documents it was given, if any
 * @param excluded  an operator took this message out of training on the dashboard ({@code training_exclusion})
 */
public record StoredTurn(long id, String role, Long authorId, String firstName, String username, String content,
                         Long replyToId, String status, Instant createdAt, VoteTally votes, boolean reactionsOnly,
                         List<PairRef> pairs, Grounding grounding, boolean excluded) {

    /** A {@code preference_pair} row, seen from its prompt. */
    public record PairRef(long chosenId, long rejectedId, String source) {}

    public boolean isUser() {
        return "user".equals(role);
    }

    public boolean isAssistant() {
        return "assistant".equals(role);
    }

    public boolean isFinished() {
        return "complete".equals(status);
    }
}
