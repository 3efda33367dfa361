package ru.saigabot.inference.remote;

import ru.saigabot.inference.FinishReason;

/**
 * One event of a chat completion stream.
 *
 * @param content          new text, empty for none (the role-only first chunk, the usage chunk)
 * @param finishReason     set on the chunk that ends the answer
 * @param promptTokens     from {@code usage}, -1 when the chunk has none
 * @param cachedTokens     {@code usage.prompt_tokens_details.cached_tokens}, -1 when absent
 * @param completionTokens from {@code usage}, -1 when the chunk has none
 * @param error            the server's error message, null for a normal chunk
 * @param done             the {@code [DONE]} marker
 */
record StreamEvent(String content, FinishReason finishReason, int promptTokens, int cachedTokens,
                   int completionTokens, String error, boolean done) {

    static final StreamEvent DONE = new StreamEvent("", null, -1, -1, -1, null, true);

    static StreamEvent error(String message) {
        return new StreamEvent("", null, -1, -1, -1, message, false);
    }

    boolean hasUsage() {
        return promptTokens >= 0 || completionTokens >= 0;
    }
}
