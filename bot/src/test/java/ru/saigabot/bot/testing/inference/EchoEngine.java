package ru.saigabot.bot.testing.inference;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.Role;

/**
 * Answers at once with every user turn of its prompt: whatever reached the prompt shows in the chat, so a test
 * can see that no chat's answer carries another chat's words.
 */
public final class EchoEngine implements InferenceEngine {
    private final InferenceEngine loaded;

    /** @param loaded the engine the bot loaded, closed with this one */
    public EchoEngine(InferenceEngine loaded) {
        this.loaded = loaded;
    }

    @Override
    public Generation submit(ChatRequest request, GenerationListener listener) {
        List<ChatMessage> messages = request.messages();
        String answer = "Эхо: " + messages.stream().filter(m -> m.role() == Role.USER).map(ChatMessage::content)
                .collect(Collectors.joining(" | "));
        listener.onStarted();
        listener.onText(answer);
        CompletableFuture<GenerationResult> result = CompletableFuture.completedFuture(new GenerationResult(answer,
                FinishReason.STOP, modelName(), new GenerationStats(messages.size(), 1, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 0)));
        return new Generation() {
            @Override
            public CompletableFuture<GenerationResult> result() {
                return result;
            }

            @Override
            public void cancel() {}
        };
    }

    @Override
    public String modelName() {
        return "echo";
    }

    @Override
    public void close() {
        loaded.close();
    }
}
