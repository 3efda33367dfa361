package ru.saigabot.bot.telegram;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;

/**
 * Replies to commands and button presses, delivered in order per chat on threads of their own, each chat at the
 * pace its sending budget allows (issue #16: one group sending 100 × /help stalled every chat for minutes while
 * the dispatcher slept for that group's budget). A chat whose budget is spent waits on a timer, holding no
 * thread, and other chats go on; the dispatcher only hands replies over once their transaction has committed.
 * Answers to questions never come here: they stream on their own threads and are never dropped.
 *
 * <p>A chat's queue stays short: a reply identical to one still waiting is not sent twice, a newer edit of a
 * message replaces the waiting one, and once the chat's budget is spent only its latest
 * {@value #MAX_WAITING_COMMAND_REPLIES} command replies keep waiting. A {@link Kind#NEEDED} reply is never dropped.
 */
public final class ReplyOutbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplyOutbox.class);
    /** About 20 s of a group's budget (one message per 6 s once its burst is spent). */
    static final int MAX_WAITING_COMMAND_REPLIES = 3;
    private static final int MAX_ATTEMPTS = 4;
    /** How long a stop waits for replies that may still go; the rest are given up, with a log line. */
    static final long SHUTDOWN_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Whether a reply may give way when its chat's budget is spent. */
    public enum Kind {
        /** A reply to a command, a menu's new state: coalesced with its like, or dropped for newer ones. */
        COMMAND,
        /** What a user acts on or waits for (a confirmation, /stop's reply, a button's acknowledgement). */
        NEEDED
    }

    /** What became of a reply, for metrics. */
    public enum Outcome {
        SENT, COALESCED, DROPPED, FAILED, GIVEN_UP;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Told what became of each reply; must be quick. */
    @FunctionalInterface
    public interface Listener {
        void replied(Outcome outcome);
    }

    /** What the outbox needs of Telegram: the sending budget without waiting, and one attempt at a call. */
    interface Transport {
        long reserveIfDue(BotApiMethod<?> method);

        <T extends Serializable> T callOnce(BotApiMethod<T> method);
    }

    /** Runs a task after a delay on one of the outbox's threads. */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, long delayNanos);
    }

    private final Transport transport;
    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final Listener listener;
    private final Map<LaneKey, Lane> lanes = new HashMap<>();
    private boolean closing;
    private boolean closed;
    private long deadline;
    /** Replies given up since the stop began, for its log line. */
    private int givenUp;

    /** @param threads the outbox's threads; shut down by their owner after {@link #close()} */
    public ReplyOutbox(TelegramGateway telegram, ScheduledExecutorService threads, Listener listener) {
        this(telegram, (task, delay) -> threads.schedule(task, delay, TimeUnit.NANOSECONDS), System::nanoTime,
                listener);
    }

    ReplyOutbox(Transport transport, Scheduler scheduler, LongSupplier nanoTime, Listener listener) {
        this.transport = transport;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.listener = listener;
    }

    /**
     * Queues {@code method} for {@code chatId} (for a button's acknowledgement: the chat of its message, or the
     * user's id) behind the chat's earlier replies; returns at once.
     */
    public synchronized void send(long chatId, BotApiMethod<?> method, Kind kind) {
        if (closing) {
            log.debug("reply given up, the bot is stopping: chat_id={} method={}", chatId, method.getMethod());
            listener.replied(Outcome.GIVEN_UP);
            return;
        }
        LaneKey key = new LaneKey(chatId, TelegramGateway.isPaced(method));
        Lane lane = lanes.get(key);
        if (lane == null) {
            lane = new Lane(key);
            lanes.put(key, lane);
            wake(lane, 0);
        }
        if (lane.coalesce(method, kind)) {
            listener.replied(Outcome.COALESCED);
            return;
        }
        lane.waiting.addLast(new Pending(method, kind));
        if (lane.budgetSpent) {
            trim(lane);
        }
    }

    /** Replies waiting in all chats, for the metrics. */
    public synchronized int waiting() {
        return lanes.values().stream().mapToInt(lane -> lane.waiting.size()).sum();
    }

    /** Schedules the lane's next turn; a turn scheduled earlier and not run yet is void. Under the lock. */
    private void wake(Lane lane, long delayNanos) {
        long turn = ++lane.turn;
        scheduler.schedule(() -> drain(lane, turn), delayNanos);
    }

    /** Sends the lane's next reply if its budget allows, else waits for it; one reply per turn, for fairness. */
    private void drain(Lane lane, long turn) {
        Pending next;
        synchronized (this) {
            if (turn != lane.turn || lane.inFlight || closed) {
                return;
            }
            next = lane.waiting.peekFirst();
            if (next == null) {
                lanes.remove(lane.key);
                notifyAll();
                return;
            }
            long wait = transport.reserveIfDue(next.method);
            if (wait > 0) {
                if (closing && nanoTime.getAsLong() + wait - deadline > 0) {
                    giveUp(lane);
                    return;
                }
                if (!lane.budgetSpent) {
                    lane.budgetSpent = true;
                    trim(lane);
                }
                wake(lane, wait);
                return;
            }
            lane.budgetSpent = false;
            lane.waiting.pollFirst();
            lane.inFlight = true;
        }
        long retryIn = deliver(lane.key.chatId(), next);
        synchronized (this) {
            lane.inFlight = false;
            if (retryIn >= 0) {
                lane.waiting.addFirst(next);
                lane.budgetSpent = true; // a flood wait, or Telegram in trouble: the chat waits like a spent one
                trim(lane);
            }
            if (closed || closing && retryIn > 0 && nanoTime.getAsLong() + retryIn - deadline > 0) {
                giveUp(lane);
            } else {
                wake(lane, Math.max(0, retryIn));
            }
        }
    }

    /** One attempt; returns when to try again, or -1 when the reply is done with (sent or failed for good). */
    private long deliver(long chatId, Pending reply) {
        try {
            transport.callOnce(reply.method);
            listener.replied(Outcome.SENT);
            return -1;
        } catch (TelegramCallException e) {
            reply.attempts++;
            if (e.isRetryable() && reply.attempts < MAX_ATTEMPTS) {
                long wait = e.errorCode() == 429 ? TimeUnit.SECONDS.toNanos(Math.max(1, e.retryAfterSeconds()))
                        : TimeUnit.MILLISECONDS.toNanos(500L << (reply.attempts - 1));
                log.info("reply retried: chat_id={} method={} attempt={} error_code={} wait_ms={}", chatId,
                        reply.method.getMethod(), reply.attempts, e.errorCode(), TimeUnit.NANOSECONDS.toMillis(wait));
                return wait;
            }
            if (e.isNotModified()) {
                listener.replied(Outcome.SENT); // a menu already showing what was pressed
            } else {
                // What the reply told is stored; a user re-asks a lost reply to a command.
                log.warn("reply not delivered: chat_id={} method={} error={}", chatId, reply.method.getMethod(),
                        e.getMessage());
                listener.replied(Outcome.FAILED);
            }
            return -1;
        } catch (RuntimeException e) {
            log.error("reply failed: chat_id={} method={} error={}", chatId, reply.method.getMethod(), e.toString(), e);
            listener.replied(Outcome.FAILED);
            return -1;
        }
    }

    /** Under the lock, while the chat's budget is spent: only the latest command replies keep waiting. */
    private void trim(Lane lane) {
        int dropped = lane.dropOldCommandReplies();
        if (dropped > 0) {
            log.debug("command replies dropped, the chat's sending budget is spent: chat_id={} dropped={} waiting={}",
                    lane.key.chatId(), dropped, lane.waiting.size());
            for (int i = 0; i < dropped; i++) {
                listener.replied(Outcome.DROPPED);
            }
        }
    }

    /** Under the lock: the lane's replies will not go (the bot is stopping). */
    private void giveUp(Lane lane) {
        int count = lane.waiting.size();
        lane.waiting.clear();
        lanes.remove(lane.key);
        notifyAll();
        givenUp += count;
        for (int i = 0; i < count; i++) {
            listener.replied(Outcome.GIVEN_UP);
        }
    }

    /**
     * Sends what may still go within {@link #SHUTDOWN_NANOS} and gives up the rest, saying how many; replies
     * queued later are given up at once. Close it before its threads.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        deadline = nanoTime.getAsLong() + SHUTDOWN_NANOS;
        for (Lane lane : lanes.values()) {
            if (!lane.inFlight) {
                wake(lane, 0); // a lane waiting past the deadline gives up now, not when its timer fires
            }
        }
        while (!lanes.isEmpty() && deadline - nanoTime.getAsLong() > 0) {
            try {
                wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(deadline - nanoTime.getAsLong()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Lane lane : List.copyOf(lanes.values())) {
            giveUp(lane);
        }
        closed = true;
        if (givenUp > 0) {
            log.info("replies given up, the bot is stopping: replies={}", givenUp);
        }
    }

    /** A chat's replies that count against its sending budget, or those that do not (acknowledgements). */
    private record LaneKey(long chatId, boolean paced) {}

    private record EditedMessage(Class<?> edit, String chatId, Integer messageId) {}

    private static final class Pending {
        BotApiMethod<?> method;
        Kind kind;
        int attempts;

        Pending(BotApiMethod<?> method, Kind kind) {
            this.method = method;
            this.kind = kind;
        }
    }

    /** One chat's replies in order; at most one of them in flight. */
    private static final class Lane {
        final LaneKey key;
        final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        boolean inFlight;
        /** The next reply had to wait for the chat's sending budget, and none has gone since. */
        boolean budgetSpent;
        long turn;

        Lane(LaneKey key) {
            this.key = key;
        }

        /**
         * Folds {@code method} into a waiting reply that shows the same (an identical message, or an older edit of
         * the same message, which it replaces); false when there is none.
         */
        boolean coalesce(BotApiMethod<?> method, Kind kind) {
            EditedMessage edited = editedMessage(method);
            for (Pending pending : waiting) {
                if (pending.method.equals(method) || edited != null && edited.equals(editedMessage(pending.method))) {
                    pending.method = method;
                    if (kind == Kind.NEEDED) {
                        pending.kind = Kind.NEEDED;
                    }
                    log.debug("reply coalesced with a waiting one: chat_id={} method={}", key.chatId(),
                            method.getMethod());
                    return true;
                }
            }
            return false;
        }

        /** Drops the oldest command replies beyond {@link #MAX_WAITING_COMMAND_REPLIES}; returns how many. */
        int dropOldCommandReplies() {
            int excess = -MAX_WAITING_COMMAND_REPLIES;
            for (Pending pending : waiting) {
                excess += pending.kind == Kind.COMMAND ? 1 : 0;
            }
            int dropped = 0;
            for (Iterator<Pending> it = waiting.iterator(); it.hasNext() && dropped < excess; ) {
                if (it.next().kind == Kind.COMMAND) {
                    it.remove();
                    dropped++;
                }
            }
            return dropped;
        }

        /** The message an edit changes, so that a newer edit of it replaces a waiting one; null for the rest. */
        private static EditedMessage editedMessage(BotApiMethod<?> method) {
            if (method instanceof EditMessageText edit) {
                return new EditedMessage(EditMessageText.class, edit.getChatId(), edit.getMessageId());
            }
            if (method instanceof EditMessageReplyMarkup edit) {
                return new EditedMessage(EditMessageReplyMarkup.class, edit.getChatId(), edit.getMessageId());
            }
            return null;
        }
    }
}
