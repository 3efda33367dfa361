package ru.saigabot.bot.generation;

import java.util.Locale;
import ru.saigabot.inference.FinishReason;

/** A stored answer's {@code message.status}: how the text the user got ends. */
public enum AnswerStatus {
    /** The model ended its answer. */
    COMPLETE,
    /** Cut short: at the length limit, or stopped (/stop, an edited question). */
    CUT,
    /** Nothing to show; kept out of the conversation's context. */
    FAILED;

    public static AnswerStatus of(FinishReason reason) {
        return reason == FinishReason.STOP ? COMPLETE : CUT;
    }

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
