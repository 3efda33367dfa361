package ru.saigabot.bot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.QueueClaim;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.InstantEngine;
import ru.saigabot.bot.testing.inference.ScriptedEngine;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;

/** The bot's queue engine and a worker meet only in the database; the bot gets the text and the result. */
@ExtendWith(FreshDatabase.class)
class QueueEngineIT {
    private final InferenceQueue queue = new InferenceQueue(GenerationRepository.forWorker());
    private final WireFormat wire = new WireFormat(new ObjectMapper());
    private final ChatRequest request = new ChatRequest("user:1", List.of(ChatMessage.user("Привет")),
            GenerationParams.DEFAULTS);

    @Test
    void theBotGetsTheWorkersTextAndResult(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 4);
             var engine = new QueueEngine(database, queue, wire, Duration.ofMillis(50), QueueOptions.DEFAULTS)) {
            long id = InferenceQueueIT.published(database, queue, 1, "{}");
            StringBuilder shown = new StringBuilder();
            var generation = engine.submit(request.withRequestId(Long.toString(id)), shown::append);
            Thread.sleep(300); // no worker yet: the job waits in the database
            var settings = new InferenceWorker.Settings("w1", 1, 30, Duration.ofMillis(50), Duration.ofMillis(50));
            try (var worker = new InferenceWorker(database, queue, new InstantEngine("Здравствуйте!"), wire, settings)) {
                worker.start();
                GenerationResult result = generation.result().get(20, TimeUnit.SECONDS);
                assertThat(result.text()).isEqualTo("Здравствуйте!");
                assertThat(result.model()).isEqualTo("instant");
                assertThat(result.stats().queueWait()).as("the wait for a worker counts").isGreaterThan(Duration.ofMillis(300));
                assertThat(shown).hasToString("Здравствуйте!");
            }
            assertThat(database.query(tx -> queue.progress(tx, id, 0, -1)).orElseThrow().parts())
                    .as("parts are deleted once the answer arrived").isEmpty();
        }
    }

    @Test
    void stoppingClosesTheJobForWorkers(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 4);
             var engine = new QueueEngine(database, queue, wire, Duration.ofMillis(50), QueueOptions.DEFAULTS)) {
            long id = InferenceQueueIT.published(database, queue, 1, "{}");
            var generation = engine.submit(request.withRequestId(Long.toString(id)), delta -> {});
            generation.cancel();
            assertThat(generation.result().get(5, TimeUnit.SECONDS).finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(database.<java.util.Optional<QueueClaim>>inTransaction(tx -> queue.claim(tx, "w1", 30))).as("nothing left to claim").isEmpty();
        }
    }

    @Test
    void textArrivesByNotificationWithoutPolling(DatabaseUrl db) throws Exception {
        // An hour between polls and between a worker's idle looks: only LISTEN/NOTIFY can move this job.
        Duration never = Duration.ofHours(1);
        try (Database database = Database.open(db.jdbcUrl(), 6);
             var engine = new QueueEngine(database, queue, wire, never, QueueOptions.DEFAULTS)) {
            var settings = new InferenceWorker.Settings("w1", 1, 30, Duration.ofMillis(50), never);
            try (var worker = new InferenceWorker(database, queue,
                    new ScriptedEngine("Раз, два, три.", 3, Duration.ofMillis(100)), wire, settings)) {
                worker.start();
                awaitIdleAndListening(); // before the job exists: only its notification can wake the worker
                long id = InferenceQueueIT.created(database, 1);
                List<String> events = Collections.synchronizedList(new ArrayList<>());
                var generation = engine.submit(request.withRequestId(Long.toString(id)), recording(events));
                GenerationResult result = generation.result().get(20, TimeUnit.SECONDS);
                assertThat(result.text()).isEqualTo("Раз, два, три.");
                assertThat(String.join("", events.stream().filter(e -> !e.startsWith("#")).toList()))
                        .isEqualTo("Раз, два, три.");
                assertThat(events).contains("#started");
            }
        }
    }

    @Test
    void aJobRedoneByAnotherWorkerFreezesThePreviewAndEndsWithTheNewText(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 6);
             var engine = new QueueEngine(database, queue, wire, Duration.ofMillis(50), QueueOptions.DEFAULTS)) {
            long id = InferenceQueueIT.created(database, 1);
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            var generation = engine.submit(request.withRequestId(Long.toString(id)), recording(events));
            // A worker that claims the job, writes a little and dies: its lease runs out.
            QueueClaim lost = database.inTransaction(tx -> queue.claim(tx, "dead", 3)).orElseThrow();
            database.inTransaction(tx -> queue.append(tx, lost, "dead", 0, "Начало, которое"));
            ru.saigabot.bot.testing.Await.until(Duration.ofSeconds(10), () -> events.contains("Начало, которое"));
            var settings = new InferenceWorker.Settings("alive", 1, 30, Duration.ofMillis(50), Duration.ofMillis(200));
            try (var worker = new InferenceWorker(database, queue, new InstantEngine("Новый ответ."), wire, settings)) {
                worker.start();
                GenerationResult result = generation.result().get(30, TimeUnit.SECONDS);
                assertThat(result.text()).isEqualTo("Новый ответ.");
            }
            assertThat(events).as("the preview stops growing; the old text is not continued with the new")
                    .doesNotContain("Новый ответ.").containsOnlyOnce("#started");
        }
    }

    @Test
    void aRestartedBotFollowsTheJobAWorkerIsStillRunning(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 6)) {
            long id = InferenceQueueIT.created(database, 1);
            ru.saigabot.inference.Generation before;
            try (var engine = new QueueEngine(database, queue, wire, Duration.ofMillis(50), QueueOptions.DEFAULTS)) {
                before = engine.submit(request.withRequestId(Long.toString(id)), delta -> {});
                before.detach(); // the bot stops; the job stays for workers
            }
            assertThat(before.result().get(5, TimeUnit.SECONDS).finishReason()).isEqualTo(FinishReason.CANCELLED);
            QueueClaim running = database.inTransaction(tx -> queue.claim(tx, "w1", 30)).orElseThrow();
            database.inTransaction(tx -> queue.append(tx, running, "w1", 0, "Пишу"));
            try (var engine = new QueueEngine(database, queue, wire, Duration.ofMillis(50), QueueOptions.DEFAULTS)) {
                StringBuilder shown = new StringBuilder();
                var after = engine.submit(request.withRequestId(Long.toString(id)), shown::append);
                database.inTransaction(tx -> queue.append(tx, running, "w1", 1, " дальше."));
                assertThat(database.<Boolean>inTransaction(tx -> queue.finish(tx, running, "w1",
                        wire.result(new GenerationResult("Пишу дальше.", FinishReason.STOP, "tiny",
                                new ru.saigabot.inference.GenerationStats(3, 2, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0)))))).as("the running attempt still counts").isTrue();
                assertThat(after.result().get(10, TimeUnit.SECONDS).text()).isEqualTo("Пишу дальше.");
                assertThat(shown).hasToString("Пишу дальше.");
            }
        }
    }

    @Test
    void stoppingReachesTheWorkerAtOnceNotAtItsNextRenewal(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 6);
             var engine = new QueueEngine(database, queue, wire, Duration.ofMillis(50), QueueOptions.DEFAULTS)) {
            java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
            var slow = new ScriptedEngine("Очень длинный ответ. ".repeat(200), 2, Duration.ofMillis(50));
            ru.saigabot.inference.InferenceEngine watched = new ru.saigabot.inference.InferenceEngine() {
                @Override
                public ru.saigabot.inference.Generation submit(ChatRequest request, GenerationListener listener) {
                    var inner = slow.submit(request, listener);
                    return new ru.saigabot.inference.Generation() {
                        @Override
                        public java.util.concurrent.CompletableFuture<GenerationResult> result() {
                            return inner.result();
                        }

                        @Override
                        public void cancel() {
                            cancelled.countDown();
                            inner.cancel();
                        }
                    };
                }

                @Override
                public String modelName() {
                    return slow.modelName();
                }

                @Override
                public void close() {
                    slow.close();
                }
            };
            // A 300 s lease is renewed every 100 s: a stop noticed only at renewal would take that long, far longer
            // than the wait below allows even a loaded machine to pass a notification on.
            var settings = new InferenceWorker.Settings("w1", 1, 300, Duration.ofMillis(50), Duration.ofMillis(50));
            try (var worker = new InferenceWorker(database, queue, watched, wire, settings)) {
                worker.start();
                long id = InferenceQueueIT.created(database, 1);
                List<String> events = Collections.synchronizedList(new ArrayList<>());
                var generation = engine.submit(request.withRequestId(Long.toString(id)), recording(events));
                ru.saigabot.bot.testing.Await.until(Duration.ofSeconds(20), () -> events.size() > 3);
                generation.cancel();
                assertThat(cancelled.await(60, TimeUnit.SECONDS)).as("the worker stopped writing, before the first renewal").isTrue();
            }
        }
    }

    /**
     * Waits until the worker is idle and listening: in one snapshot of this JVM's threads, its job listener polls
     * for notifications (so its LISTEN and the wake-up after it are done) and its slot waits for news. From then on
     * nothing but a notification wakes that slot (its idle poll is an hour away).
     */
    private static void awaitIdleAndListening() throws Exception {
        ru.saigabot.bot.testing.Await.until(Duration.ofSeconds(30), () -> {
            java.util.Map<Thread, StackTraceElement[]> threads = Thread.getAllStackTraces();
            boolean listening = threads.entrySet().stream().anyMatch(thread -> thread.getKey().getName()
                    .equals("listen-" + InferenceQueue.JOBS_CHANNEL) && java.util.Arrays.stream(thread.getValue())
                    .anyMatch(frame -> frame.getMethodName().equals("getNotifications")));
            boolean idle = threads.entrySet().stream().anyMatch(thread -> thread.getKey().getState()
                    == Thread.State.TIMED_WAITING && thread.getValue().length > 0
                    && thread.getValue()[0].getClassName().equals(Object.class.getName())
                    && java.util.Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getClassName()
                    .equals(InferenceWorker.class.getName()) && frame.getMethodName().equals("loop")));
            return listening && idle;
        });
    }

    private static GenerationListener recording(List<String> events) {
        return new GenerationListener() {
            @Override
            public void onQueued(int position) {
                events.add("#queued " + position);
            }

            @Override
            public void onStarted() {
                events.add("#started");
            }

            @Override
            public void onText(String delta) {
                events.add(delta);
            }
        };
    }
}
