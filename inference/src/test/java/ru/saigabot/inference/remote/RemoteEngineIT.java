package ru.saigabot.inference.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.LoraScale;
import ru.saigabot.inference.remote.FakeOpenAiServer.Reply;

/** The remote engine against fake OpenAI-compatible servers on 127.0.0.1, over real HTTP. */
class RemoteEngineIT {
    private static final ChatRequest REQUEST = new ChatRequest("user:1",
            List.of(ChatMessage.system("Ты Сайга."), ChatMessage.user("Привет")), GenerationParams.DEFAULTS.withSeed(7));

    private final FakeOpenAiServer first = FakeOpenAiServer.start();
    private final FakeOpenAiServer second = FakeOpenAiServer.start();
    private RemoteEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        first.close();
        second.close();
    }

    /** Records the listener's calls in order. */
    private static final class Recorder implements GenerationListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch firstText = new CountDownLatch(1);

        @Override
        public void onStarted() {
            calls.add("started");
        }

        @Override
        public void onText(String delta) {
            calls.add(delta);
            firstText.countDown();
        }

        String text() {
            return String.join("", calls.subList(1, calls.size()));
        }
    }

    /** First-token and idle timeouts no fake server comes near: for the tests that must not time out. */
    private RemoteEngine engine(String key, URI... backends) {
        return engineWith(Duration.ofSeconds(20), key, backends);
    }

    /**
     * Short first-token and idle timeouts, for the tests of what happens when they run out. The backend tried next
     * has as long to start its answer: 2 s, which a loopback server answering at once does not need even on a
     * loaded machine.
     */
    private RemoteEngine impatientEngine(URI... backends) {
        return engineWith(Duration.ofSeconds(2), null, backends);
    }

    private RemoteEngine engineWith(Duration firstTokenAndIdle, String key, URI... backends) {
        engine = new RemoteEngine(RemoteEngineConfig.of(List.of(backends), "saiga-test", key)
                .withTimeouts(Duration.ofSeconds(2), firstTokenAndIdle, firstTokenAndIdle, Duration.ofSeconds(30)));
        return engine;
    }

    private static GenerationResult await(Generation generation) throws Exception {
        return generation.result().get(30, TimeUnit.SECONDS);
    }

    private static Throwable failure(Generation generation) throws Exception {
        try {
            generation.result().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the generation did not fail");
    }

    @Test
    void streamsDeltasAndTakesTokenCountsFromUsage() throws Exception {
        first.reply(Reply.text("Здрав", "ствуй", "те!"));
        Recorder recorder = new Recorder();
        GenerationResult result = await(engine("sk-test-key", first.baseUrl()).submit(REQUEST, recorder));

        assertThat(result.text()).isEqualTo("Здравствуйте!");
        assertThat(recorder.calls).containsExactly("started", "Здрав", "ствуй", "те!");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.model()).isEqualTo("saiga-test");
        assertThat(result.stats().promptTokens()).isEqualTo(3);
        assertThat(result.stats().generatedTokens()).isEqualTo(3);
        assertThat(result.stats().timeToFirstToken()).isPositive().isLessThanOrEqualTo(result.stats().total());

        FakeOpenAiServer.Received received = first.requests().get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/v1/chat/completions");
        assertThat(received.authorization()).isEqualTo("Bearer sk-test-key");
        assertThat(received.json().path("model").asText()).isEqualTo("saiga-test");
        assertThat(received.json().path("stream").asBoolean()).isTrue();
        assertThat(received.json().path("seed").asInt()).isEqualTo(7);
        assertThat(received.json().path("messages").path(1).path("content").asText()).isEqualTo("Привет");
    }

    @Test
    void withoutAKeyNoAuthorizationIsSentAndWithoutUsageChunksAreCounted() throws Exception {
        first.reply(Reply.stream().delta("a").delta("b").finish("length").done());
        GenerationResult result = await(engine(null, first.baseUrl()).submit(REQUEST, GenerationListener.NONE));
        assertThat(first.requests().get(0).authorization()).isNull();
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.stats().generatedTokens()).isEqualTo(2);
        assertThat(result.stats().promptTokens()).isZero();
    }

    @Test
    void charactersCutBetweenWritesArriveWhole() throws Exception {
        first.reply(Reply.stream().deltaSplitInsideCharacter("Ёж 🦔").deltaSplitInsideCharacter("ещё").finish("stop")
                .raw(": keep-alive\r\n\r\n").done());
        Recorder recorder = new Recorder();
        GenerationResult result = await(engine(null, first.baseUrl()).submit(REQUEST, recorder));
        assertThat(result.text()).isEqualTo("Ёж 🦔ещё");
        assertThat(recorder.calls).containsExactly("started", "Ёж 🦔", "ещё");
    }

    @Test
    void aStreamClosedAfterItsFinishReasonWithoutDoneIsWhole() throws Exception {
        first.reply(Reply.stream().delta("конец").finish("stop"));
        assertThat(await(engine(null, first.baseUrl()).submit(REQUEST, GenerationListener.NONE)).text())
                .isEqualTo("конец");
    }

    @Test
    void aRefusedConnectionMovesTheRequestToTheNextBackend() throws Exception {
        URI dead = FakeOpenAiServer.deadBaseUrl();
        first.reply(Reply.text("жив"));
        Recorder recorder = new Recorder();
        GenerationResult result = await(engine(null, dead, first.baseUrl()).submit(REQUEST, recorder));
        assertThat(result.text()).isEqualTo("жив");
        assertThat(recorder.calls).as("started once, whatever the attempts").containsExactly("started", "жив");
    }

    @Test
    void aServerErrorOrTooManyRequestsMovesTheRequestOn() throws Exception {
        first.replyOnce(Reply.status(503, "{\"error\":{\"message\":\"loading model\"}}"))
                .replyOnce(Reply.status(429, "slow down"));
        second.reply(Reply.text("да"));
        engine(null, first.baseUrl(), second.baseUrl());
        assertThat(await(engine.submit(REQUEST, GenerationListener.NONE)).text()).isEqualTo("да");
        assertThat(first.requests()).hasSize(1);
        assertThat(second.requests()).hasSize(1);
    }

    @Test
    void silenceUntilTheFirstTokenTimeoutMovesTheRequestOn() throws Exception {
        first.reply(Reply.stream().role().hang());
        second.reply(Reply.text("второй"));
        Recorder recorder = new Recorder();
        GenerationResult result = await(impatientEngine(first.baseUrl(), second.baseUrl())
                .submit(REQUEST, recorder));
        assertThat(result.text()).isEqualTo("второй");
        assertThat(first.requests()).hasSize(1);
    }

    @Test
    void aServerThatNeverSendsHeadersTimesOutToo() throws Exception {
        first.reply(Reply.silent());
        second.reply(Reply.text("второй"));
        assertThat(await(impatientEngine(first.baseUrl(), second.baseUrl()).submit(REQUEST, GenerationListener.NONE))
                .text()).isEqualTo("второй");
    }

    @Test
    void aStreamCutBeforeAnyTextMovesTheRequestOn() throws Exception {
        first.reply(Reply.stream().role());
        second.reply(Reply.text("ок"));
        assertThat(await(engine(null, first.baseUrl(), second.baseUrl()).submit(REQUEST, GenerationListener.NONE))
                .text()).isEqualTo("ок");
    }

    @Test
    void aFinishReasonFromAFailedAttemptDoesNotEndTheNextOne() throws Exception {
        first.reply(Reply.stream().finish("stop").error("boom"));
        second.reply(Reply.stream().delta("пол"));
        Throwable error = failure(engine(null, first.baseUrl(), second.baseUrl()).submit(REQUEST,
                GenerationListener.NONE));
        assertThat(error).hasMessageContaining(second.baseUrl().toString())
                .hasMessageContaining("ended before the answer was finished");
    }

    @Test
    void silenceMidAnswerFailsTheGenerationWithoutTryingAnotherBackend() throws Exception {
        first.reply(Reply.stream().delta("Нач").hang());
        Recorder recorder = new Recorder();
        Throwable error = failure(impatientEngine(first.baseUrl(), second.baseUrl()).submit(REQUEST, recorder));
        assertThat(error).isInstanceOf(InferenceException.class)
                .hasMessageContaining(first.baseUrl().toString())
                .hasMessageContaining("after the answer had started")
                .hasMessageContaining("idle timeout")
                .hasMessageContaining("cannot be taken back");
        assertThat(recorder.calls).containsExactly("started", "Нач");
        assertThat(second.requests()).isEmpty();
    }

    @Test
    void aStreamCutMidAnswerOrAnErrorEventAfterTextFailsTheGeneration() throws Exception {
        first.replyOnce(Reply.stream().delta("a")).replyOnce(Reply.stream().delta("b").error("out of memory"));
        engine(null, first.baseUrl());
        assertThat(failure(engine.submit(REQUEST, GenerationListener.NONE)))
                .hasMessageContaining("ended before the answer was finished");
        assertThat(failure(engine.submit(REQUEST, GenerationListener.NONE)))
                .hasMessageContaining("out of memory").hasMessageContaining("after the answer had started");
    }

    @Test
    void whenEveryBackendFailsTheErrorNamesEachAndNotTheKey() throws Exception {
        URI dead = FakeOpenAiServer.deadBaseUrl();
        first.reply(Reply.status(500, "{\"error\":{\"message\":\"CUDA error\"}}"));
        second.reply(Reply.status(429, "{\"error\":\"too many requests\"}"));
        Throwable error = failure(engine("sk-secret", first.baseUrl(), second.baseUrl(), dead)
                .submit(REQUEST, GenerationListener.NONE));
        assertThat(error).isInstanceOf(InferenceException.class)
                .hasMessageContaining("all 3 remote backends failed")
                .hasMessageContaining(first.baseUrl() + ": HTTP 500: CUDA error")
                .hasMessageContaining(second.baseUrl() + ": HTTP 429: too many requests")
                .hasMessageContaining(dead + ": connection refused")
                .hasMessageContaining("saiga-test")
                .hasMessageNotContaining("sk-secret");
    }

    @Test
    void aBadRequestIsNotRetriedElsewhere() throws Exception {
        first.reply(Reply.status(400, "{\"error\":{\"message\":\"the request exceeds the available context size\"}}"));
        Throwable error = failure(engine(null, first.baseUrl(), second.baseUrl()).submit(REQUEST,
                GenerationListener.NONE));
        assertThat(error).hasMessageContaining("HTTP 400").hasMessageContaining("context size");
        assertThat(second.requests()).isEmpty();
    }

    @Test
    void aRequestForAnAdapterFailsItsResultWithoutAskingAnyBackend() throws Exception {
        Generation generation = engine(null, first.baseUrl()).submit(
                REQUEST.withLoras(List.of(new LoraScale("style", 1))), GenerationListener.NONE);
        assertThat(failure(generation)).isInstanceOf(InferenceException.class).hasMessageContaining("'style'");
        assertThat(first.requests()).isEmpty();
    }

    @Test
    void withAContextSizeTheOldestTurnsAreLeftOutAndCounted() throws Exception {
        first.reply(Reply.text("ок"));
        List<ChatMessage> conversation = new java.util.ArrayList<>(List.of(ChatMessage.system("Ты Сайга.")));
        for (int i = 0; i < 10; i++) {
            conversation.add(ChatMessage.user("Вопрос " + i + " " + "слово ".repeat(30)));
            conversation.add(ChatMessage.assistant("Ответ " + i + " " + "слово ".repeat(30)));
        }
        conversation.add(ChatMessage.user("Последний вопрос"));
        engine = new RemoteEngine(RemoteEngineConfig.of(List.of(first.baseUrl()), "m", null).withContextSize(1024));
        ChatRequest request = new ChatRequest("user:1", conversation, GenerationParams.DEFAULTS.withMaxTokens(256));
        GenerationResult result = await(engine.submit(request, GenerationListener.NONE));

        var sent = first.requests().get(0).json().path("messages");
        assertThat(sent.size()).isLessThan(conversation.size()).isGreaterThan(2);
        assertThat(sent.path(0).path("content").asText()).isEqualTo("Ты Сайга.");
        assertThat(sent.path(sent.size() - 1).path("content").asText()).isEqualTo("Последний вопрос");
        assertThat(sent.path(1).path("role").asText()).as("whole turns are left out").isEqualTo("user");
        assertThat(result.stats().droppedTurns()).isEqualTo((conversation.size() - sent.size()) / 2);
    }

    /** The backend's own prompt cache keeps working past its context: the sent messages keep their start. */
    @Test
    void pastTheContextTheNextTurnsKeepTheFirstSentMessageUntilTheNextDrop() throws Exception {
        engine = new RemoteEngine(RemoteEngineConfig.of(List.of(first.baseUrl()), "m", null).withContextSize(1024));
        List<ChatMessage> conversation = new java.util.ArrayList<>(List.of(ChatMessage.system("Ты Сайга.")));
        List<String> firstSent = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            first.reply(Reply.text("Ответ " + i + " " + "слово ".repeat(10)));
            conversation.add(ChatMessage.user("Вопрос " + i + " " + "слово ".repeat(10)));
            GenerationResult result = await(engine.submit(new ChatRequest("user:1", conversation,
                    GenerationParams.DEFAULTS.withMaxTokens(256)).withConversation("chat:1"), GenerationListener.NONE));
            conversation.add(ChatMessage.assistant(result.text()));
            var sent = first.requests().get(i).json().path("messages");
            firstSent.add(sent.path(1).path("content").asText());
        }
        // with the fewest turns left out, the first message after the system prompt changed on every turn past the
        // context; in steps it stays for several turns
        List<Integer> runs = new java.util.ArrayList<>();
        for (int i = 0; i < firstSent.size(); i++) {
            if (i == 0 || !firstSent.get(i).equals(firstSent.get(i - 1))) {
                runs.add(0);
            }
            runs.set(runs.size() - 1, runs.get(runs.size() - 1) + 1);
        }
        assertThat(runs.size()).as("the context overflowed more than once").isGreaterThan(2);
        assertThat(runs.subList(0, runs.size() - 1)).as("turns that kept each start").allSatisfy(run ->
                assertThat(run).isGreaterThanOrEqualTo(3));
    }

    @Test
    void aLastMessageLongerThanTheContextFailsWithoutAskingAnyBackend() throws Exception {
        engine = new RemoteEngine(RemoteEngineConfig.of(List.of(first.baseUrl()), "m", null).withContextSize(256));
        ChatRequest request = new ChatRequest("user:1", List.of(ChatMessage.user("слово ".repeat(200))),
                GenerationParams.DEFAULTS.withMaxTokens(64));
        assertThat(failure(engine.submit(request, GenerationListener.NONE))).isInstanceOf(InferenceException.class)
                .hasMessageContaining("256");
        assertThat(first.requests()).isEmpty();
    }

    @Test
    void aFailedBackendIsSkippedDuringItsCoolDown() throws Exception {
        first.reply(Reply.status(500, "{\"error\":\"down\"}"));
        second.reply(Reply.text("ok"));
        engine(null, first.baseUrl(), second.baseUrl());
        for (int i = 0; i < 4; i++) {
            // Requests start at the backends in turn: without the cool-down the third would try the first again.
            assertThat(await(engine.submit(REQUEST, GenerationListener.NONE)).text()).isEqualTo("ok");
        }
        assertThat(first.requests()).as("tried once, then cooling").hasSize(1);
        assertThat(second.requests()).hasSize(4);
    }

    @Test
    void withoutCoolDownAFailedBackendIsTriedAgainInItsTurn() throws Exception {
        first.reply(Reply.status(500, "{\"error\":\"down\"}"));
        second.reply(Reply.text("ok"));
        engine = new RemoteEngine(RemoteEngineConfig.of(List.of(first.baseUrl(), second.baseUrl()), "m", null)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO));
        for (int i = 0; i < 4; i++) {
            await(engine.submit(REQUEST, GenerationListener.NONE));
        }
        assertThat(first.requests()).hasSize(2);
    }

    @Test
    void cancelStopsTheRequestAndKeepsTheTextSoFar() throws Exception {
        first.reply(Reply.stream().delta("Раз, ").keepAlive(Duration.ofMillis(50)));
        Recorder recorder = new Recorder();
        engine = new RemoteEngine(RemoteEngineConfig.of(List.of(first.baseUrl()), "m", null));
        Generation generation = engine.submit(REQUEST, recorder);
        assertThat(recorder.firstText.await(20, TimeUnit.SECONDS)).isTrue();
        generation.cancel();
        generation.cancel();
        GenerationResult result = await(generation);
        assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(result.text()).isEqualTo("Раз, ");
        assertThat(result.stats().generatedTokens()).isEqualTo(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (first.disconnects() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(first.disconnects()).as("the server saw the connection closed").isEqualTo(1);
    }

    @Test
    void keepAlivesMidAnswerAreNotText() throws Exception {
        first.reply(Reply.stream().delta("a").keepAlive(Duration.ofMillis(20)));
        Recorder recorder = new Recorder();
        engine = new RemoteEngine(RemoteEngineConfig.of(List.of(first.baseUrl()), "m", null));
        Generation generation = engine.submit(REQUEST, recorder);
        assertThat(recorder.firstText.await(20, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        generation.cancel();
        assertThat(await(generation).text()).isEqualTo("a");
        assertThat(recorder.calls).containsExactly("started", "a");
    }

    @Test
    void cancelBeforeAnyTextCompletesEmpty() throws Exception {
        first.reply(Reply.silent());
        engine = new RemoteEngine(RemoteEngineConfig.of(List.of(first.baseUrl()), "m", null));
        Generation generation = engine.submit(REQUEST, GenerationListener.NONE);
        generation.cancel();
        GenerationResult result = await(generation);
        assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(result.text()).isEmpty();
    }

    @Test
    void closeCancelsWhatRunsAndRefusesMore() throws Exception {
        first.reply(Reply.stream().delta("x").hang());
        Recorder recorder = new Recorder();
        engine = new RemoteEngine(RemoteEngineConfig.of(List.of(first.baseUrl()), "m", null));
        Generation generation = engine.submit(REQUEST, recorder);
        assertThat(recorder.firstText.await(20, TimeUnit.SECONDS)).isTrue();
        engine.close();
        assertThat(await(generation).finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThatThrownBy(() -> engine.submit(REQUEST, GenerationListener.NONE))
                .isInstanceOf(InferenceException.class).hasMessageContaining("closed");
    }
}
