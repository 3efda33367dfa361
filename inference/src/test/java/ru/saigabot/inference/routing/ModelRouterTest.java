package ru.saigabot.inference.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.InferenceException;

class ModelRouterTest {

    /** Records what reached it; a stand-in for a loaded model, which the router never looks inside. */
    private static final class Recorder implements InferenceEngine {
        final String name;
        final List<ChatRequest> seen = new ArrayList<>();

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public Generation submit(ChatRequest request, GenerationListener listener) {
            seen.add(request);
            return null;
        }

        @Override
        public String modelName() {
            return name;
        }

        @Override
        public void close() {
        }
    }

    private static final ChatRequest REQUEST = new ChatRequest("user:1", List.of(ChatMessage.user("Привет")),
            GenerationParams.DEFAULTS);

    @Test
    void requestsGoToTheModelTheyName() {
        Recorder saiga = new Recorder("saiga");
        Recorder other = new Recorder("other");
        ModelRouter router = new ModelRouter(saiga, Map.of("/models/other.gguf", other));

        router.submit(REQUEST, GenerationListener.NONE);
        router.submit(REQUEST.withModel("/models/other.gguf"), GenerationListener.NONE);

        assertThat(saiga.seen).containsExactly(REQUEST);
        assertThat(other.seen).containsExactly(REQUEST.withModel("/models/other.gguf"));
        assertThat(router.modelName()).isEqualTo("saiga");
    }

    @Test
    void aModelThatIsNotLoadedIsRefusedByName() {
        ModelRouter router = new ModelRouter(new Recorder("saiga"), Map.of());
        assertThatThrownBy(() -> router.submit(REQUEST.withModel("/models/x.gguf"), GenerationListener.NONE))
                .isInstanceOf(InferenceException.class).hasMessageContaining("'/models/x.gguf' is not loaded");
    }
}
