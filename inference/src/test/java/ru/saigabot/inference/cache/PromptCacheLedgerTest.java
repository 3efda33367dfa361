package ru.saigabot.inference.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptCacheLedgerTest {
    private static final String BASE = "";

    @Test
    void anEmptySlotReusesNothing() {
        assertThat(new PromptCacheLedger(2).reusable(0, new int[] {1, 2, 3}, BASE)).isZero();
    }

    @Test
    void theNextTurnReusesThePreviousPromptAndTheAnswerButItsLastToken() {
        PromptCacheLedger ledger = new PromptCacheLedger(2);
        ledger.record(1, new int[] {1, 10, 11, 12}, new int[] {20, 21, 2}, BASE);
        // next prompt: the old prompt, the answer (with its end token written by the template), a new question
        int[] next = {1, 10, 11, 12, 20, 21, 2, 30, 31};
        assertThat(ledger.reusable(1, next, BASE)).isEqualTo(6);
        assertThat(ledger.reusable(0, next, BASE)).as("another slot").isZero();
    }

    @Test
    void aRepeatedPromptStillEvaluatesOneToken() {
        PromptCacheLedger ledger = new PromptCacheLedger(1);
        ledger.record(0, new int[] {1, 2, 3}, new int[] {4}, BASE);
        assertThat(ledger.reusable(0, new int[] {1, 2, 3}, BASE)).isEqualTo(2);
    }

    @Test
    void aChangedPrefixReusesOnlyTheCommonStart() {
        PromptCacheLedger ledger = new PromptCacheLedger(1);
        ledger.record(0, new int[] {1, 2, 3, 4, 5}, new int[0], BASE);
        assertThat(ledger.reusable(0, new int[] {1, 2, 9, 4, 5, 6}, BASE)).isEqualTo(2);
    }

    @Test
    void anotherLoraSettingOrAForgottenSlotReusesNothing() {
        PromptCacheLedger ledger = new PromptCacheLedger(1);
        ledger.record(0, new int[] {1, 2, 3}, new int[] {4, 5}, "style=1.0");
        assertThat(ledger.reusable(0, new int[] {1, 2, 3, 4, 9}, "style=1.0")).isEqualTo(4);
        assertThat(ledger.reusable(0, new int[] {1, 2, 3, 4, 9}, BASE)).isZero();
        assertThat(ledger.reusable(0, new int[] {1, 2, 3, 4, 9}, "style=0.5")).isZero();
        ledger.forget(0);
        assertThat(ledger.reusable(0, new int[] {1, 2, 3, 4, 9}, "style=1.0")).isZero();
    }

    @Test
    void withChunkReuseTheTurnsAfterDroppedOnesAreShiftedIntoPlace() {
        PromptCacheLedger ledger = new PromptCacheLedger(1, 3);
        // system 1 2, a dropped turn 7 7 7 7, a kept turn 10..14, then the answer 20 21 (its last token not cached)
        ledger.record(0, new int[] {1, 2, 7, 7, 7, 7, 10, 11, 12, 13, 14}, new int[] {20, 21, 22}, "");
        int[] next = {1, 2, 10, 11, 12, 13, 14, 20, 21, 22, 30};
        assertThat(ledger.reusable(0, next, "")).as("prefix 2, then the run 10..21 of 7").isEqualTo(9);
        assertThat(new PromptCacheLedger(1, 0)).satisfies(off -> {
            off.record(0, new int[] {1, 2, 7, 7, 7, 7, 10, 11, 12, 13, 14}, new int[] {20, 21, 22}, "");
            assertThat(off.reusable(0, next, "")).as("without chunk reuse").isEqualTo(2);
        });
    }

    @Test
    void runsShorterThanTheMinimumAreSkippedNotReused() {
        PromptCacheLedger ledger = new PromptCacheLedger(2, 3);
        ledger.record(0, new int[] {1, 9, 5, 6, 8}, new int[0], "");
        assertThat(ledger.reusable(0, new int[] {1, 5, 6, 7}, "")).as("'5 6' is two tokens: skipped").isEqualTo(1);
        ledger.record(1, new int[] {1, 9, 5, 6, 10, 11}, new int[0], "");
        assertThat(ledger.reusable(1, new int[] {1, 5, 6, 10, 11, 40}, "")).isEqualTo(5);
    }
}
