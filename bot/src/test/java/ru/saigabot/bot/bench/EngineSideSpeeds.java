package ru.saigabot.bot.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.InferenceEngine;

/**
 * The bot's engine, noting each answer's decode speed as the engine itself counts it ({@code GenerationStats}) under
 * the request's id, which for an API request is its generation's (the {@code chatcmpl-} id): beside the client's
 * figure it tells whether llama.cpp decoded slower, or the answer reached the client later.
 */
final class EngineSideSpeeds implements InferenceEngine {
    private final InferenceEngine engine;
    private final Map<String, Double> speeds = new ConcurrentHashMap<>();

    EngineSideSpeeds(InferenceEngine engine) {
        this.engine = engine;
    }

    @Override
    public Generation submit(ChatRequest request, GenerationListener listener) {
        Generation generation = engine.submit(request, listener);
        if (request.requestId() != null) {
            generation.result().thenAccept(result -> speeds.put(request.requestId(),
                    result.stats().tokensPerSecond()));
        }
        return generation;
    }

    /** The engine itself, for requests whose speed the benchmark reads on its own. */
    InferenceEngine engine() {
        return engine;
    }

    /** The engine's figure for the API answer {@code completionId}; waits a moment, as the answer may be ending. */
    double of(String completionId) throws InterruptedException {
        String id = completionId.substring(completionId.indexOf('-') + 1);
        for (int i = 0; i < 500; i++) {
            Double speed = speeds.remove(id);
            if (speed != null) {
                return speed;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the engine never ended answer " + completionId);
    }

    @Override
    public String modelName() {
        return engine.modelName();
    }

    @Override
    public java.util.List<String> adapters() {
        return engine.adapters();
    }

    @Override
    public void close() {
        engine.close();
    }
}
