package ru.saigabot.inference.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A multi-turn run turn by turn: each value is the mean over the conversations of that turn (the median for times).
 *
 * @param promptTokens         the prompt's size, after the context budget dropped what did not fit
 * @param newTextTokens        the text the turn adds: the previous answer and the new user turn (see
 *                             {@link BenchRunner})
 * @param evaluatedTokens      prompt tokens evaluated, as the engine counts them (the rest came from the cache)
 * @param llamaEvaluatedTokens prompt tokens evaluated, as llama.cpp's log says (the engine's count for an answer
 *                             missing from the log)
 * @param droppedTurns         old turns the context budget left out of the prompt
 * @param ttftMillis           median time to first token
 */
public record TurnSeries(List<Double> promptTokens, List<Double> newTextTokens, List<Double> evaluatedTokens,
                         List<Double> llamaEvaluatedTokens, List<Double> droppedTurns, List<Double> ttftMillis) {

    public TurnSeries {
        promptTokens = List.copyOf(promptTokens);
        newTextTokens = List.copyOf(newTextTokens);
        evaluatedTokens = List.copyOf(evaluatedTokens);
        llamaEvaluatedTokens = List.copyOf(llamaEvaluatedTokens);
        droppedTurns = List.copyOf(droppedTurns);
        ttftMillis = List.copyOf(ttftMillis);
    }

    public static TurnSeries of(int turns, List<TurnSample> samples) {
        List<Double> prompt = new ArrayList<>();
        List<Double> added = new ArrayList<>();
        List<Double> evaluated = new ArrayList<>();
        List<Double> llama = new ArrayList<>();
        List<Double> dropped = new ArrayList<>();
        List<Double> ttft = new ArrayList<>();
        for (int turn = 0; turn < turns; turn++) {
            List<TurnSample> ofTurn = ofTurn(samples, turn);
            prompt.add(mean(ofTurn, s -> s.stats().promptTokens()));
            added.add(mean(ofTurn, TurnSample::newTextTokens));
            evaluated.add(mean(ofTurn, s -> s.stats().processedPromptTokens()));
            llama.add(mean(ofTurn, TurnSample::evaluated));
            dropped.add(mean(ofTurn, s -> s.stats().droppedTurns()));
            ttft.add(BenchSummary.percentile(BenchSummary.millis(ofTurn, s -> s.stats().timeToFirstToken().toNanos()),
                    50));
        }
        return new TurnSeries(prompt, added, evaluated, llama, dropped, ttft);
    }

    public int turns() {
        return promptTokens.size();
    }

    static List<TurnSample> ofTurn(List<TurnSample> samples, int turn) {
        return samples.stream().filter(s -> s.turn() == turn).toList();
    }

    private static double mean(List<TurnSample> samples, ToDoubleFunction<TurnSample> value) {
        return samples.stream().mapToDouble(value).average().orElse(0);
    }
}
