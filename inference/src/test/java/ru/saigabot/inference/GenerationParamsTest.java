package ru.saigabot.inference;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class GenerationParamsTest {

    @Test
    void defaultsAreValid() {
        assertThatCode(() -> GenerationParams.DEFAULTS.withMaxTokens(64).withSeed(42)).doesNotThrowAnyException();
    }

    @Test
    void namesTheBadSetting() {
        assertThatThrownBy(() -> GenerationParams.DEFAULTS.withTemperature(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature = 3.0");
        assertThatThrownBy(() -> GenerationParams.DEFAULTS.withMaxTokens(0)).hasMessageContaining("max_tokens");
        assertThatThrownBy(() -> GenerationParams.DEFAULTS.withSeed(-2)).hasMessageContaining("seed");
    }
}
