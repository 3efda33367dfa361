package ru.saigabot.inference.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Remembers which backends failed lately, so the next requests try them last instead of paying their timeout
 * again. A cooling backend is still tried when all others failed too: with every backend down, a request
 * costs each one attempt, and the first to recover answers.
 */
final class CoolDown {
    private final long coolNanos;
    private final LongSupplier nanoClock;
    /** Per backend: until when it cools, in {@code nanoClock} time; 0 for never failed. */
    private final AtomicLongArray until;

    CoolDown(int backends, Duration coolDown, LongSupplier nanoClock) {
        this.coolNanos = coolDown.toNanos();
        this.nanoClock = nanoClock;
        this.until = new AtomicLongArray(backends);
    }

    void failed(int backend) {
        until.set(backend, nanoClock.getAsLong() + coolNanos);
    }

    void succeeded(int backend) {
        until.set(backend, 0);
    }

    boolean cooling(int backend) {
        long end = until.get(backend);
        return end != 0 && end - nanoClock.getAsLong() > 0;
    }

    /** Every backend once, from {@code start} round the list: the healthy ones first, then the cooling ones. */
    List<Integer> order(int start) {
        int n = until.length();
        List<Integer> healthy = new ArrayList<>(n);
        List<Integer> cooling = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int backend = Math.floorMod(start + i, n);
            (cooling(backend) ? cooling : healthy).add(backend);
        }
        healthy.addAll(cooling);
        return healthy;
    }
}
