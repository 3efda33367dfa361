package ru.saigabot.training.clean;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t", "ок", "да", "+", "??", "👍👍👍", "...", "1)", "OK!", "Hi!!", "2+2"})
    void trivialTurns(String text) {
        assertThat(TextChecks.isTrivial(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Привет", "2+2=4?", "что", "Hey", "日本語", "LoRA"})
    void meaningfulTurns(String text) {
        assertThat(TextChecks.isTrivial(text)).isFalse();
    }

    @ParameterizedTest(name = "{0} ≡ {1}")
    @CsvSource(delimiter = '|', value = {
            "Привет!!|привет",
            "  ПРИВЕТ  |привет",
            "Ещё раз|еще раз",
            "Привет,   мир?|привет мир",
            "объясни что такое LoRA|объясни что такое lora",
            "Объясни, что такое LoRA?|объясни что такое lora",
            "Ｆｕｌｌｗｉｄｔｈ|fullwidth",
            "a\u00A0b\tc|a b c",
            "2 + 2|2 2"})
    void normalisedForms(String text, String normalised) {
        assertThat(TextChecks.normalise(text)).isEqualTo(normalised);
    }

    @ParameterizedTest(name = "{0} ≢ {1}")
    @CsvSource(delimiter = '|', value = {"Привет|Привет мир", "2+2|2+3", "кот|код"})
    void differentPromptsStayDifferent(String a, String b) {
        assertThat(TextChecks.normalise(a)).isNotEqualTo(TextChecks.normalise(b));
    }
}
