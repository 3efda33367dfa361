package ru.saigabot.bot.arena;

import java.util.Locale;
import java.util.Optional;

/**
 * What an annotator pressed, in the terms of the task: {@code A} means the task's variant a was better, whichever
 * side it was shown on. Stored as the lower-case names of the arena_vote.choice check.
 */
public enum Choice {
    A, B, TIE, BOTH_BAD, SKIPPED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Choice of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /** A known answer of a control task (skipping is not one); empty for null. */
    public static Optional<Choice> control(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            Choice choice = of(id.strip());
            if (choice == SKIPPED) {
                throw new IllegalArgumentException();
            }
            return Optional.of(choice);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("control '" + id + "' is invalid; use a, b, tie or both_bad", e);
        }
    }
}
