package ru.saigabot.training.export;

import java.util.List;
import ru.saigabot.inference.grounding.GivenPassage;

/**
 * What a user message was given from its chat's documents, as the bot stored it: {@code message.grounding} and the
 * message's {@code message_source} rows. Only {@code found} changes a prompt: a question searched with nothing
 * relevant ({@code none}) was asked as it was written.
 *
 * @param found    the question was given passages ({@code grounding = 'found'}), so its prompt held them
 * @param passages its {@code message_source} rows, [1] first; fewer than were given, or none, once a document they
 *                 came from was deleted (its rows cascade away)
 */
public record Grounding(boolean found, List<GivenPassage> passages) {
    /** A message that was not given passages: plain text in every prompt. */
    public static final Grounding NONE = new Grounding(false, List.of());

    public Grounding {
        passages = List.copyOf(passages);
        if (!found && !passages.isEmpty()) {
            throw new IllegalArgumentException("only a question whose grounding is 'found' has passages");
        }
    }

    /**
     * Whether the prompt can be rebuilt as the model saw it: not grounded, or its passages still numbered 1..n.
     * The bot numbers what it gives from 1 without gaps, so no rows or a gap mean a deleted document took some;
     * a deletion that took only the last numbers cannot be told from here.
     */
    public boolean rebuildable() {
        if (!found) {
            return true;
        }
        if (passages.isEmpty()) {
            return false;
        }
        for (int i = 0; i < passages.size(); i++) {
            if (passages.get(i).number() != i + 1) {
                return false;
            }
        }
        return true;
    }
}
