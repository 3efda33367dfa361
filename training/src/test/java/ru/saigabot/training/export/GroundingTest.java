package ru.saigabot.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.grounding.GivenPassage;

/** Whether a question's prompt can still be rebuilt from the passages stored for it. */
class GroundingTest {
    private static GivenPassage passage(int number) {
        return new GivenPassage(number, "file.pdf", number, null, "текст " + number);
    }

    @Test
    void plainQuestionsAndCompletePassagesCanBeRebuilt() {
        assertThat(Grounding.NONE.rebuildable()).isTrue();
        assertThat(new Grounding(true, List.of(passage(1), passage(2), passage(3))).rebuildable()).isTrue();
    }

    @Test
    void noPassagesLeftOrAGapInTheirNumbersMeanADocumentWasDeleted() {
        assertThat(new Grounding(true, List.of()).rebuildable()).isFalse();
        assertThat(new Grounding(true, List.of(passage(2), passage(3))).rebuildable()).isFalse();
        assertThat(new Grounding(true, List.of(passage(1), passage(3))).rebuildable()).isFalse();
    }

    @Test
    void onlyAFoundGroundingHasPassages() {
        assertThatThrownBy(() -> new Grounding(false, List.of(passage(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'found'");
    }
}
