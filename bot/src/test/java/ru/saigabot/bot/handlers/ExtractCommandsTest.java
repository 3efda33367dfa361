package ru.saigabot.bot.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import ru.saigabot.bot.handlers.ExtractCommands.Arguments;

class ExtractCommandsTest {

    @Test
    void theFirstWordIsTheNameAndTheRestKeepsItsLines() {
        assertThat(Arguments.of("contact Иван Петров\n+7 900 123-45-67\n")).isEqualTo(
                new Arguments("contact", "Иван Петров\n+7 900 123-45-67"));
        assertThat(Arguments.of("  invoice\n\nСчёт № 5 ")).isEqualTo(new Arguments("invoice", "Счёт № 5"));
        assertThat(Arguments.of("contact")).isEqualTo(new Arguments("contact", ""));
        assertThat(Arguments.of("")).isEqualTo(new Arguments("", ""));
    }

    @Test
    void aSchemaTypedRightAfterItsNameIsTheSchema() {
        assertThat(Arguments.of("bill{\"type\": \"object\"}").nameBeforeBrace()).isEqualTo(
                new Arguments("bill", "{\"type\": \"object\"}"));
        assertThat(Arguments.of("bill {\"type\":\n\"object\"}").nameBeforeBrace()).isEqualTo(
                new Arguments("bill", "{\"type\":\n\"object\"}"));
        assertThat(Arguments.of("{\"type\": \"object\"}").nameBeforeBrace()).as("no name at all")
                .isEqualTo(new Arguments("{\"type\":", "\"object\"}"));
    }
}
