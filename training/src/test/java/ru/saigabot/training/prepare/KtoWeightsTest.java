package ru.saigabot.training.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KtoWeightsTest {

    @Test
    void balancedCountsKeepEqualWeights() {
        assertThat(KtoWeights.balance(100, 100)).isEqualTo(new KtoWeights(1, 1));
        assertThat(KtoWeights.balance(4, 3)).as("4:3 is the top of the range").isEqualTo(new KtoWeights(1, 1));
    }

    @Test
    void moreLikesRaiseTheDislikesWeight() {
        // 300 👍 : 100 👎 = 3.00; undesirable 3.00 gives exactly 1:1
        assertThat(KtoWeights.balance(300, 100)).isEqualTo(new KtoWeights(1, 3.0));
        // 1000 : 333 = 3.003...; floor to 3.00 → weighted 1000 / 999 = 1.001
        assertThat(KtoWeights.balance(1000, 333)).isEqualTo(new KtoWeights(1, 3.0));
    }

    @Test
    void moreDislikesRaiseTheLikesWeight() {
        // 10 👍 : 35 👎; desirable = ceil(3.5) to 2 decimals = 3.5 → weighted 35 / 35 = 1
        assertThat(KtoWeights.balance(10, 35)).isEqualTo(new KtoWeights(3.5, 1));
        // 3 : 10 → 3.333... ceil → 3.34 → weighted 10.02 / 10 = 1.002
        assertThat(KtoWeights.balance(3, 10)).isEqualTo(new KtoWeights(3.34, 1));
    }

    @Test
    void everyCountPairLandsBetweenOneToOneAndFourToThree() {
        for (long liked = 1; liked <= 300; liked++) {
            for (long disliked = 1; disliked <= 300; disliked++) {
                double ratio = KtoWeights.balance(liked, disliked).weightedRatio(liked, disliked);
                assertThat(ratio).as("%d liked, %d disliked", liked, disliked)
                        .isBetween(1.0 - 1e-9, KtoWeights.MAX_RATIO + 1e-9);
            }
        }
        assertThat(KtoWeights.balance(1_000_000, 7).weightedRatio(1_000_000, 7)).isBetween(1.0, KtoWeights.MAX_RATIO);
        assertThat(KtoWeights.balance(7, 1_000_000).weightedRatio(7, 1_000_000)).isBetween(1.0, KtoWeights.MAX_RATIO);
    }

    @Test
    void oneSidedDataIsRefusedWithAWayOut() {
        assertThatThrownBy(() -> KtoWeights.balance(12, 0)).isInstanceOf(PrepareException.class)
                .hasMessageContaining("12 👍 and 0 👎").hasMessageContaining("--method sft");
    }
}
