package ru.saigabot.bot.arena;

/**
 * A button under an arena comparison, in the terms the person saw: the answer shown as "A" (left, first) or
 * as "B". {@link #toChoice} turns it into the task's terms with the order that was recorded when it was shown.
 */
public enum Shown {
    LEFT("l"), RIGHT("r"), TIE("t"), BOTH_BAD("n"), SKIP("s");

    private final String code;

    Shown(String code) {
        this.code = code;
    }

    /** One letter, for callback data. */
    public String code() {
        return code;
    }

    public static java.util.Optional<Shown> ofCode(String code) {
        for (Shown shown : values()) {
            if (shown.code.equals(code)) {
                return java.util.Optional.of(shown);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The choice in the task's terms.
     *
     * @param leftIsA whether the task's variant a was the one shown as "A"
     */
    public Choice toChoice(boolean leftIsA) {
        return switch (this) {
            case LEFT -> leftIsA ? Choice.A : Choice.B;
            case RIGHT -> leftIsA ? Choice.B : Choice.A;
            case TIE -> Choice.TIE;
            case BOTH_BAD -> Choice.BOTH_BAD;
            case SKIP -> Choice.SKIPPED;
        };
    }
}
