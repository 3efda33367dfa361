package ru.saigabot.training.arena;

import java.util.Locale;

/** An arena vote in the task's terms: variant a's answer better, b's, equally good, or both bad. */
public enum Verdict {
    A, B, TIE, BOTH_BAD;

    public static Verdict of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    public boolean decisive() {
        return this == A || this == B;
    }

    /** The same vote seen from the other side (a and b swapped). */
    public Verdict flipped() {
        return this == A ? B : this == B ? A : this;
    }
}
