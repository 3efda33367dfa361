package ru.saigabot.bot.web.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ru.saigabot.bot.answer.AnswerFailure;
import ru.saigabot.bot.answer.AnswerView;
import ru.saigabot.bot.answer.Delivered;
import ru.saigabot.inference.GenerationResult;

/**
 * One answer as the web page follows it: an append-only log of events that any number of streams read, each from
 * its own position. A page that reloads while the answer is written reads it again from the start; the engine's
 * threads only append and never wait for a page.
 */
final class WebAnswer implements AnswerView {

    /** What a stream sends, in order: text, then exactly one end. */
    sealed interface Event {
        record Text(String delta) implements Event {}

        /**
         * @param outcome {@code done} (stored: the page reloads the conversation), {@code failed}, {@code restarting}
         *                or {@code withdrawn}
         * @param failure why there is no answer, for {@code failed}
         */
        record End(String outcome, AnswerFailure failure) implements Event {}
    }

    private final List<Event> events = new ArrayList<>();
    private final Runnable ended;

    /** @param ended runs once, when the answer's life is over (the destination lets it go) */
    WebAnswer(Runnable ended) {
        this.ended = ended;
    }

    /**
     * The events from position {@code from} on, waiting up to {@code timeout} for one when there are none yet; empty
     * when none came.
     */
    synchronized List<Event> read(int from, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (events.size() <= from) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(events.subList(from, events.size()));
    }

    private synchronized void add(Event event) {
        if (!events.isEmpty() && events.get(events.size() - 1) instanceof Event.End) {
            return; // one end only: a late event after it would never be read
        }
        events.add(event);
        notifyAll();
    }

    private void end(String outcome, AnswerFailure failure) {
        add(new Event.End(outcome, failure));
        ended.run();
    }

    @Override
    public void onText(String delta) {
        add(new Event.Text(delta));
    }

    @Override
    public Long placeholder() {
        return null;
    }

    @Override
    public void close() {
        // Progress goes straight to the log; there is nothing to stop.
    }

    @Override
    public Delivered deliver(GenerationResult result) {
        // The page shows the stored answer once recorded() says it is there; an empty one is stored as it is.
        return new Delivered(false, null);
    }

    @Override
    public void recorded() {
        end("done", null);
    }

    @Override
    public void fail(AnswerFailure failure) {
        end("failed", failure);
    }

    @Override
    public void restarting() {
        end("restarting", null);
    }

    @Override
    public void withdraw() {
        end("withdrawn", null);
    }
}
