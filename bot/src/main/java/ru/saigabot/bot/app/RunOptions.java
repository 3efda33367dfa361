package ru.saigabot.bot.app;

/**
 * Tuning of {@code run} that rarely needs changing.
 *
 * @param pollTimeoutSeconds  how long one getUpdates waits for news (Telegram allows up to 50)
 * @param streamIntervalMillis the least time between two edits of a streamed answer
 * @param maxTokens           the longest answer, in tokens
 * @param seed                sampling seed; -1 draws a new one per answer, a fixed one makes answers repeatable
 */
public record RunOptions(int pollTimeoutSeconds, long streamIntervalMillis, int maxTokens, long seed) {
    public RunOptions {
        if (pollTimeoutSeconds < 0 || pollTimeoutSeconds > 50) {
            throw new ru.saigabot.bot.config.ConfigException(
                    "--poll-timeout = " + pollTimeoutSeconds + " is out of range; allowed 0..50 seconds");
        }
        if (streamIntervalMillis < 100) {
            throw new ru.saigabot.bot.config.ConfigException(
                    "--stream-interval-ms = " + streamIntervalMillis + " is too small; Telegram throttles edits (use >= 100)");
        }
        if (maxTokens < 1 || maxTokens > 32_768) {
            throw new ru.saigabot.bot.config.ConfigException(
                    "--max-tokens = " + maxTokens + " is out of range; allowed 1..32768");
        }
        if (seed < -1 || seed > Integer.MAX_VALUE) {
            throw new ru.saigabot.bot.config.ConfigException(
                    "--seed = " + seed + " is out of range; allowed -1 (random) or 0..2147483647");
        }
    }
}
