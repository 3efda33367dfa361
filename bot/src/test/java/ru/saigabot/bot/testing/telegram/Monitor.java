package ru.saigabot.bot.testing.telegram;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A lock with one "something changed" condition. Every mutation signals it, so any waiter can re-check
 * its own predicate: simpler than one condition per question and plenty fast for a test double.
 */
final class Monitor {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    <T> T read(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    <T> T write(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            changed.signalAll();
            lock.unlock();
        }
    }

    void write(Runnable action) {
        write(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Re-evaluates {@code probe} under the lock each time the state changes until it yields a value or
     * the timeout passes.
     */
    <T> Optional<T> await(Supplier<Optional<T>> probe, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Optional<T> result = probe.get();
                if (result.isPresent() || remaining <= 0) {
                    return result;
                }
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link #await} for test threads: an interrupt becomes an AssertionError (keeping the flag). */
    <T> Optional<T> awaitUninterruptibly(Supplier<Optional<T>> probe, Duration timeout) {
        try {
            return await(probe, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    static <T> T orElseTimeout(Optional<T> value, Duration timeout, Supplier<String> description) {
        return value.orElseThrow(() -> new AssertionError(
                "Timed out after " + timeout.toMillis() + " ms waiting for " + description.get()));
    }
}
