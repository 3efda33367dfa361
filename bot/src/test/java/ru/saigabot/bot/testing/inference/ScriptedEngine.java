package ru.saigabot.bot.testing.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.InferenceEngine;

/**
 * Writes a given answer in chunks at a steady pace, like a model streaming it. A random tiny model cannot be
 * made to write Markdown, code blocks or a think block, so the formatting tests that need exact text use this
 * in place of the engine; everything after the engine (streaming, rendering, Telegram, PostgreSQL) is real.
 * Its pace is no promise that a step of the test comes while it still writes: to have it stop mid-answer until the
 * test goes on, wrap it with {@link HeldAnswers}.
 */
public final class ScriptedEngine implements InferenceEngine {
    private final String answer;
    private final int chunkLength;
    private final Duration pause;

    /** Streams {@code answer} {@code chunkLength} characters at a time, {@code pause} apart. */
    public ScriptedEngine(String answer, int chunkLength, Duration pause) {
        this.answer = answer;
        this.chunkLength = chunkLength;
        this.pause = pause;
    }

    @Override
    public Generation submit(ChatRequest request, GenerationListener listener) {
        CompletableFuture<GenerationResult> result = new CompletableFuture<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread writer = new Thread(() -> write(request, listener, result, cancelled), "scripted-engine");
        writer.setDaemon(true);
        writer.start();
        return new Generation() {
            @Override
            public CompletableFuture<GenerationResult> result() {
                return result;
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        };
    }

    private void write(ChatRequest request, GenerationListener listener, CompletableFuture<GenerationResult> result,
                       AtomicBoolean cancelled) {
        listener.onStarted();
        StringBuilder written = new StringBuilder();
        for (String chunk : chunks()) {
            if (cancelled.get()) {
                break;
            }
            listener.onText(chunk);
            written.append(chunk);
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        FinishReason reason = written.length() == answer.length() ? FinishReason.STOP : FinishReason.CANCELLED;
        result.complete(new GenerationResult(written.toString(), reason, modelName(),
                new GenerationStats(request.messages().size(), chunks().size(), Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, 0)));
    }

    /** Chunks end on whole code points, as the engine's deltas do. */
    private List<String> chunks() {
        List<String> chunks = new ArrayList<>();
        int from = 0;
        while (from < answer.length()) {
            int to = Math.min(answer.length(), from + chunkLength);
            if (to < answer.length() && Character.isLowSurrogate(answer.charAt(to))) {
                to++;
            }
            chunks.add(answer.substring(from, to));
            from = to;
        }
        return chunks;
    }

    @Override
    public String modelName() {
        return "scripted";
    }

    @Override
    public void close() {}
}
