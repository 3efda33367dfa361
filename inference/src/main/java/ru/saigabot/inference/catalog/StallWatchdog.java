package ru.saigabot.inference.catalog;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body that has delivered nothing for too long. HttpClient's timeouts end when the headers
 * arrive; without this, a connection that goes silent mid-file (a dead Wi-Fi, a NAT that forgot the flow) would
 * block a read forever instead of being retried.
 */
final class StallWatchdog implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final long timeoutNanos;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean fired;
    private ScheduledFuture<?> check;

    StallWatchdog(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "download-stall-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts watching {@code body}; {@link #activity()} must be called whenever bytes arrive. */
    void watch(Closeable body) {
        stop();
        fired = false;
        lastActivity = System.nanoTime();
        long period = Math.max(1, timeoutNanos / 4);
        check = timer.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastActivity >= timeoutNanos && !fired) {
                fired = true;
                try {
                    body.close();
                } catch (IOException | RuntimeException ignored) {
                    // the reader sees the stream end or fail, and fired() says why
                }
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    void activity() {
        lastActivity = System.nanoTime();
    }

    /** Whether the body being watched was closed for silence. */
    boolean fired() {
        return fired;
    }

    void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    @Override
    public void close() {
        stop();
        timer.shutdownNow();
    }
}
