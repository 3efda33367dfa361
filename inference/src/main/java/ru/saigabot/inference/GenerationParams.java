package ru.saigabot.inference;

/**
 * Sampling settings of one request. Validated on construction so a bad value is refused with the
 * name of the setting, before it reaches llama.cpp (which would silently clamp or misbehave).
 */
public record GenerationParams(
        double temperature, double topP, int topK, double minP, double repeatPenalty, int maxTokens, long seed) {

    /** Saiga's model cards recommend a low temperature with nucleus sampling. */
    public static final GenerationParams DEFAULTS = new GenerationParams(0.2, 0.9, 30, 0.05, 1.1, 512, -1);

    public GenerationParams {
        check(temperature >= 0 && temperature <= 2, "temperature", temperature, "0..2");
        check(topP > 0 && topP <= 1, "top_p", topP, "(0..1]");
        check(topK >= 0 && topK <= 1000, "top_k", topK, "0..1000 (0 turns it off)");
        check(minP >= 0 && minP < 1, "min_p", minP, "[0..1)");
        check(repeatPenalty >= 1 && repeatPenalty <= 2, "repeat_penalty", repeatPenalty, "1..2");
        check(maxTokens >= 1 && maxTokens <= 32_768, "max_tokens", maxTokens, "1..32768");
        check(seed >= -1 && seed <= Integer.MAX_VALUE, "seed", seed, "-1 (random) or 0..2147483647");
    }

    public GenerationParams withMaxTokens(int value) {
        return new GenerationParams(temperature, topP, topK, minP, repeatPenalty, value, seed);
    }

    public GenerationParams withSeed(long value) {
        return new GenerationParams(temperature, topP, topK, minP, repeatPenalty, maxTokens, value);
    }

    public GenerationParams withTopP(double value) {
        return new GenerationParams(temperature, value, topK, minP, repeatPenalty, maxTokens, seed);
    }

    public GenerationParams withTemperature(double value) {
        return new GenerationParams(value, topP, topK, minP, repeatPenalty, maxTokens, seed);
    }

    private static void check(boolean ok, String name, Object value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(name + " = " + value + " is out of range; allowed: " + range);
        }
    }
}
