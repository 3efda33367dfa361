package ru.saigabot.bot.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPrefixTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"a\": 1}|true",
            "{\"a\": \"b|true",
            "{\"a\": tr|true",
            "[1, nul|true",
            "[1, 2.|true",
            "  {|true",
            "ver Расскг loo Русский|false",
            "5 apples|false",
            "{\"a\" 1|false",
            "''|false"})
    void tellsTheStartOfJsonFromGibberish(String text, boolean json) throws IOException {
        assertThat(JsonPrefix.isStartOfJson(text)).isEqualTo(json);
    }
}
