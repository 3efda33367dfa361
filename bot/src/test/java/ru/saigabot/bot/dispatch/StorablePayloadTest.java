package ru.saigabot.bot.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** jsonb refuses the escape of U+0000: an update that carries one must still be storable. */
class StorablePayloadTest {

    @Test
    void aNulEscapeBecomesTheReplacementCharacterAndAnEscapedBackslashBeforeItStays() {
        assertThat(BatchHandler.storable("{\"text\":\"a\\u0000b\"}")).isEqualTo("{\"text\":\"a\\uFFFDb\"}");
        assertThat(BatchHandler.storable("{\"text\":\"\\\\u0000\"}")).as("the text \\u0000, not a NUL")
                .isEqualTo("{\"text\":\"\\\\u0000\"}");
        assertThat(BatchHandler.storable("{\"text\":\"\\\\\\u0000\"}")).isEqualTo("{\"text\":\"\\\\\\uFFFD\"}");
        assertThat(BatchHandler.storable("{\"text\":\"обычный\"}")).isEqualTo("{\"text\":\"обычный\"}");
    }
}
