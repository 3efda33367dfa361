package ru.saigabot.bot.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The polling loop is alive when getUpdates was answered recently. A poller that died, hangs, or
 * has been failing against Telegram stops moving this time, which is what a supervisor must see: the
 * process itself would still look healthy.
 */
public final class PollingCheck implements ReadinessCheck {
    private final Supplier<Instant> lastAnswer;
    private final Duration staleAfter;
    private final Clock clock;

    public PollingCheck(Supplier<Instant> lastAnswer, Duration staleAfter, Clock clock) {
        this.lastAnswer = lastAnswer;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    @Override
    public Optional<String> problem() {
        Duration since = Duration.between(lastAnswer.get(), clock.instant());
        if (since.compareTo(staleAfter) <= 0) {
            return Optional.empty();
        }
        return Optional.of("no getUpdates answered for " + since.toSeconds() + " s (limit " + staleAfter.toSeconds()
                + " s): Telegram is failing or the poller stopped");
    }
}
