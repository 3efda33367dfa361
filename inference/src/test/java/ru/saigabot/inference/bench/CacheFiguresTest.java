package ru.saigabot.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static ru.saigabot.inference.bench.BenchSamples.answer;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheFiguresTest {

    /** One conversation: turn 3 outgrows the context and drops two turns, evaluating 300 tokens for 100 of new text. */
    private static final List<TurnSample> LONG = List.of(
            answer(0, 0, 100, 0, 100, 0, 100),
            answer(0, 1, 200, 100, 100, 0, 100),
            answer(0, 2, 350, 50, 100, 2, 300),
            answer(0, 3, 450, 350, 100, 2, 100),
            answer(0, 4, 500, 450, 50, 2, 50));

    @Test
    void theFirstOverflowIsTheFirstTurnThatDroppedAnything() {
        CacheFigures figures = CacheFigures.of(TurnSeries.of(5, LONG), LONG, Optional.empty());
        assertThat(figures.firstOverflowTurn()).hasValue(3);
        // turns 2..5: 100/100, 300/100, 100/100, 50/50
        assertThat(figures.evaluatedToNew().getAsDouble()).isCloseTo(6.0 / 4, within(1e-9));
        // turns 3..5: 300/100, 100/100, 50/50
        assertThat(figures.evaluatedToNewPastOverflow().getAsDouble()).isCloseTo(5.0 / 3, within(1e-9));
        assertThat(figures.ttftPastOverflowCacheToNocache()).as("no replay without the cache").isEmpty();
    }

    @Test
    void theHitRateIsTheShareOfPromptTokensFromTheCache() {
        CacheFigures figures = CacheFigures.of(TurnSeries.of(5, LONG), LONG, Optional.empty());
        assertThat(figures.hitRate()).isCloseTo(950.0 / 1600, within(1e-9));
        assertThat(figures.llamaHitRate()).as("none was found in llama.cpp's log").isEmpty();
        assertThat(figures.llamaMatched()).isZero();

        // llama.cpp's log evaluated more for the second answer than the engine counted
        List<TurnSample> logged = List.of(LONG.get(0).withLlamaEvaluated(100), LONG.get(1).withLlamaEvaluated(150));
        CacheFigures fromLog = CacheFigures.of(TurnSeries.of(2, logged), logged, Optional.empty());
        assertThat(fromLog.llamaHitRate().getAsDouble()).isCloseTo(1 - 250.0 / 300, within(1e-9));
        assertThat(fromLog.hitRate()).isCloseTo(100.0 / 300, within(1e-9));
        assertThat(fromLog.llamaMatched()).isEqualTo(2);
        assertThat(fromLog.evaluatedToNew().getAsDouble()).as("llama.cpp's count decides").isEqualTo(1.5);
    }

    @Test
    void theTimeToFirstTokenPastTheOverflowComparesMediansWithAndWithoutTheCache() {
        List<TurnSample> nocache = List.of(
                answer(0, 0, 100, 0, 100, 0, 100),
                answer(0, 1, 200, 0, 100, 0, 200),
                answer(0, 2, 350, 0, 100, 2, 350),
                answer(0, 3, 450, 0, 100, 2, 450),
                answer(0, 4, 500, 0, 50, 2, 500));
        CacheFigures figures = CacheFigures.of(TurnSeries.of(5, LONG), LONG, Optional.of(nocache));
        // turns 3..5: cached 300, 100, 50 -> median 100; without the cache 350, 450, 500 -> 450
        assertThat(figures.ttftPastOverflowCacheToNocache().getAsDouble()).isCloseTo(100.0 / 450, within(1e-9));
    }

    @Test
    void withoutAnOverflowOnlyTheWholeRunsFiguresExist() {
        List<TurnSample> twoUsers = List.of(
                answer(0, 0, 100, 0, 100, 0, 100), answer(1, 0, 100, 60, 100, 0, 100),
                answer(0, 1, 200, 100, 100, 0, 100), answer(1, 1, 220, 60, 120, 0, 100));
        CacheFigures figures = CacheFigures.of(TurnSeries.of(2, twoUsers), twoUsers, Optional.of(twoUsers));
        assertThat(figures.firstOverflowTurn()).isEmpty();
        assertThat(figures.evaluatedToNewPastOverflow()).isEmpty();
        assertThat(figures.ttftPastOverflowCacheToNocache()).isEmpty();
        // turn 2: (100 + 160) / 2 evaluated over (100 + 120) / 2 new
        assertThat(figures.evaluatedToNew().getAsDouble()).isCloseTo(130.0 / 110, within(1e-9));
        assertThat(figures.hitRate()).isCloseTo(220.0 / 620, within(1e-9));

        List<TurnSample> oneTurn = List.of(answer(0, 0, 100, 0, 100, 0, 100));
        assertThat(CacheFigures.of(TurnSeries.of(1, oneTurn), oneTurn, Optional.empty()).evaluatedToNew()).isEmpty();
    }

    @Test
    void aConversationOverflowsWhenAnyOfThemDrops() {
        List<TurnSample> samples = List.of(
                answer(0, 0, 100, 0, 100, 0, 100), answer(1, 0, 100, 0, 100, 0, 100),
                answer(0, 1, 200, 100, 100, 0, 100), answer(1, 1, 150, 50, 100, 1, 100));
        TurnSeries series = TurnSeries.of(2, samples);
        assertThat(series.droppedTurns()).containsExactly(0.0, 0.5);
        assertThat(CacheFigures.of(series, samples, Optional.empty()).firstOverflowTurn()).hasValue(2);
    }
}
