package ru.saigabot.inference.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.llama.LlamaSlotLog.PromptEvaluation;

class LlamaSlotLogTest {

    /** Lines as llama.cpp b4916 writes them, two slots interleaved. */
    private static final String LOG = """
            srv  update_slots: all slots are idle
            slot launch_slot_: id  0 | task 0 | processing task
            slot update_slots: id  0 | task 0 | new prompt, n_ctx_slot = 512, n_keep = 0, n_prompt_tokens = 471
            slot update_slots: id  0 | task 0 | kv cache rm [0, end)
            slot launch_slot_: id  1 | task 2 | processing task
            slot update_slots: id  1 | task 2 | new prompt, n_ctx_slot = 512, n_keep = 0, n_prompt_tokens = 40
            slot update_slots: id  1 | task 2 | kv cache rm [33, end)
            slot update_slots: id  0 | task 0 | prompt processing progress, n_past = 471, n_tokens = 471, progress = 1.0
            slot update_slots: id  0 | task 0 | kv cache rm [471, end)
            slot      release: id  0 | task 0 | stop processing: n_past = 502, truncated = 0
            slot print_timing: id  0 | task 0 |\s
            prompt eval time =      38.24 ms /   471 tokens (    0.08 ms per token, 12316.30 tokens per second)
                   eval time =      34.62 ms /    32 tokens (    1.08 ms per token,   924.43 tokens per second)
                  total time =      72.86 ms /   503 tokens
            slot print_timing: id  1 | task 2 |\s
            prompt eval time =       1.50 ms /     7 tokens (    0.21 ms per token,  4666.67 tokens per second)
            srv  update_slots: all slots are idle
            """;

    @Test
    void readsEachPromptsSizeReuseAndEvaluation() {
        List<PromptEvaluation> prompts = LlamaSlotLog.parse(LOG);
        assertThat(prompts).containsExactly(
                new PromptEvaluation(0, 0, 471, 0, 471, 38.24, 32, 34.62),
                new PromptEvaluation(1, 2, 40, 33, 7, 1.50, 0, 0));
        // llama.cpp prints rounded milliseconds
        assertThat(prompts.get(0).generationTokensPerSecond()).isCloseTo(924.43, within(0.5));
    }

    @Test
    void totalsLlamaCppsOwnSpeeds() {
        LlamaSlotLog.Totals totals = LlamaSlotLog.Totals.of(LlamaSlotLog.parse(LOG));
        assertThat(totals.requests()).isEqualTo(2);
        assertThat(totals.promptTokensEvaluated()).isEqualTo(478);
        assertThat(totals.promptTokensPerSecond()).isCloseTo(478 / 0.03974, within(0.01));
        assertThat(totals.decodeTokensPerSecond()).isCloseTo(32 / 0.03462, within(0.01));
        assertThat(LlamaSlotLog.Totals.of(List.of()).promptTokensPerSecond()).isZero();
    }

    @Test
    void ignoresAPromptWhoseTimingIsNotWrittenYet() {
        String partial = LOG.substring(0, LOG.indexOf("slot print_timing"));
        assertThat(LlamaSlotLog.parse(partial)).isEmpty();
        assertThat(LlamaSlotLog.parse("")).isEmpty();
    }
}
