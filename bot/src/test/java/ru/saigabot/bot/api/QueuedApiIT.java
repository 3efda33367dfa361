package ru.saigabot.bot.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.api.keys.ApiKeyStore;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.worker.InferenceQueue;
import ru.saigabot.bot.worker.InferenceWorker;
import ru.saigabot.bot.worker.WireFormat;
import ru.saigabot.inference.llama.LlamaEngine;
import ru.saigabot.inference.llama.LlamaEngineConfig;

/**
 * Behind the API, {@code --inference queue} works as behind Telegram: the request, with its JSON schema, travels
 * through PostgreSQL to a worker whose llama.cpp enforces the schema with its grammar.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class QueuedApiIT {

    @Test
    void aWorkerAnswersAnApiRequestWithItsSchema(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.startQueuedWithApi(db, dir, RunningBot.options(1500));
             Database database = Database.openMigrated(db.jdbcUrl(), 4);
             InferenceWorker worker = new InferenceWorker(database, new InferenceQueue(GenerationRepository.forWorker()),
                     LlamaEngine.load(new LlamaEngineConfig(model.path(), 1, 2, 4096, "auto")),
                     new WireFormat(new ObjectMapper()),
                     new InferenceWorker.Settings("api-worker", 1, 30, Duration.ofMillis(100), Duration.ofSeconds(2)))) {
            worker.start();
            String key = new ApiKeyStore(database).add("queued", null).key();
            OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(key).maxRetries(0)
                    .baseUrl("http://127.0.0.1:" + running.bot.apiPort().getAsInt() + "/v1").build();
            String served = client.models().list().data().get(0).id();
            ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(served).addUserMessage("Иван Петров, +7 900 123-45-67")
                    .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(
                            ResponseFormatJsonSchema.JsonSchema.builder().name("contact").build()).build())
                    .maxCompletionTokens(1500).temperature(1.0).seed(4).build());
            assertThat(answer.choices().get(0).finishReason().asString()).isEqualTo("stop");
            JsonNode contact = new ObjectMapper().readTree(answer.choices().get(0).message().content().orElseThrow());
            assertThat(contact.isObject()).isTrue();
            assertThat(contact.has("name")).isTrue();
            assertThat(running.sql.number("SELECT count(*) FROM conversation WHERE purpose = 'api_unstored'"))
                    .as("the unstored exchange is gone once answered").isZero();
        }
    }
}
