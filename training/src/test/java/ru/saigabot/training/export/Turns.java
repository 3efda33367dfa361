package ru.saigabot.training.export;

import java.time.Instant;
import java.util.List;
import ru.saigabot.inference.grounding.GivenPassage;
import ru.saigabot.training.clean.VoteTally;

/** Builds stored turns for the pure tests, with ids and times in order. */
final class Turns {
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private Turns() {}

    static StoredTurn user(long id, long author, String name, String text) {
        return new StoredTurn(id, "user", author, name, null, text, null, "complete", T0.plusSeconds(id), new VoteTally(0, 0),
                false, List.of(), Grounding.NONE, false);
    }

    /** A question that was given passages of its chat's documents; with none, its documents were deleted since. */
    static StoredTurn grounded(long id, long author, String name, String text, GivenPassage... passages) {
        return new StoredTurn(id, "user", author, name, null, text, null, "complete", T0.plusSeconds(id),
                new VoteTally(0, 0), false, List.of(), new Grounding(true, List.of(passages)), false);
    }

    static StoredTurn userWithPairs(long id, long author, String text, List<StoredTurn.PairRef> pairs) {
        return new StoredTurn(id, "user", author, null, null, text, null, "complete", T0.plusSeconds(id), new VoteTally(0, 0),
                false, pairs, Grounding.NONE, false);
    }

    static StoredTurn answer(long id, long replyTo, String text, String status, int up, int down) {
        return new StoredTurn(id, "assistant", null, null, null, text, replyTo, status, T0.plusSeconds(id),
                new VoteTally(up, down), false, List.of(), Grounding.NONE, false);
    }

    static StoredTurn answer(long id, long replyTo, String text, int up, int down) {
        return answer(id, replyTo, text, "complete", up, down);
    }

    /** The same turn, marked by an operator on the dashboard as excluded from training. */
    static StoredTurn excluded(StoredTurn turn) {
        return new StoredTurn(turn.id(), turn.role(), turn.authorId(), turn.firstName(), turn.username(),
                turn.content(), turn.replyToId(), turn.status(), turn.createdAt(), turn.votes(), turn.reactionsOnly(),
                turn.pairs(), turn.grounding(), true);
    }
}
