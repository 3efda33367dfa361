package ru.saigabot.bot.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.InboxUpdate;
import ru.saigabot.bot.store.UpdateInbox;
import ru.saigabot.bot.telegram.ReceivedUpdate;

/**
 * Hands stored updates to their handlers in update_id order. A batch of updates is handled in one
 * transaction (one durable commit instead of one per update): its writes and its "handled" mark commit
 * together or not at all, so an update is acted on once even across crashes. A failed update is retried
 * before anything later from the same chat.
 *
 * <p>The poller hands over what it has just stored, parsed; the inbox in the database is read only when
 * it may hold more than that: at the start (updates left by an earlier run), after a failure (the update
 * is retried from there), while a backlog fills whole batches, and after a second without news. The
 * update_id of the last update taken keeps one that was both handed over and read back from being
 * handled twice: the poller stores batches in update_id order and hands over only new rows.
 */
public final class Dispatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_ATTEMPTS = 3;
    /** An update that is not ready yet waits about 200 ms per attempt: a few seconds in all. */
    private static final int NOT_READY_ATTEMPTS = 20;
    private static final int BATCH = 100;

    private final Database database;
    private final UpdateInbox inbox;
    private final Router router;
    private final ObjectMapper json;
    private final FailureReporter failureReporter;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Object handOverLock = new Object();
    private final ArrayDeque<ReceivedUpdate> handedOver = new ArrayDeque<>();
    private volatile boolean running = true;
    // The dispatcher thread's own state:
    private boolean readInbox = true;
    private long lastTaken = Long.MIN_VALUE;

    /** Tells a user their update could not be handled; called once the update is given up. */
    @FunctionalInterface
    public interface FailureReporter {
        void report(Update update, RuntimeException error);
    }

    public Dispatcher(Database database, UpdateInbox inbox, Router router, ObjectMapper json,
                      FailureReporter failureReporter) {
        this.database = database;
        this.inbox = inbox;
        this.router = router;
        this.json = json;
        this.failureReporter = failureReporter;
    }

    /** Called by the poller with the updates it has just stored, in update_id order. */
    public void handOver(List<ReceivedUpdate> stored) {
        synchronized (handOverLock) {
            handedOver.addAll(stored);
        }
        wakeUp.release();
    }

    public void stop() {
        running = false;
        wakeUp.release();
    }

    @Override
    public void run() {
        while (running) {
            try {
                boolean fromInbox = readInbox;
                List<ReceivedUpdate> batch = fromInbox ? readInbox() : takeHandedOver();
                boolean clean = batch.isEmpty() || dispatch(batch);
                // A failed update waits in the inbox; a full batch from there may have more behind it.
                readInbox = !clean || (fromInbox && batch.size() == BATCH);
                if (batch.size() < BATCH && !readInbox && nothingHandedOver()) {
                    if (!wakeUp.tryAcquire(1000, TimeUnit.MILLISECONDS)) {
                        readInbox = true; // a second without news: a look at the inbox costs one query
                    }
                    wakeUp.drainPermits();
                } else if (!clean) {
                    pause(200); // before the retry
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is down or similar: nothing is lost (the inbox keeps the updates); try again.
                log.error("dispatch loop failed, retrying in 2 s: {}", e.getMessage(), e);
                readInbox = true;
                pause(2000);
            }
        }
    }

    /** The oldest unhandled updates in the database; drops what was handed over and is among them. */
    private List<ReceivedUpdate> readInbox() {
        List<InboxUpdate> pending = inbox.pending(BATCH);
        List<ReceivedUpdate> batch = new ArrayList<>(pending.size());
        for (InboxUpdate stored : pending) {
            batch.add(new ReceivedUpdate(stored, null));
            lastTaken = Math.max(lastTaken, stored.updateId());
        }
        synchronized (handOverLock) {
            handedOver.removeIf(update -> update.updateId() <= lastTaken);
        }
        return batch;
    }

    private List<ReceivedUpdate> takeHandedOver() {
        List<ReceivedUpdate> batch = new ArrayList<>();
        synchronized (handOverLock) {
            while (batch.size() < BATCH && !handedOver.isEmpty()) {
                ReceivedUpdate next = handedOver.pollFirst();
                if (next.updateId() > lastTaken) { // not read back from the inbox already
                    batch.add(next);
                    lastTaken = next.updateId();
                }
            }
        }
        return batch;
    }

    private boolean nothingHandedOver() {
        synchronized (handOverLock) {
            return handedOver.isEmpty();
        }
    }

    /** Handles a batch; returns false when some update failed and will be tried again. */
    boolean dispatch(List<ReceivedUpdate> batch) {
        List<Failure> failures = new ArrayList<>();
        List<Runnable> afterCommit;
        try {
            // The common case: every update handled in one transaction, one durable commit for all.
            afterCommit = database.inTransaction(tx -> handleAll(tx, batch, null));
        } catch (RuntimeException batchFailed) {
            // Some update failed: redo the batch one update per transaction to tell which one, so the
            // others still go through. (A handler that already called Telegram runs a second time here.)
            log.debug("batch failed, handling its updates one by one: size={} error={}", batch.size(),
                    batchFailed.getMessage());
            afterCommit = new ArrayList<>();
            Set<Long> blockedChats = new HashSet<>();
            for (ReceivedUpdate received : batch) {
                InboxUpdate stored = received.stored();
                if (stored.chatId() != null && blockedChats.contains(stored.chatId())) {
                    continue; // an earlier update of this chat failed: keep the chat's order
                }
                int failed = failures.size();
                try {
                    afterCommit.addAll(database.inTransaction(tx -> handleAll(tx, List.of(received), failures)));
                } catch (HandlerFailed recorded) {
                    // recorded in failures by handleAll
                } catch (RuntimeException e) {
                    // the commit itself failed: the database is in trouble; the run loop retries
                    throw e;
                }
                if (failures.size() > failed && stored.chatId() != null) {
                    blockedChats.add(stored.chatId());
                }
            }
        }
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // Committed already; what failed here is recovered from the database (see GenerationService).
                log.error("after-commit step failed: error={}", e.getMessage(), e);
            }
        }
        boolean clean = true;
        for (Failure failure : failures) {
            inbox.recordFailure(failure.stored().updateId(), failure.error().toString(), failure.maxAttempts());
            if (failure.stored().attempts() + 1 >= failure.maxAttempts()) {
                if (failure.update() != null) {
                    failureReporter.report(failure.update(), failure.error());
                }
            } else {
                clean = false;
            }
        }
        return clean;
    }

    /**
     * Handles updates in {@code tx} and marks them handled. With {@code failures} null (a whole batch) any
     * failure aborts the transaction; otherwise (a single update) the failure is recorded and the
     * transaction rolled back by throwing.
     */
    private List<Runnable> handleAll(Connection tx, List<ReceivedUpdate> batch, List<Failure> failures)
            throws SQLException {
        List<Runnable> afterCommit = new ArrayList<>();
        List<Long> handled = new ArrayList<>();
        for (ReceivedUpdate received : batch) {
            if (!running) {
                break;
            }
            InboxUpdate stored = received.stored();
            Update update = received.update();
            try {
                if (update == null) {
                    update = json.readValue(stored.payload(), Update.class);
                }
            } catch (IOException e) {
                log.error("stored update cannot be read, giving it up: update_id={}", stored.updateId(), e);
                inbox.giveUp(tx, stored.updateId(), "unreadable payload: " + e.getMessage());
                continue;
            }
            Optional<Route> route = router.match(update);
            try {
                UpdateContext context = new UpdateContext(update, tx);
                if (route.isPresent()) {
                    route.get().handler().handle(context);
                } else {
                    log.debug("update ignored: update_id={} kind={} chat_id={}", stored.updateId(), stored.kind(),
                            stored.chatId());
                }
                handled.add(stored.updateId());
                afterCommit.addAll(context.afterCommitActions());
            } catch (SQLException | RuntimeException e) {
                if (failures == null) {
                    throw e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
                }
                RuntimeException error = e instanceof RuntimeException ? (RuntimeException) e
                        : new IllegalStateException(e.getMessage(), e);
                if (e instanceof UpdateNotReady) {
                    log.info("update not ready, handled again shortly: update_id={} chat_id={} route={} reason={}",
                            stored.updateId(), stored.chatId(), route.map(Route::name).orElse("none"), e.getMessage());
                    failures.add(new Failure(stored, update, error, NOT_READY_ATTEMPTS));
                    throw new HandlerFailed();
                }
                log.error("update handling failed: update_id={} chat_id={} route={} attempt={}/{} error={}",
                        stored.updateId(), stored.chatId(), route.map(Route::name).orElse("none"),
                        stored.attempts() + 1, MAX_ATTEMPTS, e.getMessage(), e);
                failures.add(new Failure(stored, update, error, MAX_ATTEMPTS));
                throw new HandlerFailed();
            }
        }
        inbox.markHandled(tx, handled);
        return afterCommit;
    }

    /** Rolls back a single update's transaction after its failure was recorded. */
    private static final class HandlerFailed extends RuntimeException {
        HandlerFailed() {
            super("handler failed", null, false, false);
        }
    }

    private record Failure(InboxUpdate stored, Update update, RuntimeException error, int maxAttempts) {}

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
