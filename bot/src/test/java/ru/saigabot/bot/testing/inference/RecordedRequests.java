package ru.saigabot.bot.testing.inference;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.InferenceEngine;

/** Keeps every request an engine is given, in order, and passes it on: what the model was really asked. */
public final class RecordedRequests implements UnaryOperator<InferenceEngine> {
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    public List<ChatRequest> requests() {
        return requests;
    }

    /** {@code engine}, recording what it is given. */
    @Override
    public InferenceEngine apply(InferenceEngine engine) {
        return new InferenceEngine() {
            @Override
            public Generation submit(ChatRequest request, GenerationListener listener) {
                requests.add(request);
                return engine.submit(request, listener);
            }

            @Override
            public String modelName() {
                return engine.modelName();
            }

            @Override
            public void close() {
                engine.close();
            }
        };
    }
}
