package ru.saigabot.inference.llama;

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
 * </pre>
 * A pure parser; another llama.cpp version may word its log differently, which the tests of this class would show.
 */
public final class LlamaSlotLog {
    private static final Pattern SLOT = Pattern.compile("^slot +\\w+: id +(\\d+) \\| task (\\d+) \\| ?(.*)$");
    private static final Pattern NEW_PROMPT = Pattern.compile("new prompt, .*n_prompt_tokens = (\\d+)");
    private static final Pattern KV_RM = Pattern.compile("kv cache rm \\[(\\d+), end\\)");
    private static final Pattern EVAL = Pattern.compile("^prompt eval time = +([\\d.]+) ms / +(\\d+) tokens");

    /**
     * One prompt as llama.cpp processed it.
     *
     * @param reused    tokens taken from the slot's KV cache (llama.cpp's {@code n_past} when it started)
     * @param evaluated tokens llama.cpp evaluated ({@code n_prompt_tokens_processed})
     */
    public record PromptEvaluation(int slot, int task, int promptTokens, int reused, int evaluated, double millis) {}

    private LlamaSlotLog() {
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
            Matcher eval = EVAL.matcher(line.strip());
            if (eval.find() && started.containsKey(lastTask)) {
                int[] task = started.remove(lastTask);
                done.add(new PromptEvaluation(task[0], lastTask, task[1], Math.max(task[2], 0),
                        Integer.parseInt(eval.group(2)), Double.parseDouble(eval.group(1))));
            }
        }
        return done;
    }
}
