package ru.saigabot.inference;

/**
 * Sampling settings of one request. Validated on construction against the {@link SettingRange}s, so a bad
 * value is refused with an {@link InvalidSettingException} naming the setting, before it reaches llama.cpp
 * (which would silently clamp or misbehave).
 */
public record GenerationParams(
        double temperature, double topP, int topK, double minP, double repeatPenalty, int maxTokens, long seed) {

    /** Saiga's model cards recommend a low temperature with nucleus sampling. */
    public static final GenerationParams DEFAULTS = new GenerationParams(0.2, 0.9, 30, 0.05, 1.1, 512, -1);

    public GenerationParams {
        SettingRange.TEMPERATURE.check(temperature);
        SettingRange.TOP_P.check(topP);
        SettingRange.TOP_K.check(topK);
        SettingRange.MIN_P.check(minP);
        SettingRange.REPEAT_PENALTY.check(repeatPenalty);
        SettingRange.MAX_TOKENS.check(maxTokens);
        SettingRange.SEED.check(seed);
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
}
