package ru.saigabot.training.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LuhnTest {
    @ParameterizedTest
    @CsvSource({"4111111111111111, true", "5555555555554444, true", "2200000000000004, true", "378282246310005, true",
            "4111111111111112, false", "1234567812345678, false", "'', false", "41x1, false", "0, true"})
    void checksum(String digits, boolean valid) {
        assertThat(Luhn.isValid(digits)).isEqualTo(valid);
    }
}
