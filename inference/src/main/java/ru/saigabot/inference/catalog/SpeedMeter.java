package ru.saigabot.inference.catalog;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/** Transfer rate over the last few seconds, so that the figure follows changes without jumping at every read. */
final class SpeedMeter {

    private record Sample(long nanos, long bytes) {
    }

    private final LongSupplier nanoClock;
    private final long windowNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /**
     * @param nanoClock e.g. {@code System::nanoTime}
     * @param windowNanos how far back to look
     */
    SpeedMeter(LongSupplier nanoClock, long windowNanos) {
        this.nanoClock = nanoClock;
        this.windowNanos = windowNanos;
    }

    /** Starts measuring again from {@code bytes} (after a reconnect, which must not count as a burst). */
    void restart(long bytes) {
        samples.clear();
        samples.addLast(new Sample(nanoClock.getAsLong(), bytes));
    }

    /** Notes that {@code bytes} have been transferred by now, and returns the rate in bytes per second. */
    double record(long bytes) {
        long now = nanoClock.getAsLong();
        samples.addLast(new Sample(now, bytes));
        // keep one sample older than the window, so the window is always fully covered
        while (samples.size() > 2 && now - secondOldest().nanos >= windowNanos) {
            samples.removeFirst();
        }
        Sample oldest = samples.peekFirst();
        long elapsed = now - oldest.nanos;
        return elapsed <= 0 ? 0 : (bytes - oldest.bytes) * 1e9 / elapsed;
    }

    private Sample secondOldest() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }
}
