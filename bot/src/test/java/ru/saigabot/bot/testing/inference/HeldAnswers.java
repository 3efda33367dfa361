package ru.saigabot.bot.testing.inference;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.Role;

/**
 * Puts "the answer is still being written" in the test's hands. {@link #around} wraps any engine (the tiny model's,
 * a {@link ScriptedEngine}) so that a held answer stops right after the text that reaches one of its hold points, on
 * the engine's own thread, as a model that is slow at that moment would. It goes on when the test calls
 * {@link #release()}, and ends when it is cancelled or the engine closes; meanwhile it keeps its slot, so whatever
 * queues behind it keeps waiting. A test that used to count on a long answer still running when its next step
 * arrives (a /stop, an edit, a second question) holds that answer instead: fast or slow, the machine cannot finish
 * it first. Answers to other requests pass untouched.
 *
 * <pre>{@code
 * HeldAnswers held = HeldAnswers.afterFirstText().only(HeldAnswers.asking("Tell me a long story"));
 * BotApplication.start(config, options, c -> held.around(new ScriptedEngine(...)));
 * // ... the draft shows the start of the answer, and nothing more comes until:
 * held.release();
 * }</pre>
 */
public final class HeldAnswers {
    /**
     * A hold point: the answer has written a letter or a digit, which every preview shows (white space, or a lone
     * Markdown mark such as "*", may render as nothing yet).
     */
    public static final Predicate<String> FIRST_TEXT = text -> text.codePoints().anyMatch(Character::isLetterOrDigit);

    private final Predicate<ChatRequest> held;
    private final List<Predicate<String>> holdPoints;
    private final Object lock = new Object();
    /** How many hold points {@link #release()} has opened, for every held answer: 0 holds them at the first. */
    private int opened;
    /** Held answers stopped at each hold point right now. */
    private final int[] waiting;
    private boolean closed;

    private HeldAnswers(Predicate<ChatRequest> held, List<Predicate<String>> holdPoints) {
        if (holdPoints.isEmpty()) {
            throw new IllegalArgumentException("held answers need at least one hold point");
        }
        this.held = held;
        this.holdPoints = List.copyOf(holdPoints);
        this.waiting = new int[holdPoints.size()];
    }

    /** Holds every answer once it has shown some text, until {@link #release()}. */
    public static HeldAnswers afterFirstText() {
        return new HeldAnswers(request -> true, List.of(FIRST_TEXT));
    }

    /**
     * Holds every answer at these points, in order: an answer stops after the first delta whose text so far (the
     * whole answer up to it) matches its next point; each {@link #release()} opens one more point.
     */
    @SafeVarargs
    public static HeldAnswers at(Predicate<String>... textSoFar) {
        return new HeldAnswers(request -> true, List.of(textSoFar));
    }

    /** The same holds, for the answers to {@code which} only; the others run freely. Call before {@link #around}. */
    public HeldAnswers only(Predicate<ChatRequest> which) {
        return new HeldAnswers(which, holdPoints);
    }

    /**
     * Requests whose last user turn ends with {@code text}: a private chat's question as the user wrote it, or a
     * group's last line ("Имя: текст"). A question edited by adding words at its end is another request.
     */
    public static Predicate<ChatRequest> asking(String text) {
        return request -> {
            List<ChatMessage> messages = request.messages();
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i).role() == Role.USER) {
                    return messages.get(i).content().strip().endsWith(text);
                }
            }
            return false;
        };
    }

    /** {@code inner}, with the answers these holds apply to held. Closing it lets them go and closes {@code inner}. */
    public InferenceEngine around(InferenceEngine inner) {
        return new Engine(inner);
    }

    /**
     * Waits until an answer is stopped at the hold point {@link #release()} opens next. Tests mostly wait for what
     * the held answer shows instead (a draft, an edit, a part in the database): it stays shown while held.
     */
    public void awaitHeld(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (opened >= waiting.length || waiting[opened] == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no answer reached hold point " + (opened + 1) + " of "
                            + waiting.length + " within " + timeout);
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Opens the next hold point: answers held there go on, to their next hold point if they have one. */
    public void release() {
        synchronized (lock) {
            opened++;
            lock.notifyAll();
        }
    }

    private final class Engine implements InferenceEngine {
        private final InferenceEngine inner;

        Engine(InferenceEngine inner) {
            this.inner = inner;
        }

        @Override
        public Generation submit(ChatRequest request, GenerationListener listener) {
            if (!held.test(request)) {
                return inner.submit(request, listener);
            }
            Holding holding = new Holding(listener);
            Generation generation = inner.submit(request, holding);
            return new Generation() {
                @Override
                public CompletableFuture<GenerationResult> result() {
                    return generation.result();
                }

                @Override
                public void cancel() {
                    generation.cancel(); // first: the engine sees it as soon as the held delta returns
                    holding.end();
                }

                @Override
                public void detach() {
                    generation.detach();
                    holding.end();
                }
            };
        }

        @Override
        public String modelName() {
            return inner.modelName();
        }

        @Override
        public List<String> adapters() {
            return inner.adapters();
        }

        /** Lets every held answer go (closing the inner engine cancels them), then closes the inner engine. */
        @Override
        public void close() {
            synchronized (lock) {
                closed = true;
                lock.notifyAll();
            }
            inner.close();
        }
    }

    /** One held answer's listener: passes everything on, and stops the engine's thread at the hold points. */
    private final class Holding implements GenerationListener {
        private final GenerationListener listener;
        private final StringBuilder text = new StringBuilder();
        private int next;
        private boolean ended; // guarded by lock

        Holding(GenerationListener listener) {
            this.listener = listener;
        }

        @Override
        public void onQueued(int position) {
            listener.onQueued(position);
        }

        @Override
        public void onStarted() {
            listener.onStarted();
        }

        @Override
        public void onText(String delta) {
            listener.onText(delta);
            text.append(delta);
            while (next < holdPoints.size() && holdPoints.get(next).test(text.toString())) {
                holdAt(next);
                next++;
            }
        }

        private void holdAt(int point) {
            synchronized (lock) {
                waiting[point]++;
                lock.notifyAll();
                try {
                    while (opened <= point && !ended && !closed) {
                        lock.wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the engine is being shut down: let its thread go
                } finally {
                    waiting[point]--;
                }
            }
        }

        void end() {
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
        }
    }
}
