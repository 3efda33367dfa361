package ru.saigabot.bot.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls a condition that another thread or process makes true, such as a row a commit will add. */
public final class Await {
    private Await() {}

    /** Returns the first value of {@code probe} that {@code done} accepts, or fails after {@code timeout}. */
    public static <T> T until(Duration timeout, Callable<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = probe.call();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout + "; last value: " + value);
            }
            Thread.sleep(50);
            value = probe.call();
        }
        return value;
    }

    public static void until(Duration timeout, Callable<Boolean> condition) throws Exception {
        until(timeout, condition, Boolean::booleanValue);
    }
}
