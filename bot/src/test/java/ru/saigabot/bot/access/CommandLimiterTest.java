package ru.saigabot.bot.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CommandLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CommandLimiter limiter = new CommandLimiter(now::get);

    @Test
    void aBurstPassesThenOneEveryThreeSeconds() {
        for (int i = 0; i < CommandLimiter.BURST; i++) {
            assertThat(limiter.admit(7).admitted()).as("command %d", i).isTrue();
        }
        CommandLimiter.Decision refused = limiter.admit(7);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.waitMillis()).isEqualTo(3000);
        now.addAndGet(3000);
        assertThat(limiter.admit(7).admitted()).isTrue();
        assertThat(limiter.admit(7).admitted()).as("one per interval").isFalse();
        assertThat(limiter.admit(8).admitted()).as("another user has a limit of their own").isTrue();
    }

    @Test
    void theFirstRefusalIsToldAndTheRestAreNotUntilTheUserIsAdmittedAgain() {
        for (int i = 0; i < CommandLimiter.BURST; i++) {
            limiter.admit(7);
        }
        assertThat(limiter.admit(7).tell()).isTrue();
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.admit(7).tell()).isFalse();
        }
        assertThat(limiter.refused()).isEqualTo(51);
        now.addAndGet(3000);
        assertThat(limiter.admit(7).admitted()).isTrue();
        assertThat(limiter.admit(7).tell()).as("a new flood is told again").isTrue();
    }

    @Test
    void aFloodGainsNothing() {
        int admitted = 0;
        for (int second = 0; second < 60; second++) {
            for (int i = 0; i < 10; i++) {
                admitted += limiter.admit(7).admitted() ? 1 : 0;
            }
            now.addAndGet(1000);
        }
        assertThat(admitted).as("600 commands in a minute").isEqualTo(CommandLimiter.BURST + 20 - 1);
        now.addAndGet(30_000);
        assertThat(limiter.admit(7).admitted()).as("refusals did not push the limit further").isTrue();
    }
}
