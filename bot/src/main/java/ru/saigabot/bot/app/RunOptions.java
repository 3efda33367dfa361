package ru.saigabot.bot.app;

import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.health.HealthOptions;
import ru.saigabot.inference.SettingRange;

/**
 * Tuning of {@code run} that rarely needs changing.
 *
 * @param pollTimeoutSeconds  how long one getUpdates waits for news (Telegram allows up to 50)
 * @param streamIntervalMillis the least time between two edits of a streamed answer
 * @param maxTokens           the longest answer, in tokens ({@link SettingRange#MAX_TOKENS})
 * @param seed                sampling seed; -1 draws a new one per answer, a fixed one makes answers repeatable
 *                            ({@link SettingRange#SEED})
 * @param cacheCharacters     bound on conversation text cached in memory
 * @param retentionDays       conversations idle this long are deleted; 0 keeps them forever
 * @param access              admins, allowlist and per-user limits
 * @param adapter             the registered LoRA adapter to serve: a name, "none", or "auto" (the only one)
 * @param sendLimits          keep under Telegram's sending limits (30/s, 20/min per group); off only in benchmarks
 * @param health              the health and metrics endpoints
 */
public record RunOptions(int pollTimeoutSeconds, long streamIntervalMillis, int maxTokens, long seed,
                         long cacheCharacters, int retentionDays, AccessRules access, String adapter,
                         boolean sendLimits, HealthOptions health) {

    /** About 100 MB of heap (two bytes a character): thousands of long conversations. */
    public static final long DEFAULT_CACHE_CHARACTERS = 50_000_000;

    public RunOptions(int pollTimeoutSeconds, long streamIntervalMillis, int maxTokens, long seed) {
        this(pollTimeoutSeconds, streamIntervalMillis, maxTokens, seed, DEFAULT_CACHE_CHARACTERS, 0, AccessRules.OPEN,
                "auto", true, HealthOptions.off(pollTimeoutSeconds));
    }

    public RunOptions(int pollTimeoutSeconds, long streamIntervalMillis, int maxTokens, long seed,
                      long cacheCharacters, int retentionDays) {
        this(pollTimeoutSeconds, streamIntervalMillis, maxTokens, seed, cacheCharacters, retentionDays,
                AccessRules.OPEN, "auto", true, HealthOptions.off(pollTimeoutSeconds));
    }

    public RunOptions withAccess(AccessRules rules) {
        return new RunOptions(pollTimeoutSeconds, streamIntervalMillis, maxTokens, seed, cacheCharacters,
                retentionDays, rules, adapter, sendLimits, health);
    }

    public RunOptions withAdapter(String choice) {
        return new RunOptions(pollTimeoutSeconds, streamIntervalMillis, maxTokens, seed, cacheCharacters,
                retentionDays, access, choice, sendLimits, health);
    }

    /** Without Telegram's sending limits: only for measuring the bot's own cost against the emulator. */
    public RunOptions withoutSendLimits() {
        return new RunOptions(pollTimeoutSeconds, streamIntervalMillis, maxTokens, seed, cacheCharacters,
                retentionDays, access, adapter, false, health);
    }

    public RunOptions withHealth(HealthOptions endpoints) {
        return new RunOptions(pollTimeoutSeconds, streamIntervalMillis, maxTokens, seed, cacheCharacters,
                retentionDays, access, adapter, sendLimits, endpoints);
    }

    public RunOptions {
        java.util.Objects.requireNonNull(health, "health");
        if (pollTimeoutSeconds < 0 || pollTimeoutSeconds > 50) {
            throw new ru.saigabot.bot.config.ConfigException(
                    "--poll-timeout = " + pollTimeoutSeconds + " is out of range; allowed 0..50 seconds");
        }
        if (streamIntervalMillis < 100) {
            throw new ru.saigabot.bot.config.ConfigException(
                    "--stream-interval-ms = " + streamIntervalMillis + " is too small; Telegram throttles edits (use >= 100)");
        }
        SettingRange.MAX_TOKENS.checkOption(maxTokens);
        if (retentionDays < 0 || retentionDays > 36_500) {
            throw new ru.saigabot.bot.config.ConfigException(
                    "--retention-days = " + retentionDays + " is out of range; allowed 0 (keep forever)..36500");
        }
        if (cacheCharacters < 0) {
            throw new ru.saigabot.bot.config.ConfigException("the conversation cache size cannot be negative");
        }
        SettingRange.SEED.checkOption(seed);
    }
}
