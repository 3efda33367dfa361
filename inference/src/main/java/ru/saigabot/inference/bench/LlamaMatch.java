package ru.saigabot.inference.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import ru.saigabot.inference.llama.LlamaSlotLog.PromptEvaluation;

/**
 * Finds each answer's line in llama.cpp's log, to report llama.cpp's own count of evaluated prompt tokens per answer.
 * The log names tasks, not conversations, so answers are paired with lines by order and size: taken in the order they
 * finished, each answer gets the first line not yet taken whose prompt has its number of tokens. llama.cpp logs a
 * request's timings as it ends, so the orders agree except for answers that end together, and those are told apart
 * by their sizes (when even those are equal, their counts may be swapped, which no sum or mean notices).
 */
public final class LlamaMatch {

    private LlamaMatch() {
    }

    /** The samples, each with llama.cpp's count where a line matched; in the order they came. */
    public static List<TurnSample> attach(List<TurnSample> samples, List<PromptEvaluation> log) {
        List<Integer> byFinish = IntStream.range(0, samples.size()).boxed()
                .sorted(Comparator.comparingLong(i -> samples.get(i).finishedNanos())).toList();
        boolean[] taken = new boolean[log.size()];
        List<TurnSample> matched = new ArrayList<>(samples);
        for (int index : byFinish) {
            TurnSample sample = samples.get(index);
            for (int line = 0; line < log.size(); line++) {
                if (!taken[line] && log.get(line).promptTokens() == sample.stats().promptTokens()) {
                    taken[line] = true;
                    matched.set(index, sample.withLlamaEvaluated(log.get(line).evaluated()));
                    break;
                }
            }
        }
        return matched;
    }
}
