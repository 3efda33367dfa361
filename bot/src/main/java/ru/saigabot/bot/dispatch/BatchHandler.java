package ru.saigabot.bot.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.InboxUpdate;
import ru.saigabot.bot.store.UpdateInbox;
import ru.saigabot.bot.telegram.UpdateKinds;

/**
 * Runs the handlers of a batch of updates in one transaction (one durable commit instead of one per
 * update): their writes and the record that the updates were handled commit together or not at all, so an
 * update is acted on once even across crashes. When some update fails, the batch is redone one update per
 * transaction, so the others still go through and the failed one is retried, before anything later from
 * the same chat.
 */
final class BatchHandler {
    private static final Logger log = LoggerFactory.getLogger(BatchHandler.class);
    private static final int MAX_ATTEMPTS = 3;
    /** An update that is not ready yet waits about 200 ms per attempt: a few seconds in all. */
    private static final int NOT_READY_ATTEMPTS = 20;

    private final Database database;
    private final UpdateInbox inbox;
    private final Router router;
    private final ObjectMapper json;
    private final Dispatcher.FailureReporter failureReporter;
    private final BooleanSupplier running;

    BatchHandler(Database database, UpdateInbox inbox, Router router, ObjectMapper json,
                 Dispatcher.FailureReporter failureReporter, BooleanSupplier running) {
        this.database = database;
        this.inbox = inbox;
        this.router = router;
        this.json = json;
        this.failureReporter = failureReporter;
        this.running = running;
    }

    /**
     * Handles updates just received from Telegram, recording them in the same transaction: the inbox row of
     * a handled update is written once, with nothing of its content. If a handler fails, the batch is stored
     * in the inbox instead and handled one update at a time. {@code onSafe} runs as soon as every update is
     * handled or stored (the poller may then confirm them to Telegram), before the after-commit steps.
     *
     * @return false when some update failed and waits in the inbox to be tried again
     * @throws RuntimeException when the batch could be neither handled nor stored (onSafe has not run)
     */
    boolean handleReceived(List<Update> updates, Runnable onSafe) {
        List<ReceivedUpdate> batch = new ArrayList<>(updates.size());
        for (Update update : updates) {
            batch.add(new ReceivedUpdate(row(update, null), update));
        }
        List<Runnable> afterCommit;
        try {
            afterCommit = database.inTransaction(tx -> {
                Set<Long> fresh = inbox.storeHandled(tx, batch.stream().map(ReceivedUpdate::stored).toList());
                return handleAll(tx, batch.stream().filter(received -> fresh.contains(received.updateId())).toList(),
                        null, false);
            });
        } catch (RuntimeException batchFailed) {
            if (!running.getAsBoolean()) {
                throw batchFailed; // stopping: nothing was recorded, Telegram delivers the batch again
            }
            log.debug("received batch failed, storing it to handle its updates one by one: size={} error={}",
                    batch.size(), batchFailed.getMessage());
            List<ReceivedUpdate> stored = storeForLater(updates);
            onSafe.run();
            return handleOneByOne(stored);
        }
        onSafe.run();
        runAfterCommit(afterCommit);
        return true;
    }

    /**
     * Stores updates in the inbox to be handled later, their content included; returns the ones that were
     * new, with their rows.
     */
    List<ReceivedUpdate> storeForLater(List<Update> updates) {
        List<InboxUpdate> rows = new ArrayList<>(updates.size());
        for (Update update : updates) {
            rows.add(row(update, payload(update)));
        }
        Set<Long> fresh = inbox.store(rows);
        List<ReceivedUpdate> stored = new ArrayList<>(fresh.size());
        for (int i = 0; i < updates.size(); i++) {
            if (fresh.contains(rows.get(i).updateId())) {
                stored.add(new ReceivedUpdate(rows.get(i), updates.get(i)));
            }
        }
        return stored;
    }

    /** Handles updates stored in the inbox; returns false when some update failed and will be tried again. */
    boolean handleStored(List<ReceivedUpdate> batch) {
        List<Runnable> afterCommit;
        try {
            // The common case: every update handled in one transaction, one durable commit for all.
            afterCommit = database.inTransaction(tx -> handleAll(tx, batch, null, true));
        } catch (RuntimeException batchFailed) {
            log.debug("batch failed, handling its updates one by one: size={} error={}", batch.size(),
                    batchFailed.getMessage());
            return handleOneByOne(batch);
        }
        runAfterCommit(afterCommit);
        return true;
    }

    /**
     * One update per transaction, to tell which one fails, so the others still go through. (A handler that
     * already called Telegram runs a second time here.)
     */
    private boolean handleOneByOne(List<ReceivedUpdate> batch) {
        List<Failure> failures = new ArrayList<>();
        List<Runnable> afterCommit = new ArrayList<>();
        Set<Long> blockedChats = new HashSet<>();
        for (ReceivedUpdate received : batch) {
            InboxUpdate stored = received.stored();
            if (stored.chatId() != null && blockedChats.contains(stored.chatId())) {
                continue; // an earlier update of this chat failed: keep the chat's order
            }
            int failed = failures.size();
            try {
                afterCommit.addAll(database.inTransaction(tx -> handleAll(tx, List.of(received), failures, true)));
            } catch (HandlerFailed recorded) {
                // recorded in failures by handleAll
            }
            // any other exception is the commit itself failing: the database is in trouble; the caller retries
            if (failures.size() > failed && stored.chatId() != null) {
                blockedChats.add(stored.chatId());
            }
        }
        runAfterCommit(afterCommit);
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

    private static void runAfterCommit(List<Runnable> afterCommit) {
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // Committed already; what failed here is recovered from the database (AnswerService.recover).
                log.error("after-commit step failed: error={}", e.getMessage(), e);
            }
        }
    }

    /**
     * Handles updates in {@code tx}; with {@code markHandled}, marks their inbox rows handled. With
     * {@code failures} null (a whole batch) any failure aborts the transaction; otherwise (a single update)
     * the failure is recorded and the transaction rolled back by throwing.
     */
    private List<Runnable> handleAll(Connection tx, List<ReceivedUpdate> batch, List<Failure> failures,
                                     boolean markHandled) throws SQLException {
        List<Runnable> afterCommit = new ArrayList<>();
        List<Long> handled = new ArrayList<>();
        for (ReceivedUpdate received : batch) {
            if (!running.getAsBoolean()) {
                if (!markHandled) {
                    // The batch is recorded as handled already: undo it all rather than leave the rest undone.
                    throw new IllegalStateException("stopping before the batch was handled");
                }
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
            Optional<Route.Match<?>> route = router.match(update);
            try {
                UpdateContext context = new UpdateContext(update, tx);
                if (route.isPresent()) {
                    router.handle(route.get(), context);
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
                            stored.updateId(), stored.chatId(), route.map(Route.Match::name).orElse("none"), e.getMessage());
                    failures.add(new Failure(stored, update, error, NOT_READY_ATTEMPTS));
                    throw new HandlerFailed();
                }
                log.error("update handling failed: update_id={} chat_id={} route={} attempt={}/{} error={}",
                        stored.updateId(), stored.chatId(), route.map(Route.Match::name).orElse("none"),
                        stored.attempts() + 1, MAX_ATTEMPTS, e.getMessage(), e);
                failures.add(new Failure(stored, update, error, MAX_ATTEMPTS));
                throw new HandlerFailed();
            }
        }
        if (markHandled) {
            inbox.markHandled(tx, handled);
        }
        return afterCommit;
    }

    private static InboxUpdate row(Update update, String payload) {
        return new InboxUpdate(update.getUpdateId(), UpdateKinds.kindOf(update), UpdateKinds.chatIdOf(update),
                payload, 0);
    }

    /**
     * The update as JSON, to handle it later. One that cannot be written (TelegramBots computes each entity's text
     * when it serialises, and fails on an entity outside its text) goes without its entities, which no handler
     * reads; and failing that as its id alone, handled as an empty update: one such update must not hold up the
     * batch, which would be fetched and refused again forever.
     */
    private String payload(Update update) {
        try {
            return storable(json.writeValueAsString(update));
        } catch (JsonProcessingException first) {
            log.warn("update cannot be stored as it is, stored without its entities: update_id={} error={}",
                    update.getUpdateId(), first.getOriginalMessage());
            UpdateKinds.dropEntities(update);
            try {
                return storable(json.writeValueAsString(update));
            } catch (JsonProcessingException second) {
                log.warn("update cannot be stored, kept as its id only: update_id={} error={}", update.getUpdateId(),
                        second.getOriginalMessage());
                return "{\"update_id\":" + update.getUpdateId() + "}";
            }
        }
    }

    /**
     * PostgreSQL's jsonb refuses the escape of U+0000, which a text may carry (handlers clean it out of what they
     * store): the payload gets U+FFFD in its place, an escaped backslash before "u0000" left as it is.
     */
    static String storable(String json) {
        return json.contains("\\u0000") ? NUL_ESCAPE.matcher(json).replaceAll("$1\\\\uFFFD") : json;
    }

    private static final java.util.regex.Pattern NUL_ESCAPE =
            java.util.regex.Pattern.compile("((?<!\\\\)(?:\\\\\\\\)*)\\\\u0000");

    /** Rolls back a single update's transaction after its failure was recorded. */
    private static final class HandlerFailed extends RuntimeException {
        HandlerFailed() {
            super("handler failed", null, false, false);
        }
    }

    private record Failure(InboxUpdate stored, Update update, RuntimeException error, int maxAttempts) {}
}
