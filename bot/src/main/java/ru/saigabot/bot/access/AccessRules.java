package ru.saigabot.bot.access;

import java.util.Set;
import ru.saigabot.bot.config.ConfigException;

/**
 * Who may use the bot and how much.
 *
 * @param admins          user ids exempt from limits, with /stats and priority in the queue
 * @param allowed         user and group ids served in allowlist mode; empty serves everyone
 * @param messagesPerHour questions one user may ask per hour (0 = no limit)
 * @param queuedPerUser   requests one user may have waiting or running at once
 */
public record AccessRules(Set<Long> admins, Set<Long> allowed, int messagesPerHour, int queuedPerUser) {
    public static final AccessRules OPEN = new AccessRules(Set.of(), Set.of(), 0, 3);

    public AccessRules {
        admins = Set.copyOf(admins);
        allowed = Set.copyOf(allowed);
        if (messagesPerHour < 0 || messagesPerHour > 100_000) {
            throw new ConfigException("--max-messages-per-hour = " + messagesPerHour
                    + " is out of range; allowed 0 (no limit)..100000");
        }
        if (queuedPerUser < 1 || queuedPerUser > 100) {
            throw new ConfigException("--max-queued-per-user = " + queuedPerUser + " is out of range; allowed 1..100");
        }
    }

    public boolean isAdmin(long userId) {
        return admins.contains(userId);
    }

    /** In allowlist mode a private chat needs its user listed; a group needs the group (or the user) listed. */
    public boolean serves(long userId, long chatId) {
        return allowed.isEmpty() || admins.contains(userId) || allowed.contains(userId) || allowed.contains(chatId);
    }

    /** Parses "1, 2,3" as the ids of --admins and --allow; names the option on a bad value. */
    public static Set<Long> ids(String option, String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        java.util.Set<Long> ids = new java.util.LinkedHashSet<>();
        for (String part : value.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                ids.add(Long.parseLong(part));
            } catch (NumberFormatException e) {
                throw new ConfigException(option + " takes numeric Telegram ids separated by commas; '" + part
                        + "' is not one (ask @userinfobot for a user's id)");
            }
        }
        return ids;
    }
}
