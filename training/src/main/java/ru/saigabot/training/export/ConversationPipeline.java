package ru.saigabot.training.export;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Cleans conversations on a second thread while the first reads the next ones from PostgreSQL: reading (the
 * server's cursor and the driver's decoding) and cleaning (scrubbing, normalising, JSON) each take a good part of
 * an export, and on a small machine they would otherwise take turns. The queue is bounded, so memory stays
 * constant however large the database; everything {@code consumer} touches stays on the cleaning thread.
 */
final class ConversationPipeline implements AutoCloseable {
    private static final StoredConversation END = new StoredConversation(0, false, "", List.of());

    private final BlockingQueue<StoredConversation> queue;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread worker;
    private boolean finished;

    ConversationPipeline(Consumer<StoredConversation> consumer, int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(() -> {
            try {
                for (StoredConversation next = queue.take(); next != END; next = queue.take()) {
                    if (failure.get() == null) {
                        consumer.accept(next);
                    }
                }
            } catch (InterruptedException e) {
                failure.compareAndSet(null, e);
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                queue.clear(); // unblocks a reader waiting for room; it sees the failure on its next put
                drainUntilEnd();
            }
        }, "export-cleaner");
        worker.setDaemon(true);
        worker.start();
    }

    /** Hands one conversation over; throws the cleaning thread's failure, if it had one. */
    void submit(StoredConversation conversation) {
        rethrow();
        try {
            queue.put(conversation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the export was interrupted", e);
        }
    }

    /** Waits until every submitted conversation was cleaned; after it, the consumer's effects are visible here. */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            queue.put(END);
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the export was interrupted", e);
        }
        rethrow();
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            worker.interrupt();
        }
    }

    private void drainUntilEnd() {
        try {
            while (queue.take() != END) {
                // the reader stops at its next submit; until then its conversations are dropped unread
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrow() {
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        } else if (t != null) {
            throw new IllegalStateException("cleaning the conversations failed: " + t, t);
        }
    }
}
