package ru.saigabot.bot.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
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

/**
 * Hands stored updates to their handlers in update_id order. A batch of updates is handled in one
 * transaction (one durable commit instead of one per update), each update behind its own savepoint:
 * its writes and its "handled" mark commit together or not at all, so an update is acted on once even
 * across crashes. A failed update is retried before anything later from the same chat.
 */
public final class Dispatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final int BATCH = 100;

    private final Database database;
    private final UpdateInbox inbox;
    private final Router router;
    private final ObjectMapper json;
    private final FailureReporter failureReporter;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running = true;

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

    /** Called by the poller after it stored a batch. */
    public void wakeUp() {
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
                List<InboxUpdate> batch = inbox.pending(BATCH);
                boolean clean = batch.isEmpty() || dispatch(batch);
                if (batch.size() < BATCH) {
                    // Wait for news; after a failure, wait a little before the retry either way.
                    wakeUp.tryAcquire(clean ? 1000 : 200, TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is down or similar: nothing is lost (the inbox keeps the updates); try again.
                log.error("dispatch loop failed, retrying in 2 s: {}", e.getMessage(), e);
                pause(2000);
            }
        }
    }

    /** Handles a batch; returns false when some update failed and will be tried again. */
    boolean dispatch(List<InboxUpdate> batch) {
        List<Failure> failures = new ArrayList<>();
        List<Runnable> afterCommit = database.inTransaction(tx -> handleAll(tx, batch, failures));
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

    private List<Runnable> handleAll(Connection tx, List<InboxUpdate> batch, List<Failure> failures)
            throws SQLException {
        List<Runnable> afterCommit = new ArrayList<>();
        Set<Long> blockedChats = new HashSet<>();
        for (InboxUpdate stored : batch) {
            if (!running) {
                break;
            }
            if (stored.chatId() != null && blockedChats.contains(stored.chatId())) {
                continue; // an earlier update of this chat failed: keep the chat's order
            }
            Update update;
            try {
                update = json.readValue(stored.payload(), Update.class);
            } catch (IOException e) {
                log.error("stored update cannot be read, giving it up: update_id={}", stored.updateId(), e);
                failures.add(new Failure(stored, null, new IllegalStateException("unreadable payload", e), 1));
                continue;
            }
            Optional<Route> route = router.match(update);
            Savepoint savepoint = tx.setSavepoint();
            try {
                UpdateContext context = new UpdateContext(update, tx);
                if (route.isPresent()) {
                    route.get().handler().handle(context);
                } else {
                    log.debug("update ignored: update_id={} kind={} chat_id={}", stored.updateId(), stored.kind(),
                            stored.chatId());
                }
                inbox.markHandled(tx, stored.updateId());
                tx.releaseSavepoint(savepoint);
                afterCommit.addAll(context.afterCommitActions());
            } catch (SQLException | RuntimeException e) {
                tx.rollback(savepoint);
                RuntimeException error = e instanceof RuntimeException ? (RuntimeException) e
                        : new IllegalStateException(e.getMessage(), e);
                log.error("update handling failed: update_id={} chat_id={} route={} attempt={}/{} error={}",
                        stored.updateId(), stored.chatId(), route.map(Route::name).orElse("none"),
                        stored.attempts() + 1, MAX_ATTEMPTS, e.getMessage(), e);
                failures.add(new Failure(stored, update, error, MAX_ATTEMPTS));
                if (stored.chatId() != null) {
                    blockedChats.add(stored.chatId());
                }
            }
        }
        return afterCommit;
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
