package ru.saigabot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendRateLimiterTest {
    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(5));
    private final SendRateLimiter limiter = new SendRateLimiter(now::get);

    @Test
    void aBurstPassesThenTheRestIsSpreadOut() {
        for (int i = 0; i < 15; i++) {
            assertThat(limiter.reserve(1000 + i)).as("message %d", i).isZero();
        }
        assertThat(limiter.reserve(2000)).isBetween(TimeUnit.MILLISECONDS.toNanos(60), TimeUnit.MILLISECONDS.toNanos(70));
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(limiter.reserve(3000)).as("the bucket refills").isZero();
    }

    @Test
    void neverMoreThanThirtyASecondOverall() {
        assertThat(maxInAnyWindow(i -> 1000L + i, 300, TimeUnit.SECONDS.toNanos(1))).isLessThanOrEqualTo(30);
    }

    @Test
    void neverMoreThanTwentyAMinuteInOneGroupWhileOtherChatsGoOn() {
        assertThat(maxInAnyWindow(i -> -100L, 60, TimeUnit.MINUTES.toNanos(1))).isLessThanOrEqualTo(20);
        assertThat(limiter.reserve(-200)).as("another group is not held up by the first").isLessThan(
                TimeUnit.SECONDS.toNanos(1));
        assertThat(limiter.reserve(42)).as("nor is a private chat").isLessThan(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void previewsGiveWayBeforeTheGroupBudgetRunsOut() {
        int previews = 0;
        while (limiter.tryReserve(-100, 3)) {
            previews++;
        }
        assertThat(previews).as("10 at once minus the 3 kept for answers").isEqualTo(7);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.reserve(-100)).as("answers still go at once").isZero();
        }
        assertThat(limiter.tryReserve(42, 3)).as("private chats have no group budget").isTrue();
    }

    @Test
    void reservingOnlyWhenDueSaysTheWaitAndReservesNothing() {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.reserveIfDue(-100)).isZero();
        }
        long wait = limiter.reserveIfDue(-100);
        assertThat(wait).as("the group's burst is spent").isEqualTo(TimeUnit.SECONDS.toNanos(6));
        assertThat(limiter.reserveIfDue(-100)).as("asking again reserved nothing").isEqualTo(wait);
        assertThat(limiter.reserveIfDue(42)).as("a private chat goes on").isZero();
        assertThat(limiter.reserve(-100)).as("an answer queues behind the burst").isEqualTo(wait);
        now.addAndGet(wait);
        assertThat(limiter.reserveIfDue(-100)).as("and goes first: the reply waits another interval")
                .isEqualTo(TimeUnit.SECONDS.toNanos(6));
        now.addAndGet(TimeUnit.SECONDS.toNanos(6));
        assertThat(limiter.reserveIfDue(-100)).isZero();
    }

    /** Sends {@code count} messages as fast as allowed and returns the most that fell in one window. */
    private int maxInAnyWindow(java.util.function.IntToLongFunction chat, int count, long window) {
        List<Long> sentAt = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long wait = limiter.reserve(chat.applyAsLong(i));
            now.addAndGet(wait);
            sentAt.add(now.get());
        }
        int max = 0;
        for (int i = 0; i < sentAt.size(); i++) {
            int inWindow = 0;
            for (int j = i; j < sentAt.size() && sentAt.get(j) - sentAt.get(i) < window; j++) {
                inWindow++;
            }
            max = Math.max(max, inWindow);
        }
        return max;
    }
}
