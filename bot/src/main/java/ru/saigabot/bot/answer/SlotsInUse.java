package ru.saigabot.bot.answer;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import ru.saigabot.inference.GenerationListener;

/**
 * How many submitted generations are being written right now (the engine started them and they
 * have not ended), as opposed to waiting in the engine's queue: the queue length is the difference.
 */
final class SlotsInUse {
    private final AtomicInteger count = new AtomicInteger();

    int get() {
        return count.get();
    }

    /** Passes everything on to {@code inner}, counting the generation from its start to {@link Tracked#ended}. */
    Tracked track(GenerationListener inner) {
        return new Tracked(inner);
    }

    final class Tracked implements GenerationListener {
        private final GenerationListener inner;
        private final AtomicBoolean started = new AtomicBoolean();

        private Tracked(GenerationListener inner) {
            this.inner = inner;
        }

        @Override
        public void onQueued(int position) {
            inner.onQueued(position);
        }

        @Override
        public void onStarted() {
            if (started.compareAndSet(false, true)) {
                count.incrementAndGet();
            }
            inner.onStarted();
        }

        @Override
        public void onText(String delta) {
            inner.onText(delta);
        }

        /** Idempotent; a generation that never started was never counted. */
        void ended() {
            if (started.compareAndSet(true, false)) {
                count.decrementAndGet();
            }
        }
    }
}
