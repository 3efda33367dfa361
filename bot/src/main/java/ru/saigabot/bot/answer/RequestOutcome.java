package ru.saigabot.bot.answer;

import java.util.Locale;

/** How a generation request ended, as the metrics count it. */
public enum RequestOutcome {
    /** The model ended its answer. */
    COMPLETE,
    /** Cut at the answer length limit. */
    CUT,
    /** Stopped by the user (/stop); what was written is delivered. */
    STOPPED,
    /** The model wrote nothing. */
    EMPTY,
    /** The conversation's prompt does not fit the context. */
    TOO_LONG,
    /** The queue in front of the model was full. */
    BUSY,
    /** Anything else went wrong. */
    FAILED;

    /** The metric label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
