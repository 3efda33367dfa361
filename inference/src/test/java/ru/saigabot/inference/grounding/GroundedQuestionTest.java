package ru.saigabot.inference.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroundedQuestionTest {

    @Test
    void thePassagesComeWorstFirstThenTheInstructionThenTheQuestion() {
        List<String> parts = GroundedQuestion.parts(List.of(
                new GivenPassage(1, "guide.pdf", 3, null, "Печать настраивают в меню «Файл».\n"),
                new GivenPassage(2, "notes.md", null, "Установка", "Ставят через apt."),
                new GivenPassage(3, "faq.txt", null, null, "Ответы на вопросы.")), List.of("Как настроить печать?"));
        assertThat(parts).containsExactly(
                "[3] faq.txt\nОтветы на вопросы.\n",
                "[2] notes.md, «Установка»\nСтавят через apt.\n",
                "[1] guide.pdf, с. 3\nПечать настраивают в меню «Файл».\n",
                GroundedQuestion.INSTRUCTION,
                "Как настроить печать?");
    }

    @Test
    void withoutPassagesTheQuestionIsAsItWas() {
        assertThat(GroundedQuestion.parts(List.of(), List.of("Анна: привет", "Борис: @bot как дела?")))
                .containsExactly("Анна: привет", "Борис: @bot как дела?");
    }
}
