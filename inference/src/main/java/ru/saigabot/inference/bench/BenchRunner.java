package ru.saigabot.inference.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.InferenceException;

/**
 * Runs {@link BenchConversations} through an engine the way the bot uses it: each conversation is one thread that
 * asks, waits for the whole answer, and asks the next turn of the same conversation (same conversation key, so the
 * engine can reuse the previous turn's KV cache). With more conversations than slots they take turns on the slots.
 *
 * <h2>New text</h2>
 * Each answer's {@link TurnSample#newTextTokens()} is what the turn adds to the conversation: the previous answer
 * and the new user turn, with the chat template's markup around them, in tokens. Precisely, for turn {@code t > 1}
 * of system prompt {@code S}, user turns {@code u} and answers {@code a}, {@code tokens(S, u[t-1], a[t-1], u[t]) -
 * tokens(S, u[t-1])}, each a whole prompt rendered for completion and counted by the engine ({@link PromptTokens});
 * for the first turn, {@code tokens(S, u[1])}. It does not depend on which turns the context budget dropped. A
 * perfect prompt cache, one that kept every earlier token in place, would still evaluate this much: the answer is
 * there again as text, whose tokens may differ from those the model generated.
 *
 * <h2>Reading</h2>
 * People read an answer before they write again. With {@code reading} above 0, a user waits that many times the
 * answer's own time before the next turn (not in a replay, which repeats the earlier run's prompts back to back): with
 * more conversations than slots, a slot is then often free when a conversation comes back, as in a real chat, and the
 * engine's choice of slot decides whether its cache is still there. At 0 every slot is always busy, and a freed slot
 * always goes to whichever conversation waited longest.
 */
public final class BenchRunner {

    /** Hears of every answer, from the conversations' threads. */
    @FunctionalInterface
    public interface Listener {
        void answered(TurnSample sample);

        Listener NONE = sample -> {};
    }

    /** Every answer, and the wall time of the whole run. */
    public record Run(List<TurnSample> samples, Duration wall) {
        public Run {
            samples = List.copyOf(samples);
        }

        /** The answers as they were given, to replay the same conversations (see {@link BenchRunner#replay}). */
        public Map<Integer, List<String>> answersByUser() {
            Map<Integer, List<String>> answers = new TreeMap<>();
            samples.stream().sorted(Comparator.comparingInt(TurnSample::user).thenComparingInt(TurnSample::turn))
                    .forEach(s -> answers.computeIfAbsent(s.user(), u -> new ArrayList<>()).add(s.answer()));
            return answers;
        }

        /** The same run with other samples (llama.cpp's counts attached). */
        public Run withSamples(List<TurnSample> value) {
            return new Run(value, wall);
        }
    }

    private final InferenceEngine engine;
    private final PromptTokens promptTokens;
    private final Listener listener;
    private final double reading;

    public BenchRunner(InferenceEngine engine, PromptTokens promptTokens, Listener listener) {
        this(engine, promptTokens, listener, 0);
    }

    public BenchRunner(InferenceEngine engine, PromptTokens promptTokens, Listener listener, double reading) {
        this.engine = engine;
        this.promptTokens = promptTokens;
        this.listener = listener;
        this.reading = reading;
    }

    /** {@code label} keeps scenarios apart: their conversations never share a conversation key. */
    public Run run(BenchConversations workload, String label) throws InterruptedException {
        return run(workload, label, Map.of(), false);
    }

    /**
     * Runs the conversations of {@code earlier} again, each turn's history made of the answers given then rather than
     * the new ones: the prompts are exactly those of the earlier run, so the two runs' times compare turn by turn
     * even when an engine setting (the prompt cache) changes a sampled token.
     *
     * @param firstTokenOnly stop each answer at its first token: the replay then measures the time to first token
     *                       only, in a fraction of the time; right for one conversation, while several at once would
     *                       wait less for each other than in the earlier run, whose answers ran to the end
     */
    public Run replay(BenchConversations workload, String label, Run earlier, boolean firstTokenOnly)
            throws InterruptedException {
        return run(workload, label, earlier.answersByUser(), firstTokenOnly);
    }

    private Run run(BenchConversations workload, String label, Map<Integer, List<String>> history,
                    boolean firstTokenOnly) throws InterruptedException {
        List<TurnSample> samples = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> users = new ArrayList<>();
        long started = System.nanoTime();
        for (int user = 0; user < workload.users(); user++) {
            int id = user;
            Thread thread = new Thread(() -> {
                try {
                    converse(workload, label + "-" + id, id, history.getOrDefault(id, List.of()), firstTokenOnly,
                            samples);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "bench-user-" + user);
            thread.start();
            users.add(thread);
        }
        for (Thread user : users) {
            user.join();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0) instanceof CompletionException c ? c.getCause() : failures.get(0);
            throw new InferenceException("benchmark conversation failed (" + failures.size() + " of "
                    + workload.users() + "): " + first.getMessage(), first);
        }
        return new Run(samples, wall);
    }

    private void converse(BenchConversations workload, String conversation, int user, List<String> history,
                          boolean firstTokenOnly, List<TurnSample> samples) {
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.system(BenchWorkload.SYSTEM_PROMPT)));
        List<ChatMessage> turns = workload.userTurns(user);
        for (int turn = 0; turn < turns.size(); turn++) {
            int newText = newText(messages, turns.get(turn));
            messages.add(turns.get(turn));
            GenerationParams params = GenerationParams.DEFAULTS.withMaxTokens(workload.maxTokens())
                    .withSeed(workload.answerSeed(user, turn));
            ChatRequest request = new ChatRequest("bench-user-" + user, messages, params)
                    .withConversation("bench-" + conversation);
            CompletableFuture<Void> firstText = new CompletableFuture<>();
            Generation generation = engine.submit(request, delta -> firstText.complete(null));
            if (firstTokenOnly) {
                // The text may come before submit returns: cancel once both happened.
                firstText.thenRun(generation::cancel);
            }
            GenerationResult result = generation.result().join();
            TurnSample sample = new TurnSample(user, turn, result.text(), result.stats(), newText, System.nanoTime());
            messages.add(ChatMessage.assistant(turn < history.size() ? history.get(turn) : result.text()));
            samples.add(sample);
            listener.answered(sample);
            if (history.isEmpty() && reading > 0 && turn < turns.size() - 1) {
                read(result);
            }
        }
    }

    private void read(GenerationResult result) {
        long nanos = (long) (result.stats().total().toNanos() * reading);
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("benchmark conversation interrupted while reading", e);
        }
    }

    /** The tokens {@code next} and the answer before it add to the conversation {@code before}. */
    private int newText(List<ChatMessage> before, ChatMessage next) {
        int last = before.size() - 1;
        if (last < 1) {
            return promptTokens.of(List.of(before.get(0), next));
        }
        List<ChatMessage> previous = List.of(before.get(0), before.get(last - 1));
        List<ChatMessage> grown = List.of(before.get(0), before.get(last - 1), before.get(last), next);
        return promptTokens.of(grown) - promptTokens.of(previous);
    }
}
