package ru.saigabot.inference;

import java.time.Duration;

/**
 * What one generation cost; the bot stores these with the answer.
 *
 * @param droppedTurns oldest turns left out of the prompt because the conversation did not fit the context
 */
public record GenerationStats(int promptTokens, int generatedTokens, Duration queueWait, Duration timeToFirstToken,
                              Duration total, int droppedTurns) {

    /** Decode speed, or 0 when nothing was generated. */
    public double tokensPerSecond() {
        long decodeNanos = total.minus(timeToFirstToken).toNanos();
        if (generatedTokens <= 1 || decodeNanos <= 0) {
            return 0;
        }
        return (generatedTokens - 1) * 1e9 / decodeNanos;
    }
}
