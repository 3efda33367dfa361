package ru.saigabot.inference.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextSanitizerTest {

    @Test
    void keepsOrdinaryTextUntouched() {
        String text = "Привет, мир! 😀\nВторая строка\tс табуляцией\r\n";
        assertThat(TextSanitizer.clean(text)).isSameAs(text);
    }

    @Test
    void dropsControlCharactersAndBrokenSurrogates() {
        assertThat(TextSanitizer.clean("a\u0000b\u0007c\u007Fd")).isEqualTo("abcd");
        assertThat(TextSanitizer.clean("x\uD83Dy\uDE00z😀")).isEqualTo("xyz😀");
        assertThat(TextSanitizer.clean("\uD83D")).isEmpty();
    }
}
