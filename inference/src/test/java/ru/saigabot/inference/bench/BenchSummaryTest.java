package ru.saigabot.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.GenerationStats;

class BenchSummaryTest {

    private static TurnSample sample(int user, int turn, int prompt, int cached, int generated, long waitMs,
                                     long ttftMs, long totalMs) {
        return new TurnSample(user, turn, "", new GenerationStats(prompt, cached, generated, Duration.ofMillis(waitMs),
                Duration.ofMillis(ttftMs), Duration.ofMillis(totalMs), 0), prompt - 100 * turn, 0);
    }

    @Test
    void nearestRankPercentiles() {
        double[] values = {5, 1, 4, 2, 3};
        assertThat(BenchSummary.percentile(values, 50)).isEqualTo(3);
        assertThat(BenchSummary.percentile(values, 99)).isEqualTo(5);
        assertThat(BenchSummary.percentile(values, 1)).isEqualTo(1);
        assertThat(BenchSummary.percentile(new double[0], 50)).isZero();
    }

    @Test
    void summarisesSpeedsPerUserAndPromptWorkPerTurn() {
        BenchWorkload workload = new BenchWorkload(2, 2, 11, 1);
        List<TurnSample> samples = List.of(
                sample(0, 0, 100, 0, 11, 0, 100, 1100),   // 10 tokens in 1 s
                sample(1, 0, 100, 20, 11, 50, 80, 580),   // 10 tokens in 0.5 s
                sample(0, 1, 200, 150, 11, 10, 30, 1030), // 10 tokens in 1 s
                sample(1, 1, 210, 160, 11, 20, 40, 540)); // 10 tokens in 0.5 s
        BenchSummary summary = BenchSummary.of(workload, new BenchRunner.Run(samples, Duration.ofSeconds(4)));

        assertThat(summary.requests()).isEqualTo(4);
        assertThat(summary.decodeTokensPerSecond()).isEqualTo(44 / 4.0);
        assertThat(summary.streamTokensPerSecond()).containsExactly(10.0, 20.0);
        assertThat(summary.slowestToFastest()).isEqualTo(0.5);
        TurnSeries series = TurnSeries.of(2, samples);
        assertThat(series.promptTokens()).containsExactly(100.0, 205.0);
        assertThat(series.newTextTokens()).containsExactly(100.0, 105.0);
        assertThat(series.evaluatedTokens()).containsExactly(90.0, 50.0);
        assertThat(series.llamaEvaluatedTokens()).as("the engine's count where the log has none")
                .containsExactly(90.0, 50.0);
        assertThat(series.droppedTurns()).containsExactly(0.0, 0.0);
        assertThat(series.ttftMillis()).containsExactly(80.0, 30.0);
        assertThat(summary.queueWaitMillisP50()).isEqualTo(10);
        assertThat(summary.queueWaitMillisP95()).isEqualTo(50);
        assertThat(summary.ttftMillisP50()).isEqualTo(40);
        assertThat(summary.ttftMillisP95()).isEqualTo(100);
        assertThat(summary.ttftMillisP99()).isEqualTo(100);
        assertThat(summary.promptTokensPerSecond()).isCloseTo(280 / 0.25, within(1e-6));
    }

    @Test
    void aRunWithoutAnswersHasNoFigures() {
        assertThatThrownBy(() -> BenchSummary.of(new BenchWorkload(1, 1, 8, 1),
                new BenchRunner.Run(List.of(), Duration.ofSeconds(1)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWorkloadIsTheSameForTheSameSeed() {
        BenchWorkload workload = new BenchWorkload(3, 4, 16, 42);
        assertThat(workload.questions(1)).hasSize(4).isEqualTo(new BenchWorkload(3, 4, 16, 42).questions(1))
                .isNotEqualTo(workload.questions(2));
        assertThat(new BenchWorkload(3, 4, 16, 43).questions(1)).isNotEqualTo(workload.questions(1));
        assertThat(workload.answerSeed(1, 2)).isEqualTo(new BenchWorkload(3, 4, 16, 42).answerSeed(1, 2));
        assertThatThrownBy(() -> new BenchWorkload(0, 1, 1, 1)).hasMessageContaining("users = 0");
    }
}
