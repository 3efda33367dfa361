package ru.saigabot.inference.remote;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.text.TextSanitizer;

/**
 * One request against the backends: tries them in the engine's order until one streams an answer. Everything that
 * changes state runs under this object's lock; what reaches outside (the HTTP client, the result's waiters) runs
 * after the lock is released, so the client's threads and ours never wait for each other.
 */
final class RemoteGeneration implements Generation, BackendStream.Sink {
    private static final Logger log = LoggerFactory.getLogger(RemoteGeneration.class);

    private final RemoteEngine.Parts parts;
    private final byte[] body;
    private final int droppedTurns;
    private final GenerationListener listener;
    private final List<Integer> order;
    private final Consumer<RemoteGeneration> onEnd;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private final long submittedNanos = System.nanoTime();
    private final List<String> failures = new ArrayList<>();
    private final List<Runnable> deferred = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int next;
    private Attempt current;
    private boolean ended;
    private boolean started;
    private long firstTextNanos;
    private int chunks;
    private int promptTokens;
    private int cachedTokens;
    private int completionTokens = -1;
    private FinishReason finishReason;

    RemoteGeneration(RemoteEngine.Parts parts, byte[] body, int droppedTurns, GenerationListener listener,
                     List<Integer> order, Consumer<RemoteGeneration> onEnd) {
        this.parts = parts;
        this.body = body;
        this.droppedTurns = droppedTurns;
        this.listener = listener;
        this.order = order;
        this.onEnd = onEnd;
    }

    @Override
    public CompletableFuture<GenerationResult> result() {
        return result;
    }

    void start() {
        step(this::nextAttempt);
    }

    @Override
    public void cancel() {
        step(() -> {
            if (!ended) {
                abandon(current);
                finish(FinishReason.CANCELLED);
            }
        });
    }

    @Override
    public void bytes(Attempt attempt, ByteBuffer chunk) {
        step(() -> {
            if (live(attempt)) {
                if (text.length() > 0) {
                    attempt.deadlineNanos = System.nanoTime() + parts.config().idleTimeout().toNanos();
                }
                attempt.parser.feed(chunk);
            }
        });
    }

    @Override
    public void ended(Attempt attempt) {
        step(() -> {
            if (live(attempt)) {
                attempt.parser.finish();
            }
            if (live(attempt)) {
                if (finishReason != null) {
                    succeed(attempt); // closed without [DONE] after its last chunk: the answer is whole
                } else {
                    failed(attempt, "the stream ended before the answer was finished");
                }
            }
        });
    }

    @Override
    public void refused(Attempt attempt, int status, String errorBody) {
        step(() -> {
            if (!live(attempt)) {
                return;
            }
            String why = "HTTP " + status + ": " + parts.completions().errorBody(errorBody);
            if (status == 400 || status == 413 || status == 422) {
                // The request itself is wrong (too long for the context, a bad parameter): another backend
                // would refuse it too, and this one is not to blame.
                attempt.over = true;
                abandon(attempt);
                fail(new InferenceException("backend " + attempt.name() + " refused the request with " + why));
            } else {
                failed(attempt, why);
            }
        });
    }

    @Override
    public void broken(Attempt attempt, Throwable error) {
        step(() -> {
            if (live(attempt)) {
                failed(attempt, describe(error));
            }
        });
    }

    /** The watchdog's turn: times the attempt out, or looks again when data moved its deadline. */
    private void watch(Attempt attempt) {
        step(() -> {
            if (!live(attempt)) {
                return;
            }
            long left = attempt.deadlineNanos - System.nanoTime();
            if (left > 0) {
                schedule(attempt, left);
            } else if (text.length() == 0) {
                failed(attempt, "no answer within the first-token timeout of "
                        + seconds(parts.config().firstTokenTimeout()));
            } else {
                failed(attempt, "no data for the idle timeout of " + seconds(parts.config().idleTimeout()));
            }
        });
    }

    private void nextAttempt() {
        if (ended) {
            return;
        }
        if (next >= order.size()) {
            fail(new InferenceException("all " + order.size() + " remote backends failed: " + String.join("; ",
                    failures) + ". Check that the servers run and serve model '" + parts.config().model() + "'"));
            return;
        }
        int backend = order.get(next++);
        // What a failed attempt said before it failed (a finish reason, usage) is not this attempt's answer.
        finishReason = null;
        promptTokens = 0;
        cachedTokens = 0;
        completionTokens = -1;
        Attempt attempt = new Attempt(backend, parts.config().backends().get(backend), System.nanoTime(),
                new SseParser(data -> event(data)));
        attempt.deadlineNanos = attempt.startedNanos + parts.config().firstTokenTimeout().toNanos();
        current = attempt;
        if (!started) {
            started = true;
            listener.onStarted();
        }
        HttpRequest request = parts.request(attempt.url, body);
        schedule(attempt, parts.config().firstTokenTimeout().toNanos());
        deferred.add(() -> {
            try {
                attempt.sent(parts.client().sendAsync(request, info -> new BackendStream(attempt, info.statusCode(),
                        this)).whenComplete((response, error) -> {
                            if (error != null) {
                                broken(attempt, error);
                            }
                        }));
            } catch (RuntimeException e) {
                broken(attempt, e);
            }
        });
    }

    /** One event of the current attempt's stream (called by its parser, under the lock). */
    private void event(String data) {
        Attempt attempt = current;
        if (!live(attempt)) {
            return;
        }
        StreamEvent event;
        try {
            event = parts.completions().parse(data);
        } catch (InferenceException e) {
            failed(attempt, e.getMessage());
            return;
        }
        if (event.error() != null) {
            failed(attempt, "the stream reported an error: " + event.error());
            return;
        }
        if (event.hasUsage()) {
            promptTokens = Math.max(0, event.promptTokens());
            cachedTokens = Math.max(0, Math.min(event.cachedTokens(), promptTokens));
            completionTokens = event.completionTokens();
        }
        String delta = TextSanitizer.clean(event.content());
        if (!delta.isEmpty()) {
            long now = System.nanoTime();
            if (text.length() == 0) {
                firstTextNanos = now;
            }
            attempt.deadlineNanos = now + parts.config().idleTimeout().toNanos();
            text.append(delta);
            chunks++;
            listener.onText(delta);
        }
        if (event.finishReason() != null) {
            finishReason = event.finishReason();
        }
        if (event.done()) {
            succeed(attempt);
        }
    }

    /** The attempt failed: the next backend gets the request, unless text was already given out. */
    private void failed(Attempt attempt, String why) {
        attempt.over = true;
        abandon(attempt);
        parts.coolDown().failed(attempt.backend);
        if (text.length() > 0) {
            fail(new InferenceException("backend " + attempt.name() + " failed after the answer had started ("
                    + text.length() + " characters streamed): " + why + ". Text already shown cannot be taken back, "
                    + "so the request was not moved to another backend"));
            return;
        }
        failures.add(attempt.name() + ": " + why);
        log.warn("remote backend failed, trying the next: backend={} error={} tried={}/{}", attempt.name(), why, next,
                order.size());
        nextAttempt();
    }

    private void succeed(Attempt attempt) {
        attempt.over = true;
        abandon(attempt); // after [DONE] nothing more is wanted; also stops the watchdog
        parts.coolDown().succeeded(attempt.backend);
        finish(finishReason == null ? FinishReason.STOP : finishReason);
    }

    private void finish(FinishReason reason) {
        ended = true;
        long now = System.nanoTime();
        long start = current == null ? submittedNanos : current.startedNanos;
        GenerationStats stats = new GenerationStats(promptTokens, cachedTokens,
                completionTokens >= 0 ? completionTokens : chunks, Duration.ofNanos(start - submittedNanos),
                Duration.ofNanos((firstTextNanos == 0 ? now : firstTextNanos) - start), Duration.ofNanos(now - start),
                droppedTurns);
        GenerationResult answer = new GenerationResult(text.toString(), reason, parts.config().model(), stats);
        deferred.add(() -> result.complete(answer));
        deferred.add(() -> onEnd.accept(this));
    }

    private void fail(InferenceException error) {
        ended = true;
        deferred.add(() -> result.completeExceptionally(error));
        deferred.add(() -> onEnd.accept(this));
    }

    private boolean live(Attempt attempt) {
        return !ended && attempt != null && attempt == current && !attempt.over;
    }

    private void abandon(Attempt attempt) {
        if (attempt != null) {
            attempt.over = true;
            deferred.add(attempt::abort);
        }
    }

    private void schedule(Attempt attempt, long delayNanos) {
        attempt.watchedBy(parts.timer().schedule(() -> watch(attempt), delayNanos, TimeUnit.NANOSECONDS));
    }

    /** Runs {@code change} under the lock, then what it deferred, outside it. */
    private void step(Runnable change) {
        List<Runnable> after;
        synchronized (this) {
            change.run();
            after = List.copyOf(deferred);
            deferred.clear();
        }
        after.forEach(Runnable::run);
    }

    private String describe(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "no connection within the connect timeout of " + seconds(parts.config().connectTimeout());
        }
        if (cause instanceof ConnectException) {
            return "connection refused" + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String seconds(Duration value) {
        return value.toMillis() % 1000 == 0 ? value.toSeconds() + " s" : value.toMillis() + " ms";
    }
}
