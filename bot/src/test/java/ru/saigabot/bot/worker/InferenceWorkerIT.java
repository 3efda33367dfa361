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
import ru.saigabot.bot.testing.inference.InstantEngine;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.GenerationParams;

/** A worker takes published jobs from the database, writes their text as parts and their results. */
@ExtendWith(FreshDatabase.class)
class InferenceWorkerIT {
    private final InferenceQueue queue = new InferenceQueue(GenerationRepository.forWorker());
    private final WireFormat wire = new WireFormat(new ObjectMapper());

    @Test
    void aWorkerAnswersEveryPublishedJobOnceAndBeats(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 4)) {
            String request = wire.request(new ChatRequest("user:1", List.of(ChatMessage.user("Привет")),
                    GenerationParams.DEFAULTS));
            long first = InferenceQueueIT.published(database, queue, 1, request);
            long second = InferenceQueueIT.published(database, queue, 2, request);
            var settings = new InferenceWorker.Settings("w1", 2, 30, Duration.ofMillis(50), Duration.ofMillis(50));
            try (var worker = new InferenceWorker(database, queue, new InstantEngine("Здравствуйте!"), wire, settings)) {
                worker.start();
                for (long id : List.of(first, second)) {
                    InferenceQueue.Progress done = Await.until(Duration.ofSeconds(20),
                            () -> database.query(tx -> queue.progress(tx, id, 0, -1)).orElseThrow(),
                            progress -> progress.resultJson() != null);
                    assertThat(done.attempt()).as("claimed once: the claim after the publication").isEqualTo(2);
                    assertThat(done.parts()).extracting(InferenceQueue.Part::delta).containsExactly("Здравствуйте!");
                    WireFormat.WireResult result = wire.result(done.resultJson());
                    assertThat(result.isFailure()).isFalse();
                    assertThat(result.text()).isEqualTo("Здравствуйте!");
                    assertThat(result.model()).isEqualTo("instant");
                }
                assertThat(database.<Integer>query(tx -> queue.liveWorkers(tx, 30))).isEqualTo(1);
            }
        }
    }

    @Test
    void aRequestTheWorkerCannotReadFailsOnceInsteadOfLoopingThroughLeases(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 4)) {
            long id = InferenceQueueIT.published(database, queue, 1, "{\"from\": \"another version\"}");
            var settings = new InferenceWorker.Settings("w1", 1, 3, Duration.ofMillis(50), Duration.ofMillis(50));
            try (var worker = new InferenceWorker(database, queue, new InstantEngine("никогда"), wire, settings)) {
                worker.start();
                InferenceQueue.Progress done = Await.until(Duration.ofSeconds(20),
                        () -> database.query(tx -> queue.progress(tx, id, 0, -1)).orElseThrow(),
                        progress -> progress.resultJson() != null);
                WireFormat.WireResult result = wire.result(done.resultJson());
                assertThat(result.isFailure()).isTrue();
                assertThat(result.error()).contains("cannot read an inference request");
                assertThat(done.attempt()).as("not claimed again").isEqualTo(2);
            }
        }
    }
}
