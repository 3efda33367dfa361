package ru.saigabot.inference;

import java.time.Duration;

/**
 * What one generation cost; the bot stores these with the answer.
 *
 * @param promptTokens       the prompt's size in tokens
 * @param cachedPromptTokens how many of them came from the slot's KV cache (the conversation's previous turn)
 *                           instead of being evaluated; see {@code PromptCacheLedger} for how this is known
 * @param timeToFirstToken   from the start on a slot (after the queue) to the first token: mostly prompt evaluation
 * @param droppedTurns       oldest turns left out of the prompt because the conversation did not fit the context
 */
public record GenerationStats(int promptTokens, int cachedPromptTokens, int generatedTokens, Duration queueWait,
                              Duration timeToFirstToken, Duration total, int droppedTurns) {

    public GenerationStats {
        if (cachedPromptTokens < 0 || cachedPromptTokens > promptTokens) {
            throw new IllegalArgumentException("cachedPromptTokens = " + cachedPromptTokens
                    + " must be within 0.." + promptTokens + " (the prompt's size)");
        }
    }

    /** Stats of an engine that knows nothing of a prompt cache. */
    public GenerationStats(int promptTokens, int generatedTokens, Duration queueWait, Duration timeToFirstToken,
                           Duration total, int droppedTurns) {
        this(promptTokens, 0, generatedTokens, queueWait, timeToFirstToken, total, droppedTurns);
    }

    /** Prompt tokens llama.cpp had to evaluate for this request. */
    public int processedPromptTokens() {
        return promptTokens - cachedPromptTokens;
    }

    /** Decode speed, or 0 when nothing was generated. */
    public double tokensPerSecond() {
        long decodeNanos = total.minus(timeToFirstToken).toNanos();
        if (generatedTokens <= 1 || decodeNanos <= 0) {
            return 0;
        }
        return (generatedTokens - 1) * 1e9 / decodeNanos;
    }
}
