package ru.saigabot.inference.bench;

import java.util.Arrays;
import java.util.Locale;

/** What {@code saiga-bot bench --scenarios} can run, in the order it runs them. */
public enum BenchScenario {
    /** One user, one answer: decode speed alone. */
    SINGLE(false),
    /** {@code --users} users asking at once: aggregate decode speed and fairness. */
    USERS(false),
    /** {@code --users} conversations of {@code --turns} turns at once, on {@code --slots} slots: the prompt cache. */
    TURNS(true),
    /** One conversation of {@code --long-turns} turns, past its context: dropping old turns and the cache. */
    LONG(true),
    /** A group chat of {@code --group-messages} messages with a question to the bot every tenth. */
    GROUP(true);

    private final boolean multiTurn;

    BenchScenario(boolean multiTurn) {
        this.multiTurn = multiTurn;
    }

    /** Whether it has turns worth replaying without the cache. */
    public boolean multiTurn() {
        return multiTurn;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@code --scenarios} value; the message lists the valid ones. */
    public static BenchScenario parse(String value) {
        for (BenchScenario scenario : values()) {
            if (scenario.label().equalsIgnoreCase(value.strip())) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("--scenarios: unknown scenario '" + value + "'; use "
                + String.join(", ", Arrays.stream(values()).map(BenchScenario::label).toList()));
    }
}
