package ru.saigabot.bot.api.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RequestRateTest {
    private static final Instant T0 = Instant.parse("2025-05-01T12:00:00Z");
    private final RequestRate rate = new RequestRate();

    private static ApiKey key(long id, Integer perMinute) {
        return new ApiKey(id, "key" + id, "sk-saiga-abc", perMinute, T0, null, null);
    }

    private static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    @Test
    void allowsTheLimitInASlidingMinuteAndSaysWhenTheOldestLeavesIt() {
        ApiKey key = key(1, 2);
        assertThat(rate.retryAfterSeconds(key, at(0))).isEmpty();
        assertThat(rate.retryAfterSeconds(key, at(20))).isEmpty();
        assertThat(rate.retryAfterSeconds(key, at(30))).hasValue(30);
        assertThat(rate.retryAfterSeconds(key, at(59.2))).as("rounded up").hasValue(1);
        assertThat(rate.retryAfterSeconds(key, at(60))).as("the first left the window").isEmpty();
        assertThat(rate.retryAfterSeconds(key, at(61))).as("the one at 20 s is still in it").hasValue(19);
        assertThat(rate.retryAfterSeconds(key, at(80))).isEmpty();
    }

    @Test
    void refusedRequestsDoNotCountSoRetryingEarlyDoesNotPushTheWaitBack() {
        ApiKey key = key(1, 1);
        assertThat(rate.retryAfterSeconds(key, at(0))).isEmpty();
        for (int second = 1; second < 60; second++) {
            assertThat(rate.retryAfterSeconds(key, at(second))).hasValue(60 - second);
        }
        assertThat(rate.retryAfterSeconds(key, at(60))).isEmpty();
    }

    @Test
    void aKeyWithoutALimitAlwaysGoesAndKeysHaveTheirOwnMinutes() {
        ApiKey unlimited = key(1, null);
        for (int i = 0; i < 10_000; i++) {
            assertThat(rate.retryAfterSeconds(unlimited, at(0))).isEmpty();
        }
        ApiKey a = key(2, 1);
        ApiKey b = key(3, 1);
        assertThat(rate.retryAfterSeconds(a, at(0))).isEmpty();
        assertThat(rate.retryAfterSeconds(b, at(0))).as("b has its own minute").isEmpty();
        assertThat(rate.retryAfterSeconds(a, at(1))).isPresent();
    }

    @Test
    void aLoweredLimitWaitsUntilEnoughRequestsLeftTheWindow() {
        assertThat(rate.retryAfterSeconds(key(1, 3), at(0))).isEmpty();
        assertThat(rate.retryAfterSeconds(key(1, 3), at(10))).isEmpty();
        assertThat(rate.retryAfterSeconds(key(1, 3), at(20))).isEmpty();
        ApiKey lowered = key(1, 1);
        assertThat(rate.retryAfterSeconds(lowered, at(30))).as("all three must leave: the last at 80 s").hasValue(50);
        assertThat(rate.retryAfterSeconds(lowered, at(80))).isEmpty();
    }

    @Test
    void aClockThatSteppedBackNeverAsksForMoreThanAMinute() {
        ApiKey key = key(1, 1);
        assertThat(rate.retryAfterSeconds(key, at(100))).isEmpty();
        assertThat(rate.retryAfterSeconds(key, at(0))).hasValue(60);
    }

    @Test
    void concurrentRequestsOfOneKeyGetExactlyTheLimit() throws Exception {
        ApiKey key = key(1, 50);
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> allowed = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<Integer> requests = () -> {
                    start.await();
                    int went = 0;
                    for (int i = 0; i < perThread; i++) {
                        OptionalLong wait = rate.retryAfterSeconds(key, at(1));
                        went += wait.isEmpty() ? 1 : 0;
                    }
                    return went;
                };
                allowed.add(pool.submit(requests));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> count : allowed) {
                total += count.get();
            }
            assertThat(total).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }
}
