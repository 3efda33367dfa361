package ru.saigabot.inference.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.InferenceException;

/**
 * Runs a {@link BenchWorkload} through an engine the way the bot uses it: each user is one thread that asks, waits
 * for the whole answer, and asks the next question of the same conversation (same conversation key, so the engine
 * can reuse the previous turn's KV cache).
 */
public final class BenchRunner {

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
    }

    private BenchRunner() {
    }

    /** {@code label} keeps scenarios apart: their conversations never share a cached prompt. */
    public static Run run(InferenceEngine engine, BenchWorkload workload, String label) throws InterruptedException {
        return run(engine, workload, label, Map.of());
    }

    /**
     * Runs the conversations of {@code earlier} again, each turn's history made of the answers given then rather than
     * the new ones: the prompts are exactly those of the earlier run, so the two runs' times compare turn by turn
     * even when an engine setting (the prompt cache) changes a sampled token.
     */
    public static Run replay(InferenceEngine engine, BenchWorkload workload, String label, Run earlier)
            throws InterruptedException {
        return run(engine, workload, label, earlier.answersByUser());
    }

    private static Run run(InferenceEngine engine, BenchWorkload workload, String label,
                           Map<Integer, List<String>> history) throws InterruptedException {
        List<TurnSample> samples = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> users = new ArrayList<>();
        long started = System.nanoTime();
        for (int user = 0; user < workload.users(); user++) {
            int id = user;
            Thread thread = new Thread(() -> {
                try {
                    converse(engine, workload, label + "-" + id, id, history.getOrDefault(id, List.of()), samples);
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

    private static void converse(InferenceEngine engine, BenchWorkload workload, String conversation, int user,
                                 List<String> history, List<TurnSample> samples) {
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.system(BenchWorkload.SYSTEM_PROMPT)));
        List<String> questions = workload.questions(user);
        for (int turn = 0; turn < questions.size(); turn++) {
            messages.add(ChatMessage.user(questions.get(turn)));
            GenerationParams params = GenerationParams.DEFAULTS.withMaxTokens(workload.maxTokens())
                    .withSeed(workload.answerSeed(user, turn));
            ChatRequest request = new ChatRequest("bench-user-" + user, messages, params)
                    .withConversation("bench-" + conversation);
            GenerationResult result = engine.submit(request, GenerationListener.NONE).result().join();
            messages.add(ChatMessage.assistant(turn < history.size() ? history.get(turn) : result.text()));
            samples.add(new TurnSample(user, turn, result.text(), result.stats()));
        }
    }
}
