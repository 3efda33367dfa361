package ru.saigabot.bot.health;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import ru.saigabot.bot.config.ConfigException;

/**
 * The health and metrics endpoints of {@code run}.
 *
 * @param httpPort          where {@code /healthz}, {@code /readyz} and {@code /metrics} are served; empty = not
 *                          served, 0 = any free port (tests ask the application which)
 * @param pollingStaleAfter {@code /readyz} turns red when no getUpdates has been answered for this long
 */
public record HealthOptions(OptionalInt httpPort, Duration pollingStaleAfter) {

    public HealthOptions {
        Objects.requireNonNull(httpPort, "httpPort");
        Objects.requireNonNull(pollingStaleAfter, "pollingStaleAfter");
        if (httpPort.isPresent() && (httpPort.getAsInt() < 0 || httpPort.getAsInt() > 65_535)) {
            throw new ConfigException("--http-port = " + httpPort.getAsInt() + " is out of range; allowed 0 (off)..65535");
        }
        if (pollingStaleAfter.isNegative() || pollingStaleAfter.isZero()) {
            throw new ConfigException("the polling staleness limit must be positive; got " + pollingStaleAfter);
        }
    }

    /** Nothing served. */
    public static HealthOptions off(int pollTimeoutSeconds) {
        return new HealthOptions(OptionalInt.empty(), staleAfter(pollTimeoutSeconds));
    }

    /** {@code --http-port}: 0 keeps the endpoints off; the constructor checks the range. */
    public static HealthOptions onPort(int port, int pollTimeoutSeconds) {
        return new HealthOptions(port == 0 ? OptionalInt.empty() : OptionalInt.of(port), staleAfter(pollTimeoutSeconds));
    }

    /**
     * A healthy poller gets an answer at least every poll timeout. One that fails waits for the client's
     * own timeout (poll timeout + 15 s) and then backs off up to 30 s; only after a full such round
     * without an answer is Telegram taken to be failing, so one lost poll never flips readiness.
     */
    public static Duration staleAfter(int pollTimeoutSeconds) {
        return Duration.ofSeconds(pollTimeoutSeconds + 15L + 30L);
    }
}
