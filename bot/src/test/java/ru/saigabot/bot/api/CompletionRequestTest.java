package ru.saigabot.bot.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.bot.store.AdapterStore.Adapter;

/** A chat completion body read and checked: what is supported is kept, anything else is refused by name. */
class CompletionRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiModels models = new ApiModels(new ServedModels("saiga", Optional.empty()));
    private final ApiSchemas schemas = new ApiSchemas(JSON);

    private CompletionRequest read(String body) throws Exception {
        return CompletionRequest.read(JSON.readTree(body), models, schemas);
    }

    @Test
    void readsMessagesSamplingAndStreaming() throws Exception {
        CompletionRequest request = read("""
                {"model": "saiga", "messages": [
                   {"role": "system", "content": "Ты Сайга."},
                   {"role": "developer", "content": "Отвечай кратко."},
                   {"role": "user", "content": [{"type": "text", "text": "При"}, {"type": "text", "text": "вет"}]},
                   {"role": "assistant", "content": "Здравствуйте!"},
                   {"role": "user", "content": "Как дела?"}],
                 "temperature": 0.7, "top_p": 0.9, "seed": 5, "max_completion_tokens": 64, "stop": "###",
                 "stream": true, "stream_options": {"include_usage": true}, "n": 1, "store": true, "user": "u1",
                 "frequency_penalty": 0, "presence_penalty": 0.0, "logprobs": false}""");
        assertThat(request.systemPrompt()).isEqualTo("Ты Сайга.\n\nОтвечай кратко.");
        assertThat(request.turns()).extracting(t -> (t.user() ? "user:" : "assistant:") + t.content())
                .containsExactly("user:Привет", "assistant:Здравствуйте!", "user:Как дела?");
        assertThat(request.options().temperature()).isEqualTo(0.7);
        assertThat(request.options().topP()).isEqualTo(0.9);
        assertThat(request.options().seed()).isEqualTo(5);
        assertThat(request.options().maxTokens()).isEqualTo(64);
        assertThat(request.options().stop()).containsExactly("###");
        assertThat(request.options().adapter()).isNull();
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.store()).isTrue();
        assertThat(request.outputSchema()).isNull();
    }

    @Test
    void namesWhatIsNotSupported() {
        assertRefused("{\"model\": \"saiga\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], "
                + "\"tools\": []}", "tools");
        assertRefused("{\"model\": \"saiga\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], "
                + "\"presence_penalty\": 0.5}", "presence_penalty");
        assertRefused("{\"model\": \"saiga\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"n\": 3}",
                "n must be 1");
        assertRefused("{\"model\": \"saiga\", \"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}", "tool");
        assertRefused("{\"model\": \"saiga\", \"messages\": [{\"role\": \"user\", \"content\": "
                + "[{\"type\": \"image_url\"}]}]}", "image_url");
        assertRefused("{\"model\": \"saiga\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], "
                + "\"response_format\": {\"type\": \"grammar\"}}", "grammar");
    }

    @Test
    void refusesWhatIsWrong() {
        assertRefused("[]", "JSON object");
        assertRefused("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}", "'model' is required");
        assertRefused("{\"model\": \"saiga\", \"messages\": []}", "non-empty array");
        assertRefused("{\"model\": \"saiga\", \"messages\": [{\"role\": \"assistant\", \"content\": \"x\"}]}",
                "must be the user's");
        assertRefused("{\"model\": \"saiga\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], "
                + "\"temperature\": 3}", "temperature");
        assertRefused("{\"model\": \"saiga\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], "
                + "\"max_tokens\": 10, \"max_completion_tokens\": 10}", "not both");
        assertRefused("{\"model\": \"saiga\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], "
                + "\"stop\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}", "at most 4");
        assertRefused("{\"model\": \"saiga\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], "
                + "\"stream_options\": {\"include_usage\": true}}", "only allowed with stream");
        assertThatThrownBy(() -> read("{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": "
                + "\"x\"}]}")).isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("model_not_found");
                    assertThat(e.getMessage()).contains("saiga");
                });
    }

    @Test
    void namesTheAdapterOfAModelVariant() throws Exception {
        ApiModels withAdapter = new ApiModels(new ServedModels("saiga", Optional.of(
                new Adapter("style", Path.of("saiga.gguf"), Path.of("style.gguf"), 1.0))));
        assertThat(withAdapter.ids()).containsExactly("saiga", "saiga+style");
        JsonNode body = JSON.readTree("{\"model\": \"saiga+style\", \"messages\": [{\"role\": \"user\", "
                + "\"content\": \"x\"}]}");
        assertThat(CompletionRequest.read(body, withAdapter, schemas).options().adapter()).isEqualTo("style");
    }

    @Test
    void jsonFormatsBecomeCheckedSchemas() throws Exception {
        String base = "{\"model\": \"saiga\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], ";
        assertThat(read(base + "\"response_format\": {\"type\": \"json_object\"}}").outputSchema())
                .isEqualTo("{\"type\":\"object\"}");
        assertThat(read(base + "\"response_format\": {\"type\": \"json_schema\", \"json_schema\": "
                + "{\"name\": \"contact\"}}}").outputSchema()).contains("\"phone\"");
        assertThat(read(base + "\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"p\", "
                + "\"schema\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}}}}")
                .outputSchema()).contains("\"a\"");
        assertRefused(base + "\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"p\", "
                + "\"schema\": {\"type\": \"object\", \"patternProperties\": {}}}}}", "patternProperties");
        assertRefused(base + "\"response_format\": {\"type\": \"json_schema\", \"json_schema\": "
                + "{\"name\": \"nope\"}}}", "nope");
    }

    private void assertRefused(String body, String message) {
        assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isIn(400, 404);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
