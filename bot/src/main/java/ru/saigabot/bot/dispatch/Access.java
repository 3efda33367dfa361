package ru.saigabot.bot.dispatch;

import java.util.OptionalLong;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.access.HourlyLimiter;

/**
 * What the sender of an update may do, decided once by the middleware: whether they are served here (allowlist
 * mode), whether they are one of the bot's admins (exempt from limits, first in the queue), and their limits on
 * questions.
 */
public final class Access {
    static final Access NONE = new Access(null, false, false, null);

    private final Long userId;
    private final boolean served;
    private final boolean admin;
    private final Limits limits;

    /** The limits of {@code --max-messages-per-hour} and {@code --max-queued-per-user}. */
    record Limits(AccessRules rules, HourlyLimiter hourly) {}

    Access(Long userId, boolean served, boolean admin, Limits limits) {
        this.userId = userId;
        this.served = served;
        this.admin = admin;
        this.limits = limits;
    }

    /** In allowlist mode, whether this user (or this group) is listed; always true otherwise. */
    public boolean served() {
        return served;
    }

    public boolean admin() {
        return admin;
    }

    /** Milliseconds until the sender may ask again under the hourly limit; empty when they may now. */
    public OptionalLong hourlyWait() {
        return admin || limits == null ? OptionalLong.empty() : limits.hourly().waitFor(userId);
    }

    /** Counts an accepted question in the hourly limit (admins are not counted). */
    public void countQuestion() {
        if (!admin && limits != null) {
            limits.hourly().record(userId);
        }
    }

    /** Questions one user may ask per hour, as the refusal says it. */
    public int questionsPerHour() {
        return limits == null ? 0 : limits.rules().messagesPerHour();
    }

    /** Answers the sender may have waiting or being written at once. */
    public int maxOpenRequests() {
        return admin || limits == null ? Integer.MAX_VALUE : limits.rules().queuedPerUser();
    }
}
