package ru.saigabot.bot.api.keys;

import java.time.Instant;
import java.util.regex.Pattern;
import ru.saigabot.bot.api.ApiIds;

/**
 * A key of the OpenAI-compatible API as stored: never the key itself, only its first characters ({@code prefix}),
 * so that a list can tell keys apart.
 *
 * @param requestsPerMinute the key's own limit; null when only the queue limits it
 * @param lastUsedAt        when it last authenticated, to the minute; null when never
 * @param revokedAt         null while the key works
 */
public record ApiKey(long id, String name, String prefix, Integer requestsPerMinute, Instant createdAt,
                     Instant lastUsedAt, Instant revokedAt) {

    /**
     * ASCII only: names are typed in shell commands and read in {@code api-keys list}, where a Cyrillic "а" and a
     * Latin "a" would look the same and name two keys.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * The key's user: what its requests are stored under (requested_by, author_id), as a Telegram user's are, so
     * that lanes, the fair queue and the training export treat an API caller like any other user.
     */
    public long userId() {
        return ApiIds.of(id);
    }

    /** The key's chat (kind 'api'): its conversations live there. The same number as its user, as in a private chat. */
    public long chatId() {
        return ApiIds.of(id);
    }

    public boolean active() {
        return revokedAt == null;
    }

    /** Refuses a name {@code api-keys} could not show or take back unambiguously; the message says what is allowed. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("API key name '" + name + "' is invalid; use 1 to 64 of A-Z, a-z, 0-9, "
                    + "'-', '_' and '.'");
        }
    }

    /** Refuses a per-minute limit below one (null, no limit, is fine). */
    public static void checkRequestsPerMinute(Integer requestsPerMinute) {
        if (requestsPerMinute != null && requestsPerMinute < 1) {
            throw new IllegalArgumentException("requests per minute must be at least 1, or left out for no "
                    + "per-minute limit; got " + requestsPerMinute);
        }
    }
}
