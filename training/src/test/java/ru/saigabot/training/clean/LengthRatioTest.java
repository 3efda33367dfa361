package ru.saigabot.training.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LengthRatioTest {
    private final LengthRatio ratio = new LengthRatio(LengthRatio.DEFAULT);

    @Test
    void chosenUpToTheRatioTimesLongerPasses() {
        assertThat(ratio.accepts("a".repeat(208), "b".repeat(100))).isTrue();
        assertThat(ratio.accepts("a".repeat(209), "b".repeat(100))).isFalse();
    }

    @Test
    void shorterChosenAlwaysPasses() {
        assertThat(ratio.accepts("Да.", "Очень длинный и многословный ответ на простой вопрос.")).isTrue();
    }

    @Test
    void measuresCodePointsNotUtf16Units() {
        // Four emoji are four characters though eight UTF-16 units.
        assertThat(ratio.accepts("😀😀😀😀", "ab")).isTrue();
    }

    @Test
    void emptyRejectedCountsAsOneCharacter() {
        assertThat(ratio.accepts("ab", "")).isTrue();
        assertThat(ratio.accepts("abc", "")).isFalse();
    }

    @Test
    void refusesRatiosBelowOne() {
        assertThatThrownBy(() -> new LengthRatio(0.5)).hasMessageContaining("--max-length-ratio");
        assertThatThrownBy(() -> new LengthRatio(Double.NaN)).hasMessageContaining("--max-length-ratio");
    }
}
