package ru.saigabot.bot.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaNamesTest {

    @ParameterizedTest
    @CsvSource(nullValues = "OK", value = {
            "invoice_v2, OK",
            "my-schema-1, OK",
            "abcdefghijklmnopqrstuvwxyz012345, OK",
            "abcdefghijklmnopqrstuvwxyz0123456, MALFORMED",
            "Invoice, MALFORMED",
            "счёт, MALFORMED",
            "a.b, MALFORMED",
            "contact, PRESET",
            "order, PRESET"})
    void namesAreShortLowerCaseLatinWordsThatNoPresetHas(String name, SchemaNames.Problem problem) {
        assertThat(SchemaNames.problem(name)).isEqualTo(Optional.ofNullable(problem));
    }
}
