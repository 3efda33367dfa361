package ru.saigabot.inference.remote;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;

/** One try of a generation on one backend: what is needed to abort it, and when it times out. */
final class Attempt {
    final int backend;
    final URI url;
    final long startedNanos;
    final SseParser parser;
    /** When the attempt times out unless data pushes it further; read and written under the generation's lock. */
    long deadlineNanos;
    /** Ended (answered, failed or abandoned): later calls for it are ignored. Under the generation's lock. */
    boolean over;
    private volatile boolean aborted;
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<HttpResponse<Void>> exchange;
    private volatile ScheduledFuture<?> watchdog;

    Attempt(int backend, URI url, long startedNanos, SseParser parser) {
        this.backend = backend;
        this.url = url;
        this.startedNanos = startedNanos;
        this.parser = parser;
    }

    String name() {
        return RemoteEngineConfig.display(url);
    }

    void sent(CompletableFuture<HttpResponse<Void>> value) {
        exchange = value;
        if (aborted) {
            value.cancel(true);
        }
    }

    void subscribed(Flow.Subscription value) {
        subscription = value;
        if (aborted) {
            value.cancel();
        }
    }

    void watchedBy(ScheduledFuture<?> value) {
        ScheduledFuture<?> previous = watchdog;
        watchdog = value;
        if (aborted) {
            value.cancel(false);
        } else if (previous != null && previous != value) {
            previous.cancel(false);
        }
    }

    /**
     * Closes the connection, before or after the response headers. Called outside the generation's lock: the
     * HTTP client may take its own locks, and its threads hold those while calling the generation.
     */
    void abort() {
        aborted = true;
        ScheduledFuture<?> timer = watchdog;
        if (timer != null) {
            timer.cancel(false);
        }
        Flow.Subscription body = subscription;
        if (body != null) {
            body.cancel();
        }
        CompletableFuture<HttpResponse<Void>> sending = exchange;
        if (sending != null) {
            sending.cancel(true); // since JDK 16 this aborts an exchange still waiting for its headers
        }
    }
}
