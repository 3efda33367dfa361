package ru.saigabot.bot.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.api.keys.ApiKeyStore;
import ru.saigabot.bot.extract.SchemaPresets;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.training.export.ExportOptions;
import ru.saigabot.training.export.ExportStats;
import ru.saigabot.training.export.TrainingExport;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * The OpenAI-compatible API through OpenAI's own Java client, against the real bot, PostgreSQL and the tiny model:
 * answers whole and streamed, JSON that follows its schema, keys and limits, a client that leaves mid-stream, and a
 * Telegram user served beside a program.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class OpenAiApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry VALIDATORS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @Test
    void answersWholeAndStreamedAndTakesVotesOnStoredAnswers(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = start(db, model, dir, 2, UnaryOperator.identity());
             Database database = Database.open(db.jdbcUrl(), 2)) {
            String key = new ApiKeyStore(database).add("tests", null).key();
            OpenAIClient client = client(running, key);

            List<String> models = client.models().list().data().stream().map(Model::id).toList();
            assertThat(models).hasSize(1);
            String served = models.get(0);

            ChatCompletion whole = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(served).addSystemMessage("Ты полезный помощник.").addUserMessage("Привет! Как дела?")
                    .maxCompletionTokens(24).seed(7).temperature(0.5).build());
            assertThat(whole.id()).startsWith("chatcmpl-");
            assertThat(whole.model()).isEqualTo(served);
            assertThat(whole.choices()).hasSize(1);
            assertThat(whole.choices().get(0).message().content()).isPresent();
            assertThat(whole.choices().get(0).finishReason().asString()).isIn("stop", "length");
            assertThat(whole.usage()).isPresent();
            assertThat(whole.usage().get().promptTokens()).isPositive();
            assertThat(whole.usage().get().totalTokens())
                    .isEqualTo(whole.usage().get().promptTokens() + whole.usage().get().completionTokens());
            // Not asked to store: nothing of the exchange stays once it is answered.
            Await.until(RunningBot.WAIT, () -> running.sql.number(
                    "SELECT count(*) FROM conversation WHERE purpose IN ('api', 'api_unstored')") == 0);
            assertThat(running.sql.number("SELECT count(*) FROM message m JOIN chat c ON c.id = m.chat_id "
                    + "WHERE c.kind = 'api'")).isZero();

            StringBuilder streamed = new StringBuilder();
            List<ChatCompletionChunk> chunks = new ArrayList<>();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model(served).addUserMessage("Расскажи про модель")
                            .addAssistantMessage("Конечно.").addUserMessage("Коротко, пожалуйста")
                            .maxCompletionTokens(32).seed(3).store(true)
                            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                            .build())) {
                stream.stream().forEach(chunk -> {
                    chunks.add(chunk);
                    chunk.choices().forEach(choice -> choice.delta().content().ifPresent(streamed::append));
                });
            }
            assertThat(chunks).hasSizeGreaterThanOrEqualTo(3);
            ChatCompletionChunk last = chunks.get(chunks.size() - 1);
            assertThat(last.choices()).isEmpty();
            assertThat(last.usage()).isPresent();
            assertThat(last.usage().get().completionTokens()).isPositive();
            String id = chunks.get(0).id();
            long generationId = Long.parseLong(id.substring("chatcmpl-".length()));
            // Stored: the history as sent, and the answer as streamed, in a conversation of the key's own.
            assertThat(running.sql.strings("SELECT m.role || ':' || m.content FROM message m JOIN generation g "
                    + "ON g.conversation_id = m.conversation_id WHERE g.id = ? ORDER BY m.id", generationId))
                    .containsExactly("user:Расскажи про модель", "assistant:Конечно.", "user:Коротко, пожалуйста",
                            "assistant:" + streamed.toString().strip());

            HttpResponse<String> vote = feedback(running, key, "{\"id\": \"" + id + "\", \"rating\": 1}");
            assertThat(vote.statusCode()).isEqualTo(200);
            assertThat(running.sql.strings("SELECT f.source || ':' || f.vote FROM feedback f JOIN generation g "
                    + "ON g.answer_message_id = f.message_id WHERE g.id = ?", generationId)).containsExactly("api:1");
            // A rated answer that ended by itself (a schema bounds it) reaches the training data like a chat's,
            // counted as the API's.
            ChatCompletion finished = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(served).addUserMessage("Расскажи, пожалуйста, как устроена модель и чем она полезна людям")
                    .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema
                            .builder().name("answer").schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                    .putAdditionalProperty("type", JsonValue.from("object"))
                                    .putAdditionalProperty("properties", JsonValue.from(Map.of("answer", Map.of(
                                            "type", "string", "minLength", 40, "maxLength", 80))))
                                    .putAdditionalProperty("required", JsonValue.from(List.of("answer")))
                                    .build()).build()).build())
                    .maxCompletionTokens(600).temperature(1.0).seed(2).store(true).build());
            assertThat(finished.choices().get(0).finishReason().asString()).isEqualTo("stop");
            assertThat(feedback(running, key, "{\"id\": \"" + finished.id() + "\", \"rating\": 1}").statusCode())
                    .isEqualTo(200);
            ExportStats exported = new TrainingExport(database.dataSource())
                    .run(ExportOptions.defaults(dir.resolve("dataset")));
            assertThat(exported.sources().get("sft")).containsEntry("api", 1L);
            HttpResponse<String> unknown = feedback(running, key, "{\"id\": \"" + whole.id() + "\", \"rating\": -1}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).path("error").path("code").asText())
                    .isEqualTo("completion_not_found");
        }
    }

    @Test
    void jsonOutputAlwaysParsesAndFollowsItsSchema(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = start(db, model, dir, 2, UnaryOperator.identity());
             Database database = Database.open(db.jdbcUrl(), 2)) {
            OpenAIClient client = client(running, new ApiKeyStore(database).add("json", null).key());
            String served = client.models().list().data().get(0).id();
            Map<String, Object> person = Map.of("type", "object",
                    "properties", Map.of(
                            // ASCII: llama.cpp's grammar reads a broken UTF-8 sequence from random weights as one
                            // character, which Java then decodes as several U+FFFD (longer than maxLength)
                            "name", Map.of("type", "string", "pattern", "^[A-Za-z]{1,20}$"),
                            "age", Map.of("type", "integer", "minimum", 0, "maximum", 120),
                            "city", Map.of("type", "string", "enum", List.of("Москва", "Казань"))),
                    "required", List.of("name", "age", "city"),
                    "additionalProperties", false);
            ResponseFormatJsonSchema.JsonSchema.Schema schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                    .putAllAdditionalProperties(person.entrySet().stream().collect(Collectors.toMap(
                            Map.Entry::getKey, entry -> JsonValue.from(entry.getValue()))))
                    .build();
            Schema personSchema = VALIDATORS.getSchema(JSON.writeValueAsString(person));
            for (long seed = 1; seed <= 3; seed++) {
                ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model(served).addUserMessage("Меня зовут Анна, мне 30 лет, я живу в Казани.")
                        .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(
                                ResponseFormatJsonSchema.JsonSchema.builder().name("person").schema(schema)
                                        .strict(true).build()).build())
                        .maxCompletionTokens(400).temperature(1.0).seed(seed).build());
                assertThat(answer.choices().get(0).finishReason().asString()).isEqualTo("stop");
                JsonNode filled = JSON.readTree(answer.choices().get(0).message().content().orElseThrow());
                assertThat(personSchema.validate(filled)).as("seed %d: %s", seed, filled).isEmpty();
                assertThat(filled.properties()).extracting(Map.Entry::getKey)
                        .containsExactlyInAnyOrder("name", "age", "city");
                assertThat(filled.get("name").isTextual()).isTrue();
                assertThat(filled.get("name").textValue()).matches("[A-Za-z]{1,20}");
                assertThat(filled.get("age").intValue()).isBetween(0, 120);
                assertThat(filled.get("city").textValue()).isIn("Москва", "Казань");
            }
            ChatCompletion object = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(served).addUserMessage("Ответь в JSON").responseFormat(ResponseFormatJsonObject.builder()
                            .build()).maxCompletionTokens(300).temperature(1.0).seed(5).build());
            // Any object: unbounded, so it may be cut by max_tokens; a whole one parses, a cut one is an object's start.
            String anyObject = object.choices().get(0).message().content().orElseThrow();
            assertThat(anyObject.strip()).startsWith("{");
            if (object.choices().get(0).finishReason().asString().equals("stop")) {
                assertThat(JSON.readTree(anyObject).isObject()).isTrue();
            }
            ChatCompletion contact = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(served).addUserMessage("Иван Петров, +7 900 123-45-67, ivan@example.ru")
                    .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(
                            ResponseFormatJsonSchema.JsonSchema.builder().name("contact").build()).build())
                    .maxCompletionTokens(2000).temperature(1.0).seed(9).build());
            assertThat(contact.choices().get(0).finishReason().asString()).isEqualTo("stop");
            JsonNode filled = JSON.readTree(contact.choices().get(0).message().content().orElseThrow());
            // Random weights may write a broken UTF-8 sequence, which a grammar counts as one character (see the
            // README): only lengths can be off, and only then.
            assertThat(VALIDATORS.getSchema(SchemaPresets.get("contact").orElseThrow().json()).validate(filled))
                    .allMatch(error -> "maxLength".equals(error.getKeyword()) && error.getInstanceNode() != null
                            && error.getInstanceNode().asText().contains("\ufffd"));

            assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(served).addUserMessage("x").responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(
                            ResponseFormatJsonSchema.JsonSchema.builder().name("bad").schema(
                                    ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                            .putAdditionalProperty("type", JsonValue.from("object"))
                                            .putAdditionalProperty("patternProperties", JsonValue.from(Map.of()))
                                            .build()).build()).build()).build()))
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("patternProperties");
            assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(served).addUserMessage("x").responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(
                            ResponseFormatJsonSchema.JsonSchema.builder().name("no-such-preset").build()).build())
                    .build()))
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("no-such-preset");
        }
    }

    @Test
    void keysLimitsAndRefusalsComeAsOpenAiErrors(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = start(db, model, dir, 2, UnaryOperator.identity());
             Database database = Database.open(db.jdbcUrl(), 2)) {
            ApiKeyStore keys = new ApiKeyStore(database);
            String key = keys.add("limited", 1).key();
            OpenAIClient client = client(running, key);
            String served = client.models().list().data().get(0).id(); // the one request this minute
            ChatCompletionCreateParams hello = ChatCompletionCreateParams.builder().model(served)
                    .addUserMessage("Привет").maxCompletionTokens(4).build();
            RateLimitException limited = (RateLimitException) catchThrown(() -> client.chat().completions()
                    .create(hello));
            assertThat(limited.headers().values("Retry-After")).isNotEmpty();

            OpenAIClient open = client(running, keys.add("open", null).key());
            assertThatThrownBy(() -> client(running, "sk-saiga-wrong").chat().completions().create(hello))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> open.chat().completions().create(hello.toBuilder()
                    .putAdditionalBodyProperty("tools", JsonValue.from(List.of())).build()))
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("tools");
            assertThatThrownBy(() -> open.chat().completions().create(hello.toBuilder().n(2).build()))
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("n must be 1");
            assertThatThrownBy(() -> open.chat().completions().create(hello.toBuilder().model("gpt-4o").build()))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("gpt-4o");
            assertThat(open.chat().completions().create(hello).choices()).hasSize(1);
            // Stop strings end the answer before them: Russian text of 200 tokens has these letters.
            ChatCompletion stopped = open.chat().completions().create(hello.toBuilder().maxCompletionTokens(200)
                    .stopOfStrings(List.of("о", "а", "е", "и")).temperature(1.0).seed(3).build());
            assertThat(stopped.choices().get(0).message().content().orElse("")).doesNotContain("о", "а", "е", "и");
            assertThat(stopped.usage().orElseThrow().completionTokens()).isLessThan(200);

            // An oversized body is refused by its declared length, before it is read: only the headers are sent, so
            // the refusal cannot race the client's upload.
            String huge = headersOnly(running, keys.add("huge", null).key(), ApiServer.MAX_BODY_BYTES + 1);
            assertThat(huge).startsWith("HTTP/1.1 413").contains("request_too_large");

            assertThat(keys.revoke("open")).isTrue();
            assertThatThrownBy(() -> open.chat().completions().create(hello))
                    .as("a revoked key stops working at once").isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void aClientThatDisconnectsMidStreamStopsItsAnswer(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        HeldAnswers held = HeldAnswers.afterFirstText();
        try (RunningBot running = start(db, model, dir, 1, held::around);
             Database database = Database.open(db.jdbcUrl(), 2)) {
            OpenAIClient client = client(running, new ApiKeyStore(database).add("leaver", null).key());
            String served = client.models().list().data().get(0).id();
            String id;
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model(served).addUserMessage("Напиши длинную историю")
                            .maxCompletionTokens(1000).temperature(1.0).seed(11).store(true).build())) {
                Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
                id = chunks.next().id();
                held.awaitHeld(RunningBot.WAIT); // the answer is being written
            }
            held.release();
            long generationId = Long.parseLong(id.substring("chatcmpl-".length()));
            // Stopped, not written to its end: stored cut, with far fewer tokens than it was allowed.
            List<List<Object>> answer = Await.until(RunningBot.WAIT, () -> running.sql.rows(
                    "SELECT m.status, m.completion_tokens FROM generation g JOIN message m ON m.id = "
                            + "g.answer_message_id WHERE g.id = ?", generationId), rows -> !rows.isEmpty());
            assertThat(answer.get(0).get(0)).isEqualTo("cut");
            assertThat(((Number) answer.get(0).get(1)).intValue()).isLessThan(1000);
        }
    }

    @Test
    void aTelegramUserIsServedBetweenTheRequestsOfAProgram(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        HeldAnswers held = HeldAnswers.afterFirstText().only(HeldAnswers.asking("первый запрос"));
        try (RunningBot running = start(db, model, dir, 1, held::around);
             Database database = Database.open(db.jdbcUrl(), 2)) {
            OpenAIClient client = client(running, new ApiKeyStore(database).add("busy", null).key());
            String served = client.models().list().data().get(0).id();
            List<CompletableFuture<ChatCompletion>> requests = new ArrayList<>();
            for (String text : List.of("первый запрос", "второй запрос", "третий запрос")) {
                requests.add(CompletableFuture.supplyAsync(() -> client.chat().completions().create(
                        ChatCompletionCreateParams.builder().model(served).addUserMessage(text)
                                .maxCompletionTokens(8).store(true).build())));
                Await.until(RunningBot.WAIT, () -> running.sql.number("SELECT count(*) FROM message "
                        + "WHERE content = ?", text) == 1);
            }
            held.awaitHeld(RunningBot.WAIT); // the program's first answer holds the only slot
            TestUser alice = running.telegram.user(5001, "Алиса", "ru");
            TestChat chat = running.telegram.privateChat(alice);
            running.telegram.sendText(chat, alice, "Привет из Телеграма");
            // Her answer waits in the engine's queue, behind the held one (her draft says so).
            String queued = Phrase.QUEUE_POSITION.in("ru", 1);
            running.telegram.awaitDraft(chat.id(), d -> d.plainText().contains(queued), RunningBot.WAIT);
            held.release();
            for (CompletableFuture<ChatCompletion> request : requests) {
                assertThat(request.get().choices()).hasSize(1);
            }
            running.telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), RunningBot.WAIT);
            // The key's requests run one at a time, each after the others' waiting turn: Alice waited for the
            // answer that held the slot, not for the program's whole backlog.
            List<String> order = running.sql.strings("SELECT coalesce(m.content, '') FROM generation g "
                    + "JOIN message m ON m.id = g.user_message_id ORDER BY g.started_at");
            assertThat(order).containsExactly("первый запрос", "Привет из Телеграма", "второй запрос",
                    "третий запрос");
        }
    }

    private static RunningBot start(DatabaseUrl db, ModelPath model, Path dir, int slots,
                                    UnaryOperator<ru.saigabot.inference.InferenceEngine> wrap) {
        return RunningBot.startWithApi(db, model, dir, RunningBot.options(64), slots, wrap);
    }

    private static OpenAIClient client(RunningBot running, String key) {
        // No retries: a 429 or a 5xx must reach the test as it came.
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + running.bot.apiPort().getAsInt() + "/v1")
                .apiKey(key).maxRetries(0).build();
    }

    private static HttpResponse<String> feedback(RunningBot running, String key, String body) throws Exception {
        return post(running, key, "/v1/feedback", body);
    }

    private static HttpResponse<String> post(RunningBot running, String key, String path, String body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + running.bot.apiPort().getAsInt() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A POST that declares {@code length} bytes of body and sends none; the whole response as text. */
    private static String headersOnly(RunningBot running, String key, long length) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", running.bot.apiPort().getAsInt())) {
            socket.setSoTimeout((int) RunningBot.WAIT.toMillis());
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Throwable catchThrown(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the call was expected to fail");
    }
}
