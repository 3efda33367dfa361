package ru.saigabot.training.clean;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MajorityTest {

    @ParameterizedTest(name = "{0}👍 {1}👎 min {2} → {3}")
    @CsvSource({
            // up, down, minAgreement, label or rejection, agreement, margin
            "1, 0, 0.6, true, 1.0, 1",
            "0, 1, 0.6, false, 1.0, 1",
            "2, 1, 0.6, true, 0.6667, 1",
            "1, 2, 0.6, false, 0.6667, 1",
            "3, 2, 0.6, true, 0.6, 1",
            "4, 3, 0.6, LOW_AGREEMENT, 0, 0",
            "4, 3, 0.5, true, 0.5714, 1",
            "2, 2, 0.5, TIE, 0, 0",
            "1, 1, 0.6, TIE, 0, 0",
            "0, 0, 0.6, NO_VOTES, 0, 0",
            "2, 1, 1.0, LOW_AGREEMENT, 0, 0",
            "5, 0, 1.0, true, 1.0, 5"})
    void majorityWithAgreement(int up, int down, double min, String expected, double agreement, int margin) {
        Majority.Outcome outcome = Majority.of(new VoteTally(up, down), min);
        if (expected.equals("true") || expected.equals("false")) {
            assertThat(outcome.majority()).isPresent();
            assertThat(outcome.majority().get().label()).isEqualTo(Boolean.parseBoolean(expected));
            assertThat(outcome.majority().get().agreement()).isCloseTo(agreement, org.assertj.core.data.Offset.offset(1e-3));
            assertThat(outcome.majority().get().margin()).isEqualTo(margin);
        } else {
            assertThat(outcome.majority()).isEmpty();
            assertThat(outcome.rejection()).isEqualTo(Majority.Rejection.valueOf(expected));
        }
    }
}
