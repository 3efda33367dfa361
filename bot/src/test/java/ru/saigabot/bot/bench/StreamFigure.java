package ru.saigabot.bot.bench;

/**
 * One streamed answer as its reader saw it: when it was asked for, when its first and last text came, and how many
 * tokens it had. The API's reader is the OpenAI client (tokens from {@code usage.completion_tokens}); the engine's
 * is a listener on llama.cpp's slot thread (tokens from the generation's stats).
 *
 * @param finish                {@code stop} or {@code length}, as the API names them
 * @param id                    the API's completion id ({@code chatcmpl-}); null straight from the engine
 * @param engineTokensPerSecond the same answer's decode speed as the engine counted it ({@code GenerationStats}),
 *                              from its first token to its last; NaN until known
 */
record StreamFigure(long sentNanos, long firstTextNanos, long lastTextNanos, int tokens, String text, String finish,
                    String id, double engineTokensPerSecond) {

    StreamFigure withEngineSpeed(double value) {
        return new StreamFigure(sentNanos, firstTextNanos, lastTextNanos, tokens, text, finish, id, value);
    }

    /**
     * Tokens after the first over the time from the first text to the last, as {@code GenerationStats} counts decode
     * speed: the prompt's evaluation and the wait for a slot are left out, so only decoding is compared.
     */
    double decodeTokensPerSecond() {
        long span = lastTextNanos - firstTextNanos;
        return tokens <= 1 || span <= 0 ? 0 : (tokens - 1) * 1e9 / span;
    }

    /** From the request to its first text: the queue and the prompt. */
    double firstTextMillis() {
        return (firstTextNanos - sentNanos) / 1e6;
    }
}
