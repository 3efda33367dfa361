package ru.saigabot.bot.handlers;

import java.util.Optional;
import java.util.OptionalLong;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Phrase;

/**
 * What every way of asking for an answer refuses alike: a new question, 🔄 and an edited question all count in the
 * hourly limit, so that neither can be used to walk around it.
 */
final class Refusals {
    private Refusals() {}

    /** The refusal when the sender has asked their hourly number of questions; empty when they may ask. */
    static Optional<String> hourly(UpdateContext context) {
        OptionalLong wait = context.access().hourlyWait();
        if (wait.isEmpty()) {
            return Optional.empty();
        }
        long minutes = Math.max(1, (wait.getAsLong() + 59_999) / 60_000);
        return Optional.of(Phrase.LIMIT_HOURLY.in(context.language(), context.access().questionsPerHour(), minutes));
    }
}
