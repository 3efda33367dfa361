package ru.saigabot.bot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.remote.FakeOpenAiServer;
import ru.saigabot.inference.remote.FakeOpenAiServer.Reply;
import ru.saigabot.inference.remote.RemoteEngine;
import ru.saigabot.inference.remote.RemoteEngineConfig;

/**
 * A worker answering through remote OpenAI-compatible servers: the first backend is a closed port, the second a fake
 * server that streams the answer; the job's parts and result land in the database as with the local engine.
 */
@ExtendWith(FreshDatabase.class)
class RemoteWorkerIT {
    private final InferenceQueue queue = new InferenceQueue(GenerationRepository.forWorker());
    private final WireFormat wire = new WireFormat(new ObjectMapper());

    @Test
    void aWorkerWithRemoteBackendsAnswersThroughTheLiveOneAfterTheDeadOne(DatabaseUrl db) throws Exception {
        try (FakeOpenAiServer live = FakeOpenAiServer.start();
             Database database = Database.open(db.jdbcUrl(), 4)) {
            live.reply(Reply.stream().role().delta("Здравствуйте").pause(Duration.ofMillis(300)).delta(", я Сайга!")
                    .finish("stop").usage(21, 5).done());
            String request = wire.request(new ChatRequest("user:1", List.of(ChatMessage.system("Ты Сайга."),
                    ChatMessage.user("Привет")), GenerationParams.DEFAULTS.withMaxTokens(64)));
            long id = InferenceQueueIT.published(database, queue, 1, request);
            var config = RemoteEngineConfig.of(List.of(FakeOpenAiServer.deadBaseUrl(), live.baseUrl()), "saiga-remote",
                    "sk-worker");
            var settings = new InferenceWorker.Settings("remote-1", 1, 30, Duration.ofMillis(50),
                    Duration.ofMillis(50));
            try (RemoteEngine engine = new RemoteEngine(config);
                 var worker = new InferenceWorker(database, queue, engine, wire, settings)) {
                worker.start();
                InferenceQueue.Progress done = Await.until(Duration.ofSeconds(30),
                        () -> database.query(tx -> queue.progress(tx, id, 0, -1)).orElseThrow(),
                        progress -> progress.resultJson() != null);
                WireFormat.WireResult result = wire.result(done.resultJson());
                assertThat(result.isFailure()).as(result.error()).isFalse();
                assertThat(result.text()).isEqualTo("Здравствуйте, я Сайга!");
                assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
                assertThat(result.model()).isEqualTo("saiga-remote");
                assertThat(result.stats().promptTokens()).isEqualTo(21);
                assertThat(result.stats().generatedTokens()).isEqualTo(5);
                assertThat(String.join("", done.parts().stream().map(InferenceQueue.Part::delta).toList()))
                        .isEqualTo("Здравствуйте, я Сайга!");
                assertThat(live.requests()).hasSize(1);
                FakeOpenAiServer.Received received = live.requests().get(0);
                assertThat(received.authorization()).isEqualTo("Bearer sk-worker");
                assertThat(received.json().path("max_tokens").asInt()).isEqualTo(64);
                assertThat(received.json().path("messages").path(1).path("content").asText()).isEqualTo("Привет");
            }
        }
    }

    @Test
    void whenEveryBackendFailsTheJobRecordsWhy(DatabaseUrl db) throws Exception {
        try (FakeOpenAiServer busy = FakeOpenAiServer.start();
             Database database = Database.open(db.jdbcUrl(), 4)) {
            busy.reply(Reply.status(503, "{\"error\":{\"message\":\"model is loading\"}}"));
            String request = wire.request(new ChatRequest("user:1", List.of(ChatMessage.user("Привет")),
                    GenerationParams.DEFAULTS));
            long id = InferenceQueueIT.published(database, queue, 1, request);
            var config = RemoteEngineConfig.of(List.of(busy.baseUrl(), FakeOpenAiServer.deadBaseUrl()), "m", null);
            var settings = new InferenceWorker.Settings("remote-2", 1, 30, Duration.ofMillis(50),
                    Duration.ofMillis(50));
            try (RemoteEngine engine = new RemoteEngine(config);
                 var worker = new InferenceWorker(database, queue, engine, wire, settings)) {
                worker.start();
                InferenceQueue.Progress done = Await.until(Duration.ofSeconds(30),
                        () -> database.query(tx -> queue.progress(tx, id, 0, -1)).orElseThrow(),
                        progress -> progress.resultJson() != null);
                WireFormat.WireResult result = wire.result(done.resultJson());
                assertThat(result.isFailure()).isTrue();
                assertThat(result.error()).contains("all 2 remote backends failed").contains("model is loading")
                        .contains("connection refused");
            }
        }
    }
}
