package ru.saigabot.inference.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A failed backend goes to the end of the line for its cool-down, and is still tried when all else fails. */
class CoolDownTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final CoolDown coolDown = new CoolDown(3, Duration.ofSeconds(20), now::get);

    @Test
    void backendsAreTriedRoundTheListFromTheStart() {
        assertThat(coolDown.order(0)).containsExactly(0, 1, 2);
        assertThat(coolDown.order(2)).containsExactly(2, 0, 1);
        assertThat(coolDown.order(4)).containsExactly(1, 2, 0);
    }

    @Test
    void aFailedBackendIsTriedLastUntilItsCoolDownEnds() {
        coolDown.failed(0);
        assertThat(coolDown.order(0)).containsExactly(1, 2, 0);
        now.addAndGet(Duration.ofSeconds(19).toNanos());
        assertThat(coolDown.cooling(0)).isTrue();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(coolDown.cooling(0)).isFalse();
        assertThat(coolDown.order(0)).containsExactly(0, 1, 2);
    }

    @Test
    void aSuccessEndsTheCoolDownAtOnce() {
        coolDown.failed(1);
        coolDown.succeeded(1);
        assertThat(coolDown.order(1)).containsExactly(1, 2, 0);
    }

    @Test
    void whenEveryBackendCoolsAllAreStillTriedInTurn() {
        coolDown.failed(0);
        coolDown.failed(1);
        coolDown.failed(2);
        assertThat(coolDown.order(1)).containsExactly(1, 2, 0);
    }

    @Test
    void aZeroCoolDownNeverSkips() {
        CoolDown none = new CoolDown(2, Duration.ZERO, now::get);
        none.failed(0);
        assertThat(none.order(0)).containsExactly(0, 1);
    }
}
