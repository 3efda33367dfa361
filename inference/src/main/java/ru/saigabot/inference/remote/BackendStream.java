package ru.saigabot.inference.remote;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Receives one attempt's response body as the bytes arrive (push, so no thread blocks on a read and a timeout or
 * cancel can abort it at any time): a 200's bytes go to the generation, any other status's first few kilobytes are
 * kept for the error message.
 */
final class BackendStream implements HttpResponse.BodySubscriber<Void> {
    /** An error page longer than this says nothing more useful. */
    private static final int ERROR_BODY_LIMIT = 4096;

    /** What the stream reports to; every call names the attempt, so a late call of an abandoned one is ignored. */
    interface Sink {
        void bytes(Attempt attempt, ByteBuffer chunk);

        void ended(Attempt attempt);

        void refused(Attempt attempt, int status, String body);

        void broken(Attempt attempt, Throwable error);
    }

    private final Attempt attempt;
    private final int status;
    private final Sink sink;
    private final CompletableFuture<Void> body = new CompletableFuture<>();
    private final StringBuilder errorBody = new StringBuilder();
    private Flow.Subscription subscription;

    BackendStream(Attempt attempt, int status, Sink sink) {
        this.attempt = attempt;
        this.status = status;
        this.sink = sink;
    }

    @Override
    public CompletionStage<Void> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription value) {
        subscription = value;
        attempt.subscribed(value);
        value.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            if (status == 200) {
                sink.bytes(attempt, buffer);
            } else if (errorBody.length() < ERROR_BODY_LIMIT) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                errorBody.append(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        sink.broken(attempt, error);
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (status == 200) {
            sink.ended(attempt);
        } else {
            sink.refused(attempt, status, errorBody.toString());
        }
        body.complete(null);
    }
}
