package ru.saigabot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.Origin;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.generation.Question;
import ru.saigabot.bot.generation.Requester;

/** A chat's requests run in order, one at a time; chats run side by side; no thread waits for an answer. */
class ChatLanesTest {
    /** One thread for every lane: if a lane held it while its answer is written, no other chat could start. */
    private final ExecutorService oneThread = Executors.newSingleThreadExecutor();
    private final Map<Long, CompletableFuture<Void>> running = new LinkedHashMap<>();
    private final List<Long> started = new ArrayList<>();
    private final ChatLanes lanes = new ChatLanes(oneThread, this::start);

    @AfterEach
    void close() {
        oneThread.shutdownNow();
    }

    private synchronized CompletableFuture<Void> start(GenerationJob job) {
        started.add(job.id());
        CompletableFuture<Void> end = new CompletableFuture<>();
        running.put(job.id(), end);
        notifyAll();
        return end;
    }

    @Test
    void aChatsRequestsRunOneAtATimeInOrderWhileOtherChatsRun() throws Exception {
        lanes.submit(job(1, 100));
        lanes.submit(job(2, 100));
        lanes.submit(job(3, 200));
        awaitStarted(2);
        assertThat(startedNow()).containsExactly(1L, 3L);

        end(1);
        awaitStarted(3);
        assertThat(startedNow()).containsExactly(1L, 3L, 2L);
        assertThat(lanes.waiting()).isZero();
    }

    @Test
    void aRequestSubmittedAgainWhileItWaitsOrRunsRunsOnce() throws Exception {
        lanes.submit(job(1, 100));
        lanes.submit(job(2, 100));
        awaitStarted(1);
        lanes.submit(job(1, 100));
        lanes.submit(job(2, 100));
        assertThat(lanes.waiting()).isEqualTo(1);

        end(1);
        awaitStarted(2);
        end(2);
        assertThat(lanes.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(startedNow()).containsExactly(1L, 2L);
    }

    @Test
    void clearDropsWhatWaitsAndStopLetsTheRunningEnd() throws Exception {
        lanes.submit(job(1, 100));
        lanes.submit(job(2, 100));
        lanes.submit(job(3, 100));
        awaitStarted(1);
        assertThat(lanes.clear(100, job -> true)).isEqualTo(2);

        lanes.stop();
        lanes.submit(job(4, 300));
        assertThat(lanes.awaitIdle(Duration.ofMillis(50))).as("request 1 still runs").isFalse();
        end(1);
        assertThat(lanes.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(startedNow()).containsExactly(1L);
    }

    private static GenerationJob job(long id, long chatId) {
        return GenerationJob.queued(id, new Place(chatId, 0, false), new Question(1, id, null),
                new Requester(chatId, "ru"), Origin.MESSAGE);
    }

    private synchronized void awaitStarted(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (started.size() < count && System.nanoTime() < deadline) {
            wait(100);
        }
        assertThat(started).hasSize(count);
    }

    private synchronized List<Long> startedNow() {
        return List.copyOf(started);
    }

    private void end(long id) {
        CompletableFuture<Void> end;
        synchronized (this) {
            end = running.get(id);
        }
        end.complete(null);
    }
}
