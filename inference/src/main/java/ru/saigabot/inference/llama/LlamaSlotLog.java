package ru.saigabot.inference.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads llama.cpp's own account of each prompt from its log ({@link LlamaEngineConfig#nativeLog}): the only place
 * where llama.cpp's numbers are visible, since java-llama.cpp 4.2.0 passes back the generated text and nothing of the
 * result's {@code timings} or {@code tokens_cached}. The lines are those of llama.cpp's server code at b4916:
 * <pre>
 * slot update_slots: id  0 | task 3 | new prompt, n_ctx_slot = 512, n_keep = 0, n_prompt_tokens = 471
 * slot update_slots: id  0 | task 3 | kv cache rm [402, end)
 * slot print_timing: id  0 | task 3 |
 * prompt eval time =      38.24 ms /    69 tokens (    0.08 ms per token, 12316.30 tokens per second)
 *        eval time =      34.62 ms /    32 tokens (    1.08 ms per token,   924.43 tokens per second)
 * </pre>
 * Another llama.cpp version may word its log differently, which the tests of this class would show.
 */
public final class LlamaSlotLog {
    private static final Pattern SLOT = Pattern.compile("^slot +\\w+: id +(\\d+) \\| task (\\d+) \\| ?(.*)$");
    private static final Pattern NEW_PROMPT = Pattern.compile("new prompt, .*n_prompt_tokens = (\\d+)");
    private static final Pattern KV_RM = Pattern.compile("kv cache rm \\[(\\d+), end\\)");
    private static final Pattern PROMPT_EVAL = Pattern.compile("^prompt eval time = +([\\d.]+) ms / +(\\d+) tokens");
    private static final Pattern EVAL = Pattern.compile("^eval time = +([\\d.]+) ms / +(\\d+) tokens");

    /**
     * One request as llama.cpp processed it.
     *
     * @param reused           tokens taken from the slot's KV cache (llama.cpp's {@code n_past} when it started)
     * @param evaluated        prompt tokens llama.cpp evaluated ({@code n_prompt_tokens_processed})
     * @param millis           llama.cpp's prompt evaluation time
     * @param generated        tokens llama.cpp generated ({@code n_decoded})
     * @param generationMillis llama.cpp's generation time
     */
    public record PromptEvaluation(int slot, int task, int promptTokens, int reused, int evaluated, double millis,
                                   int generated, double generationMillis) {

        /** llama.cpp's own decode speed for this request; 0 when it generated nothing. */
        public double generationTokensPerSecond() {
            return generationMillis > 0 ? generated * 1000 / generationMillis : 0;
        }
    }

    /**
     * llama.cpp's own figures over many requests.
     *
     * @param promptTokensPerSecond evaluated prompt tokens over llama.cpp's prompt evaluation time
     * @param decodeTokensPerSecond generated tokens over llama.cpp's generation time, i.e. one stream's speed when
     *                              requests ran at the same time
     */
    public record Totals(int requests, long promptTokensEvaluated, double promptTokensPerSecond,
                         double decodeTokensPerSecond) {

        public static Totals of(List<PromptEvaluation> evaluations) {
            long evaluated = 0;
            long generated = 0;
            double promptMillis = 0;
            double generationMillis = 0;
            for (PromptEvaluation e : evaluations) {
                evaluated += e.evaluated();
                generated += e.generated();
                promptMillis += e.millis();
                generationMillis += e.generationMillis();
            }
            return new Totals(evaluations.size(), evaluated, promptMillis > 0 ? evaluated * 1000 / promptMillis : 0,
                    generationMillis > 0 ? generated * 1000 / generationMillis : 0);
        }
    }

    private LlamaSlotLog() {
    }

    /**
     * Reads the log file until it holds {@code count} requests' timings or {@code timeout} passes: llama.cpp writes
     * its log from its own thread, a little after the answers reached Java.
     *
     * @return the requests found, fewer than {@code count} when the timeout passed
     */
    public static List<PromptEvaluation> await(Path log, int count, Duration timeout) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<PromptEvaluation> seen = parse(Files.readString(log));
        while (seen.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = parse(Files.readString(log));
        }
        return seen;
    }

    /** Every prompt whose timing line is in {@code log}, in the order they finished. */
    public static List<PromptEvaluation> parse(String log) {
        Map<Integer, int[]> started = new HashMap<>(); // task -> {slot, promptTokens, reused}
        List<PromptEvaluation> done = new ArrayList<>();
        int lastSlot = -1;
        int lastTask = -1;
        for (String line : log.split("\n")) {
            Matcher slot = SLOT.matcher(line);
            if (slot.find()) {
                lastSlot = Integer.parseInt(slot.group(1));
                lastTask = Integer.parseInt(slot.group(2));
                String message = slot.group(3);
                Matcher prompt = NEW_PROMPT.matcher(message);
                Matcher kv = KV_RM.matcher(message);
                if (prompt.find()) {
                    started.put(lastTask, new int[] {lastSlot, Integer.parseInt(prompt.group(1)), -1});
                } else if (kv.find() && started.containsKey(lastTask) && started.get(lastTask)[2] < 0) {
                    started.get(lastTask)[2] = Integer.parseInt(kv.group(1));
                }
                continue;
            }
            Matcher promptEval = PROMPT_EVAL.matcher(line.strip());
            if (promptEval.find() && started.containsKey(lastTask)) {
                int[] task = started.remove(lastTask);
                done.add(new PromptEvaluation(task[0], lastTask, task[1], Math.max(task[2], 0),
                        Integer.parseInt(promptEval.group(2)), Double.parseDouble(promptEval.group(1)), 0, 0));
                continue;
            }
            Matcher eval = EVAL.matcher(line.strip());
            if (eval.find() && !done.isEmpty() && done.get(done.size() - 1).task() == lastTask) {
                PromptEvaluation prompt = done.remove(done.size() - 1);
                done.add(new PromptEvaluation(prompt.slot(), prompt.task(), prompt.promptTokens(), prompt.reused(),
                        prompt.evaluated(), prompt.millis(), Integer.parseInt(eval.group(2)),
                        Double.parseDouble(eval.group(1))));
            }
        }
        return done;
    }
}
