package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes the emulator misbehave like the real Telegram sometimes does. Faults are queued per method
 * (case-insensitive) and consumed one per call, in the order they were queued; the call is still logged
 * in {@link BotApiEmulator#calls()}. File downloads take faults queued for {@link BotApiEmulator#FILE_DOWNLOAD};
 * a raw body is served to them as the file's bytes, without a Content-Length. Thread-safe.
 */
public final class FaultInjector {

    /**
     * A 200 body without {@code ok}. TelegramBots then throws a NullPointerException inside OkHttp's
     * callback thread, so the call's future never completes and a plain {@code execute()} hangs forever.
     */
    public static final String BODY_WITHOUT_OK = "{\"description\":\"x\"}";
    /** What a proxy in front of Telegram returns when it is down; TelegramBots fails to deserialize it. */
    public static final String NOT_JSON = "<html><body><h1>502 Bad Gateway</h1></body></html>";

    /** One queued misbehaviour. */
    sealed interface Fault permits Failure, RawBody, Delay, Hold {
    }

    /** Answer with a Telegram error instead of executing the method. */
    record Failure(ApiError error) implements Fault {
    }

    /** Answer with this status and body instead of executing the method. */
    record RawBody(int httpStatus, String body) implements Fault {
    }

    /** Execute the method, then hold the answer back: the effect happens, the client sees it late. */
    record Delay(Duration delay) implements Fault {
    }

    /** Keep the call, not yet executed, until the test lets it through or drops it. */
    record Hold(HeldCall call) implements Fault {
    }

    /**
     * A call the emulator keeps before executing it: for as long as the test wants, the bot has asked and Telegram
     * has done nothing. Dropping it answers a 502 without executing it, which is also what Telegram does for a
     * client that is gone; a hold dropped before any call reached it is taken off the queue.
     */
    public final class HeldCall {
        private final String method;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch decided = new CountDownLatch(1);
        private volatile boolean execute;

        private HeldCall(String method) {
            this.method = method;
        }

        /** Whether a call has reached the hold (and waits there, unless released or dropped since). */
        public boolean isReached() {
            return reached.getCount() == 0;
        }

        /** Waits until a call has reached the hold; false after {@code timeout}. */
        public boolean awaitReached(Duration timeout) throws InterruptedException {
            return reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Executes the held call (or the next one, if none has come yet) and answers it. */
        public void release() {
            execute = true;
            decided.countDown();
        }

        /** Answers the held call with a 502 without executing it; if none has come yet, no call will be held. */
        public void drop() {
            synchronized (FaultInjector.this) {
                Deque<Fault> faults = queued.get(key(method));
                if (faults != null) {
                    faults.removeIf(fault -> fault instanceof Hold hold && hold.call() == this);
                }
            }
            execute = false;
            decided.countDown();
        }

        /** On the emulator's thread: true to execute the call, false to refuse it. */
        boolean awaitDecision() throws InterruptedException {
            reached.countDown();
            decided.await();
            return execute;
        }
    }

    /** What Telegram answers to formatting it cannot parse (TDLib's wording for an unclosed tag). */
    public static final String CANT_PARSE_ENTITIES =
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"";

    private final Map<String, Deque<Fault>> queued = new HashMap<>();
    private final Map<String, Integer> formattingRefusals = new HashMap<>();
    private volatile boolean paused;

    /** The next call of {@code method} fails with this Telegram error; retryAfter may be null. */
    public FaultInjector failNext(String method, int errorCode, String description, Integer retryAfter) {
        return failNext(method, 1, errorCode, description, retryAfter);
    }

    /** The next {@code times} calls of {@code method} fail with this Telegram error. */
    public FaultInjector failNext(String method, int times, int errorCode, String description, Integer retryAfter) {
        for (int i = 0; i < times; i++) {
            enqueue(method, new Failure(new ApiError(errorCode, description, retryAfter)));
        }
        return this;
    }

    /** Telegram's flood control answer: 429 with parameters.retry_after. */
    public FaultInjector floodWaitNext(String method, int retryAfterSeconds) {
        return failNext(method, 429, "Too Many Requests: retry after " + retryAfterSeconds, retryAfterSeconds);
    }

    /**
     * The next {@code times} calls of {@code method} that carry a parse_mode are refused with 400 "can't parse
     * entities", as Telegram refuses markup it cannot read; calls without a parse_mode (such as the bot's
     * plain-text retry) pass, and do not use up the refusals. Other queued faults of the method come first.
     */
    public synchronized FaultInjector refuseFormattingNext(String method, int times) {
        formattingRefusals.merge(key(method), times, Integer::sum);
        return this;
    }

    /** The next call of {@code method} is executed normally but answered only after {@code delay}. */
    public FaultInjector delayNext(String method, Duration delay) {
        return enqueue(method, new Delay(delay));
    }

    /**
     * The next call of {@code method} waits, not executed, until the returned handle releases or drops it: what a
     * test needs to be still undone when it acts (say, an answer's final message when the bot is killed).
     */
    public HeldCall holdNext(String method) {
        HeldCall call = new HeldCall(method);
        enqueue(method, new Hold(call));
        return call;
    }

    /** The next call of {@code method} is not executed and gets exactly this HTTP status and body. */
    public FaultInjector respondRawNext(String method, int httpStatus, String body) {
        return enqueue(method, new RawBody(httpStatus, body));
    }

    /** Shorthand for {@link #respondRawNext} with {@link #BODY_WITHOUT_OK} and status 200. */
    public FaultInjector respondWithoutOkNext(String method) {
        return respondRawNext(method, 200, BODY_WITHOUT_OK);
    }

    /**
     * Until {@link #resume()}, every call is answered 503 without being executed (Telegram reachable but
     * failing). Long polls already waiting are not affected. For refused connections see
     * {@link BotApiEmulator#stopAccepting()}.
     */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /** Drops all queued faults (does not resume). */
    public synchronized void clear() {
        queued.clear();
        formattingRefusals.clear();
    }

    public synchronized int queuedFaults(String method) {
        Deque<Fault> faults = queued.get(key(method));
        return faults == null ? 0 : faults.size();
    }

    /** The fault to apply to this call of {@code method} with {@code params}, consuming it. */
    synchronized Optional<Fault> next(String method, JsonNode params) {
        if (paused) {
            return Optional.of(new Failure(new ApiError(503, "Service Unavailable", null)));
        }
        Deque<Fault> faults = queued.get(key(method));
        Fault fault = faults == null ? null : faults.poll();
        if (fault == null && params.hasNonNull("parse_mode") && !params.get("parse_mode").asText().isEmpty()
                && formattingRefusals.getOrDefault(key(method), 0) > 0) {
            formattingRefusals.merge(key(method), -1, Integer::sum);
            fault = new Failure(new ApiError(400, CANT_PARSE_ENTITIES, null));
        }
        return Optional.ofNullable(fault);
    }

    private synchronized FaultInjector enqueue(String method, Fault fault) {
        queued.computeIfAbsent(key(method), k -> new ArrayDeque<>()).add(fault);
        return this;
    }

    private static String key(String method) {
        return method.toLowerCase(Locale.ROOT);
    }
}
