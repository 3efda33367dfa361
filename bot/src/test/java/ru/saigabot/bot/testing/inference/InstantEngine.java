package ru.saigabot.bot.testing.inference;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.InferenceEngine;

/**
 * A generator that answers at once with a fixed text: the message-path benchmark uses it to measure
 * what the bot itself adds (Telegram calls, PostgreSQL, dispatch), without a model's time.
 */
public final class InstantEngine implements InferenceEngine {
    private final String answer;

    public InstantEngine(String answer) {
        this.answer = answer;
    }

    @Override
    public Generation submit(ChatRequest request, GenerationListener listener) {
        listener.onStarted();
        listener.onText(answer);
        GenerationResult result = new GenerationResult(answer, FinishReason.STOP, modelName(),
                new GenerationStats(request.messages().size(), 1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0));
        CompletableFuture<GenerationResult> future = CompletableFuture.completedFuture(result);
        return new Generation() {
            @Override
            public CompletableFuture<GenerationResult> result() {
                return future;
            }

            @Override
            public void cancel() {}
        };
    }

    @Override
    public String modelName() {
        return "instant";
    }

    @Override
    public void close() {}
}
