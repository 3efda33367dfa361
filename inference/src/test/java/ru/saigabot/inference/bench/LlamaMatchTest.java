package ru.saigabot.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.inference.bench.BenchSamples.answer;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.llama.LlamaSlotLog.PromptEvaluation;

class LlamaMatchTest {

    private static PromptEvaluation line(int task, int prompt, int evaluated) {
        return new PromptEvaluation(0, task, prompt, prompt - evaluated, evaluated, 1, 10, 10);
    }

    @Test
    void answersTakeTheLinesInTheOrderTheyFinishedTellingApartBySize() {
        // finished in the order of finishedNanos: user 0 turn 0 (0), user 1 turn 0 (1), user 0 turn 1 (10)
        List<TurnSample> samples = List.of(
                answer(0, 1, 300, 0, 100, 0, 10),
                answer(0, 0, 100, 0, 100, 0, 10),
                answer(1, 0, 120, 0, 120, 0, 10));
        // llama.cpp logged the second to finish first, and the sizes tell them apart
        List<PromptEvaluation> log = List.of(line(2, 120, 119), line(1, 100, 99), line(3, 300, 150));

        List<TurnSample> matched = LlamaMatch.attach(samples, log);

        assertThat(matched).extracting(TurnSample::llamaEvaluated)
                .containsExactly(OptionalInt.of(150), OptionalInt.of(99), OptionalInt.of(119));
        assertThat(matched.get(0).evaluated()).isEqualTo(150);
    }

    @Test
    void answersOfTheSameSizeTakeTheLinesInOrderAndAMissingLineLeavesTheEnginesCount() {
        List<TurnSample> samples = List.of(
                answer(0, 0, 100, 0, 100, 0, 10),
                answer(1, 0, 100, 40, 100, 0, 10),
                answer(0, 1, 250, 100, 150, 0, 10));
        List<PromptEvaluation> log = List.of(line(1, 100, 100), line(2, 100, 60));

        List<TurnSample> matched = LlamaMatch.attach(samples, log);

        assertThat(matched.get(0).llamaEvaluated()).hasValue(100);
        assertThat(matched.get(1).llamaEvaluated()).hasValue(60);
        assertThat(matched.get(2).llamaEvaluated()).isEmpty();
        assertThat(matched.get(2).evaluated()).as("the engine's own count").isEqualTo(150);
    }
}
