package ru.saigabot.bot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.InstantEngine;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;

/** The bot's queue engine and a worker meet only in the database; the bot gets the text and the result. */
@ExtendWith(FreshDatabase.class)
class QueueEngineIT {
    private final InferenceQueue queue = new InferenceQueue();
    private final WireFormat wire = new WireFormat(new ObjectMapper());
    private final ChatRequest request = new ChatRequest("user:1", List.of(ChatMessage.user("Привет")),
            GenerationParams.DEFAULTS);

    @Test
    void theBotGetsTheWorkersTextAndResult(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 4);
             var engine = new QueueEngine(database, queue, wire, Duration.ofMillis(50))) {
            long id = InferenceQueueIT.published(database, queue, 1, "{}");
            StringBuilder shown = new StringBuilder();
            var generation = engine.submit(id, request, shown::append);
            var settings = new InferenceWorker.Settings("w1", 1, 30, Duration.ofMillis(50), Duration.ofMillis(50));
            try (var worker = new InferenceWorker(database, queue, new InstantEngine("Здравствуйте!"), wire, settings)) {
                worker.start();
                GenerationResult result = generation.result().get(20, TimeUnit.SECONDS);
                assertThat(result.text()).isEqualTo("Здравствуйте!");
                assertThat(result.model()).isEqualTo("instant");
                assertThat(shown).hasToString("Здравствуйте!");
            }
            assertThat(database.query(tx -> queue.progress(tx, id, 0, -1)).orElseThrow().parts())
                    .as("parts are deleted once the answer arrived").isEmpty();
        }
    }

    @Test
    void stoppingClosesTheJobForWorkers(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 4);
             var engine = new QueueEngine(database, queue, wire, Duration.ofMillis(50))) {
            long id = InferenceQueueIT.published(database, queue, 1, "{}");
            var generation = engine.submit(id, request, delta -> {});
            generation.cancel();
            assertThat(generation.result().get(5, TimeUnit.SECONDS).finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(database.<java.util.Optional<InferenceQueue.Claim>>inTransaction(tx -> queue.claim(tx, "w1", 30))).as("nothing left to claim").isEmpty();
        }
    }
}
