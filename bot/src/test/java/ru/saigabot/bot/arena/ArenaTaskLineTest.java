package ru.saigabot.bot.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.saigabot.inference.catalog.ModelCatalog;

class ArenaTaskLineTest {
    private final ObjectMapper json = new ObjectMapper();
    private final VariantParser variants = new VariantParser(ModelCatalog.builtIn());

    private ArenaTaskLine parse(String line) {
        return ArenaTaskLine.parse(line, 7, json, variants);
    }

    @Test
    void aPromptAlone() {
        ArenaTaskLine line = parse("{\"prompt\": \"Почему небо голубое?\"}");
        assertThat(line.prompt()).isEqualTo("Почему небо голубое?");
        assertThat(line.answered()).isFalse();
        assertThat(line.control()).isEmpty();
    }

    @Test
    void readyAnswersWithVariantsInTheirCanonicalSpellingOrAsLabels() {
        ArenaTaskLine line = parse("{\"prompt\": \"p\", \"variant_a\": \"m.gguf@temperature=0.50\", \"answer_a\": \"x\", "
                + "\"variant_b\": \"gpt-3.5-turbo\", \"answer_b\": \"y\", \"control\": \"both_bad\"}");
        assertThat(line.variantA()).contains("m.gguf@temperature=0.5");
        assertThat(line.variantB()).contains("gpt-3.5-turbo");
        assertThat(line.answerA()).contains("x");
        assertThat(line.answerB()).contains("y");
        assertThat(line.control()).isEqualTo(Optional.of(Choice.BOTH_BAD));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "[1, 2]                                                                    | it is not a JSON object",
            "{\"answer_a\": \"x\"}                                                     | \"prompt\" is missing",
            "{\"prompt\": \" \"}                                                       | \"prompt\" is empty",
            "{\"prompt\": 5}                                                           | \"prompt\" must be a string",
            "{\"prompt\": \"p\", \"answer_a\": \"x\", \"variant_a\": \"m.gguf\"}       | give both answer_a and answer_b",
            "{\"prompt\": \"p\", \"answer_a\": \"x\", \"answer_b\": \"y\"}             | ready answers need variant_a and variant_b",
            "{\"prompt\": \"p\", \"answer_a\": \"x\", \"answer_b\": \"y\", \"variant_a\": \"m.gguf\", \"variant_b\": \"m.gguf\"} | are the same",
            "{\"prompt\": \"p\", \"answer_a\": \"x\", \"answer_b\": \"y\", \"variant_a\": \"m.gguf@temperature=9\", \"variant_b\": \"o\"} | temperature = 9.0 is out of range",
            "{\"prompt\": \"p\", \"answer_a\": \"x\", \"answer_b\": \"y\", \"variant_a\": \"m\", \"variant_b\": \"o\", \"control\": \"left\"} | control 'left' is invalid; use a, b, tie or both_bad",
            "{\"prompt\": \"p\", \"control\": \"a\"}                                   | a control task needs its ready answers",
            "{\"prompt\": \"p\"                                                        | line 7:",
    })
    void refusesABadLineWithItsNumber(String line, String message) {
        assertThatThrownBy(() -> parse(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 7: ").hasMessageContaining(message);
    }
}
