package ru.saigabot.inference.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlotAffinityTest {
    /** No slot's cache known: the choice by conversation and age alone. */
    private static final java.util.function.IntUnaryOperator NOTHING_CACHED = slot -> 0;


    @Test
    void aConversationGoesBackToTheSlotThatServedItWhenThatSlotIsFree() {
        SlotAffinity affinity = new SlotAffinity(3);
        boolean[] allFree = {true, true, true};
        int a = affinity.take(allFree, "a", NOTHING_CACHED);
        int b = affinity.take(allFree, "b", NOTHING_CACHED);
        int c = affinity.take(allFree, "c", NOTHING_CACHED);
        assertThat(new int[] {a, b, c}).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(affinity.take(allFree, "b", NOTHING_CACHED)).isEqualTo(b);
        assertThat(affinity.take(allFree, "a", NOTHING_CACHED)).isEqualTo(a);
        assertThat(affinity.holder(b)).isEqualTo("b");
    }

    @Test
    void otherwiseTheFreeSlotUsedLongestAgo() {
        SlotAffinity affinity = new SlotAffinity(3);
        boolean[] allFree = {true, true, true};
        affinity.take(allFree, "a", NOTHING_CACHED); // slot 0
        affinity.take(allFree, "b", NOTHING_CACHED); // slot 1
        affinity.take(allFree, "c", NOTHING_CACHED); // slot 2
        affinity.take(allFree, "a", NOTHING_CACHED); // slot 0 again: now b's slot is the oldest
        assertThat(affinity.take(allFree, "d", NOTHING_CACHED)).isEqualTo(1);
        assertThat(affinity.holder(1)).isEqualTo("d");
        // a's slot is busy: a goes to the oldest free one instead of waiting
        assertThat(affinity.take(new boolean[] {false, true, true}, "a", NOTHING_CACHED)).isEqualTo(2);
    }

    @Test
    void theFreeSlotHoldingTheLongestStartOfThePromptWinsOverTheSlotThatServedItLast() {
        SlotAffinity affinity = new SlotAffinity(3);
        boolean[] allFree = {true, true, true};
        affinity.take(allFree, "a", NOTHING_CACHED); // slot 0
        affinity.take(allFree, "b", NOTHING_CACHED); // slot 1
        affinity.take(allFree, "c", NOTHING_CACHED); // slot 2
        // a's last turn ran on slot 0, but slot 2 still holds more of its prompt (an earlier, longer turn of it)
        int[] cached = {40, 12, 300};
        assertThat(affinity.take(allFree, "a", slot -> cached[slot])).isEqualTo(2);
        // a busy slot does not count, however much it holds
        assertThat(affinity.take(new boolean[] {true, true, false}, "a", slot -> cached[slot])).isZero();
    }

    @Test
    void onATieTheConversationsOwnSlotThenTheOldestAmongTheTied() {
        SlotAffinity affinity = new SlotAffinity(3);
        boolean[] allFree = {true, true, true};
        affinity.take(allFree, "a", NOTHING_CACHED); // slot 0
        affinity.take(allFree, "b", NOTHING_CACHED); // slot 1
        affinity.take(allFree, "c", NOTHING_CACHED); // slot 2
        // every slot holds the same shared system prompt: b goes back to its own slot
        assertThat(affinity.take(allFree, "b", slot -> 20)).isEqualTo(1);
        // a new conversation: the oldest of the slots that hold the most (slot 0 used longest ago holds nothing)
        int[] cached = {0, 20, 20};
        assertThat(affinity.take(allFree, "d", slot -> cached[slot])).isEqualTo(2);
    }

    @Test
    void requestsWithoutAConversationTakeTheOldestFreeSlot() {
        SlotAffinity affinity = new SlotAffinity(2);
        assertThat(affinity.take(new boolean[] {true, true}, null, NOTHING_CACHED)).isZero();
        assertThat(affinity.take(new boolean[] {true, true}, null, NOTHING_CACHED)).isEqualTo(1);
        assertThat(affinity.take(new boolean[] {true, true}, null, NOTHING_CACHED)).isZero();
        assertThat(affinity.holder(0)).isNull();
    }

    @Test
    void refusesWhenNoSlotIsFree() {
        SlotAffinity affinity = new SlotAffinity(2);
        assertThatThrownBy(() -> affinity.take(new boolean[] {false, false}, "a", NOTHING_CACHED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no free slot");
        assertThatThrownBy(() -> affinity.take(new boolean[] {true}, "a", NOTHING_CACHED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 2 slots");
    }
}
