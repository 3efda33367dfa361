package ru.saigabot.bot.extract;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an admin may call a schema they register: a short Latin word ({@value #RULE}), so that it can be typed after
 * /extract on any keyboard and read back from a message unambiguously, and not a preset's name (a registered schema
 * never hides a preset).
 */
public final class SchemaNames {
    public static final String RULE = "[a-z0-9_-]{1,32}";
    private static final Pattern NAME = Pattern.compile(RULE);

    private SchemaNames() {}

    /** Why {@code name} cannot name a registered schema; empty when it can. */
    public static Optional<Problem> problem(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.of(Problem.MALFORMED);
        }
        return SchemaPresets.names().contains(name) ? Optional.of(Problem.PRESET) : Optional.empty();
    }

    /** What is wrong with a name. */
    public enum Problem {
        /** It does not match {@link #RULE}. */
        MALFORMED,
        /** A preset has it. */
        PRESET
    }
}
