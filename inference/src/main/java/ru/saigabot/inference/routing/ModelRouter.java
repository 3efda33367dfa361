package ru.saigabot.inference.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.InferenceException;

/**
 * Several loaded models behind one engine: a request naming a model ({@link ChatRequest#model()}) goes to that
 * model's engine, every other request to the primary one. Each engine keeps its own fair queue and slots; the
 * router adds nothing but the choice. Used for side-by-side battles between two different models.
 */
public final class ModelRouter implements InferenceEngine {
    private final InferenceEngine primary;
    private final Map<String, InferenceEngine> others;

    /** @param others engines by the key requests name them with */
    public ModelRouter(InferenceEngine primary, Map<String, InferenceEngine> others) {
        this.primary = primary;
        this.others = new LinkedHashMap<>(others);
    }

    @Override
    public Generation submit(ChatRequest request, GenerationListener listener) {
        if (request.model() == null) {
            return primary.submit(request, listener);
        }
        InferenceEngine engine = others.get(request.model());
        if (engine == null) {
            throw new InferenceException("model '" + request.model() + "' is not loaded; loaded: "
                    + new ArrayList<>(others.keySet()) + " besides " + primary.modelName());
        }
        return engine.submit(request, listener);
    }

    @Override
    public String modelName() {
        return primary.modelName();
    }

    @Override
    public List<String> adapters() {
        return primary.adapters();
    }

    /** Closes nothing: the engines belong to whoever loaded them, which closes each once. */
    @Override
    public void close() {
    }
}
