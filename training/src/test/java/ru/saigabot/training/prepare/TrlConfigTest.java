package ru.saigabot.training.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrlConfigTest {

    @Test
    void stringsAreQuotedSoAnyPathStaysOneYamlScalar() {
        assertThat(TrlConfig.quote("IlyaGusev/saiga_llama3_8b")).isEqualTo("\"IlyaGusev/saiga_llama3_8b\"");
        assertThat(TrlConfig.quote("/data/my \"models\"\\x: y #z")).isEqualTo("\"/data/my \\\"models\\\"\\\\x: y #z\"");
        assertThat(TrlConfig.quote("a\tb\u0001")).isEqualTo("\"a\\tb\\u0001\"");
    }
}
