package ru.saigabot.bot.arena;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShownTest {

    /** The button names the side shown; the vote is stored in the task's terms, through the recorded order. */
    @ParameterizedTest(name = "{0} with a shown first = {1} -> {2}")
    @CsvSource({
            "LEFT, true, A", "LEFT, false, B", "RIGHT, true, B", "RIGHT, false, A",
            "TIE, true, TIE", "TIE, false, TIE", "BOTH_BAD, false, BOTH_BAD", "SKIP, true, SKIPPED"})
    void buttonsBecomeChoicesInTheTasksTerms(Shown shown, boolean leftIsA, Choice choice) {
        assertThat(shown.toChoice(leftIsA)).isEqualTo(choice);
        assertThat(Shown.ofCode(shown.code())).contains(shown);
    }
}
