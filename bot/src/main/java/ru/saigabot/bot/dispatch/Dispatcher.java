package ru.saigabot.bot.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.InboxUpdate;
import ru.saigabot.bot.store.UpdateInbox;

/**
 * Hands stored updates to their handlers in update_id order. Each handler runs in a transaction
 * that also marks its update handled, so an update is acted on once even across crashes. Handlers
 * only write and enqueue; slow work (generation) happens elsewhere, so one thread keeps up.
 */
public final class Dispatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_ATTEMPTS = 3;

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
                List<InboxUpdate> batch = inbox.pending(100);
                for (InboxUpdate update : batch) {
                    if (!running) {
                        return;
                    }
                    if (!dispatch(update)) {
                        break; // retry it before anything after it, to keep each chat's order
                    }
                }
                if (batch.isEmpty()) {
                    wakeUp.tryAcquire(1, TimeUnit.SECONDS);
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

    /** Returns false when the update failed and will be tried again. */
    boolean dispatch(InboxUpdate stored) {
        Update update;
        try {
            update = json.readValue(stored.payload(), Update.class);
        } catch (IOException e) {
            log.error("stored update cannot be read, giving it up: update_id={} error={}", stored.updateId(),
                    e.getMessage(), e);
            inbox.recordFailure(stored.updateId(), "unreadable payload: " + e.getMessage(), 1);
            return true;
        }
        Optional<Route> route = router.match(update);
        List<Runnable> afterCommit;
        try {
            afterCommit = database.inTransaction(tx -> {
                UpdateContext context = new UpdateContext(update, tx);
                if (route.isPresent()) {
                    route.get().handler().handle(context);
                }
                inbox.markHandled(tx, stored.updateId());
                return context.afterCommitActions();
            });
        } catch (RuntimeException e) {
            int attempt = stored.attempts() + 1;
            log.error("update handling failed: update_id={} chat_id={} route={} attempt={}/{} error={}",
                    stored.updateId(), stored.chatId(), route.map(Route::name).orElse("none"), attempt,
                    MAX_ATTEMPTS, e.getMessage(), e);
            inbox.recordFailure(stored.updateId(), e.toString(), MAX_ATTEMPTS);
            if (attempt >= MAX_ATTEMPTS) {
                failureReporter.report(update, e);
                return true;
            }
            pause(200L * attempt);
            return false;
        }
        if (route.isEmpty()) {
            log.debug("update ignored: update_id={} kind={} chat_id={}", stored.updateId(), stored.kind(),
                    stored.chatId());
        }
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // The update is committed; what failed here is recovered from the database (see GenerationService).
                log.error("after-commit step failed: update_id={} chat_id={} error={}", stored.updateId(),
                        stored.chatId(), e.getMessage(), e);
            }
        }
        return true;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
