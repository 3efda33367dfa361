package ru.saigabot.bot.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.InboxUpdate;
import ru.saigabot.bot.store.UpdateInbox;
import ru.saigabot.bot.telegram.UpdateSink;

/**
 * Hands updates to their handlers in update_id order, on one thread, and is the only writer of the inbox.
 *
 * <p>While the inbox holds nothing unhandled, a batch the poller receives is handled at once, in the
 * transaction that records it: one statement and one durable commit per batch for the bookkeeping, and
 * the update's content is never written. The poller waits for that commit before it confirms the batch to
 * Telegram, so a crash before it loses nothing: Telegram delivers the batch again.
 *
 * <p>The inbox is the way round when updates must wait: ones left by an earlier run, a failed update
 * waiting for its retry (and what comes behind it meanwhile, which keeps each chat's order), a backlog.
 * A received batch is then stored there, content included, and the inbox is read in update_id order.
 */
public final class Dispatcher implements Runnable, UpdateSink {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 100;
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long FAILURE_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final UpdateInbox inbox;
    private final BatchHandler handler;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    /** Put in the queue by {@link #stop} so that the thread sees the stop at once. */
    private final Received wakeUp = new Received(List.of(), new CompletableFuture<>());
    private volatile boolean running = true;
    // The dispatcher thread's own state: whether the inbox may hold unhandled updates, and from when on
    // it is to be read (System.nanoTime()).
    private boolean inboxMayHoldSome = true;
    private long readInboxAt = System.nanoTime();

    /** Tells a user their update could not be handled; called once the update is given up. */
    @FunctionalInterface
    public interface FailureReporter {
        void report(Update update, RuntimeException error);
    }

    public Dispatcher(Database database, UpdateInbox inbox, Router router, ObjectMapper json,
                      FailureReporter failureReporter) {
        this.inbox = inbox;
        this.handler = new BatchHandler(database, inbox, router, json, failureReporter, () -> running);
    }

    /**
     * Called by the poller: returns once every update of the batch is handled or stored in the inbox, so
     * the poller may confirm it to Telegram.
     */
    @Override
    public void accept(List<Update> updates) {
        Received batch = new Received(updates, new CompletableFuture<>());
        received.add(batch);
        while (true) {
            try {
                batch.safe().get(1, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                // still being handled, or waiting behind the inbox
                if (!running) {
                    throw new IllegalStateException("the dispatcher has stopped; Telegram delivers the batch "
                            + "again after a restart");
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause
                        : new IllegalStateException(e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the batch was handled", e);
            }
        }
    }

    public void stop() {
        running = false;
        received.add(wakeUp);
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (inboxMayHoldSome && System.nanoTime() - readInboxAt >= 0) {
                    handleFromInbox();
                    if (inboxMayHoldSome) {
                        storeWhatWasReceived(); // behind what the inbox holds, and the poller need not wait
                    }
                    continue;
                }
                long waitNanos = inboxMayHoldSome ? readInboxAt - System.nanoTime() : TimeUnit.SECONDS.toNanos(1);
                Received next = received.poll(waitNanos, TimeUnit.NANOSECONDS);
                if (next == null || next == wakeUp) {
                    continue;
                }
                if (inboxMayHoldSome) {
                    storeForLater(next);
                } else {
                    handleNow(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // The database is down or similar: nothing is lost (the inbox keeps the updates); try again.
                log.error("dispatch loop failed, retrying in 2 s: {}", e.getMessage(), e);
                inboxMayHoldSome = true;
                readInboxAt = System.nanoTime() + FAILURE_PAUSE_NANOS;
            }
        }
        for (Received left = received.poll(); left != null; left = received.poll()) {
            left.safe().completeExceptionally(new IllegalStateException("the dispatcher has stopped"));
        }
    }

    private void handleNow(Received next) {
        boolean clean;
        try {
            clean = handler.handleReceived(next.updates(), () -> next.safe().complete(null));
        } catch (RuntimeException e) {
            if (!next.safe().completeExceptionally(e)) {
                throw e; // it failed after the batch was made safe: the run loop retries from the inbox
            }
            return; // neither handled nor stored: the poller fetches the batch again
        }
        if (!clean) {
            inboxMayHoldSome = true;
            readInboxAt = System.nanoTime() + RETRY_PAUSE_NANOS;
        }
    }

    private void storeWhatWasReceived() {
        for (Received next = received.poll(); next != null; next = received.poll()) {
            if (next != wakeUp) {
                storeForLater(next);
            }
        }
    }

    private void storeForLater(Received next) {
        try {
            handler.storeForLater(next.updates());
        } catch (RuntimeException e) {
            next.safe().completeExceptionally(e);
            return;
        }
        next.safe().complete(null);
    }

    /** Handles the oldest unhandled updates in the inbox. */
    private void handleFromInbox() {
        List<InboxUpdate> pending = inbox.pending(BATCH);
        if (pending.isEmpty()) {
            inboxMayHoldSome = false;
            return;
        }
        List<ReceivedUpdate> batch = new ArrayList<>(pending.size());
        for (InboxUpdate stored : pending) {
            batch.add(new ReceivedUpdate(stored, null));
        }
        if (!handler.handleStored(batch)) {
            readInboxAt = System.nanoTime() + RETRY_PAUSE_NANOS; // a failed update waits there for its retry
        } else if (pending.size() < BATCH) {
            inboxMayHoldSome = false; // this thread alone stores updates there, and it has handled them all
        }
    }

    private record Received(List<Update> updates, CompletableFuture<Void> safe) {}
}
