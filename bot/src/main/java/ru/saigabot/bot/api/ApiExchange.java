package ru.saigabot.bot.api;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import ru.saigabot.bot.answer.AnswerFailure;
import ru.saigabot.bot.answer.AnswerView;
import ru.saigabot.bot.answer.Delivered;
import ru.saigabot.inference.GenerationResult;

/**
 * One API request's answer as its HTTP handler receives it: the answer session and the engine put events in, the
 * handler's thread takes them out and writes them to the client. Nothing here waits: the engine's threads only
 * enqueue.
 */
final class ApiExchange implements AnswerView {

    /** What the handler receives, in order: text, then exactly one end. */
    sealed interface Event {
        record Text(String delta) implements Event {}

        /** The answer, stored (or its store failed and was logged). */
        record Done(GenerationResult result) implements Event {}

        record Failed(ApiError error) implements Event {}
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Runnable ended;
    private final Runnable stop;
    private final Executor executor;
    private volatile GenerationResult result;
    private volatile boolean abandoned;
    private final AtomicBoolean stopAsked = new AtomicBoolean();

    /**
     * @param ended    runs once the answer's life is over (deletes an unstored exchange)
     * @param stop     stops the generation; run on {@code executor} (the engine's threads must not wait)
     */
    ApiExchange(Runnable ended, Runnable stop, Executor executor) {
        this.ended = ended;
        this.stop = stop;
        this.executor = executor;
    }

    /** The next event, or null when none came within the wait. */
    Event next(long timeout, TimeUnit unit) throws InterruptedException {
        return events.poll(timeout, unit);
    }

    /** The client went away: whatever still runs for it stops at its next token. */
    void abandon() {
        abandoned = true;
    }

    boolean abandoned() {
        return abandoned;
    }

    /** Its answer will not start (the client left before): ends its life without one. */
    void endWithoutAnswer() {
        ended.run();
    }

    @Override
    public void onText(String delta) {
        if (abandoned) {
            if (stopAsked.compareAndSet(false, true)) {
                try {
                    executor.execute(stop); // it started just as the client left, before the stop could reach it
                } catch (RejectedExecutionException e) {
                    // The bot is stopping: every generation is being let go already.
                }
            }
            return;
        }
        events.add(new Event.Text(delta));
    }

    @Override
    public Long placeholder() {
        return null;
    }

    @Override
    public void close() {
        // Progress goes straight to the queue; there is nothing to stop.
    }

    @Override
    public Delivered deliver(GenerationResult answer) {
        result = answer;
        // An empty answer is still an answer for a program: stored as it is, not as a failure.
        return new Delivered(false, null);
    }

    @Override
    public void recorded() {
        ended.run(); // first: once the client has its answer, nothing unstored is left of it
        events.add(new Event.Done(result));
    }

    @Override
    public void fail(AnswerFailure failure) {
        ended.run();
        events.add(new Event.Failed(error(failure)));
    }

    @Override
    public void restarting() {
        // The request stays open in the database; the next start finds its caller gone and closes it.
        events.add(new Event.Failed(ApiError.unavailable(10, "the server is restarting; send the request again")));
    }

    @Override
    public void withdraw() {
        ended.run();
        events.add(new Event.Failed(ApiError.internal("the request was cancelled before it was answered")));
    }

    static ApiError error(AnswerFailure failure) {
        if (failure instanceof AnswerFailure.TooLong tooLong) {
            return ApiError.tooLong("the conversation needs " + tooLong.neededTokens() + " tokens but the model's "
                    + "context leaves " + tooLong.availableTokens() + " for it; send fewer or shorter messages, or "
                    + "a smaller max_tokens");
        }
        if (failure instanceof AnswerFailure.Busy) {
            return ApiError.rateLimited(10, "the model's queue is full; try again in a few seconds");
        }
        return ApiError.internal("the answer failed on the server; the operator's log has the details");
    }
}
