package ru.saigabot.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.InferenceEngine;

class BenchRunnerTest {
    /** A prompt's "tokens": its characters, and 3 around each message. */
    private static final PromptTokens CHARACTERS = messages -> messages.stream()
            .mapToInt(m -> m.content().length() + 3).sum();

    /** Answers every request at once with "Ответ N", streaming one piece first. */
    private static final class ScriptedEngine implements InferenceEngine {
        final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger cancelled = new AtomicInteger();

        @Override
        public Generation submit(ChatRequest request, GenerationListener listener) {
            int n = requests.size();
            requests.add(request);
            listener.onText("Отв");
            GenerationStats stats = new GenerationStats(CHARACTERS.of(request.messages()), 0, 3, Duration.ZERO,
                    Duration.ofMillis(1), Duration.ofMillis(2), 0);
            CompletableFuture<GenerationResult> result = CompletableFuture.completedFuture(
                    new GenerationResult("Ответ " + n, FinishReason.STOP, "scripted", stats));
            return new Generation() {
                @Override
                public CompletableFuture<GenerationResult> result() {
                    return result;
                }

                @Override
                public void cancel() {
                    cancelled.incrementAndGet();
                }
            };
        }

        @Override
        public String modelName() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void eachTurnsNewTextIsThePreviousAnswerAndTheNewUserTurnWithTheirMarkup() throws Exception {
        ScriptedEngine engine = new ScriptedEngine();
        List<TurnSample> heard = Collections.synchronizedList(new ArrayList<>());
        BenchWorkload workload = new BenchWorkload(1, 3, 8, 5);
        List<String> questions = workload.questions(0);

        BenchRunner.Run run = new BenchRunner(engine, CHARACTERS, heard::add).run(workload, "t");

        List<TurnSample> samples = run.samples();
        assertThat(samples).hasSize(3);
        assertThat(heard).isEqualTo(samples);
        int system = BenchWorkload.SYSTEM_PROMPT.length() + 3;
        assertThat(samples.get(0).newTextTokens()).isEqualTo(system + questions.get(0).length() + 3);
        assertThat(samples.get(1).newTextTokens()).isEqualTo("Ответ 0".length() + 3 + questions.get(1).length() + 3);
        assertThat(samples.get(2).newTextTokens()).isEqualTo("Ответ 1".length() + 3 + questions.get(2).length() + 3);
        // Without dropped turns, the new text is exactly what the prompt grew by.
        assertThat(samples.get(2).stats().promptTokens() - samples.get(1).stats().promptTokens())
                .isEqualTo(samples.get(2).newTextTokens());
        ChatRequest last = engine.requests.get(2);
        assertThat(last.conversationKey()).isEqualTo("bench-t-0");
        assertThat(last.messages()).containsExactly(ChatMessage.system(BenchWorkload.SYSTEM_PROMPT),
                ChatMessage.user(questions.get(0)), ChatMessage.assistant("Ответ 0"),
                ChatMessage.user(questions.get(1)), ChatMessage.assistant("Ответ 1"), ChatMessage.user(questions.get(2)));
        assertThat(engine.cancelled).hasValue(0);
    }

    @Test
    void aReplaySendsTheEarlierAnswersAndMayStopEachAnswerAtItsFirstToken() throws Exception {
        ScriptedEngine engine = new ScriptedEngine();
        BenchRunner runner = new BenchRunner(engine, CHARACTERS, BenchRunner.Listener.NONE);
        GroupWorkload group = new GroupWorkload(20, 8, 3);
        BenchRunner.Run earlier = runner.run(group, "g");

        BenchRunner.Run replayed = runner.replay(group, "g-nocache", earlier, true);

        assertThat(engine.cancelled).as("every replayed answer stopped at its first text").hasValue(2);
        ChatRequest second = engine.requests.get(3);
        assertThat(second.messages().get(2)).isEqualTo(ChatMessage.assistant("Ответ 0"));
        assertThat(second.messages().get(3)).isEqualTo(group.userTurns(0).get(1));
        assertThat(replayed.samples().stream().sorted(Comparator.comparingInt(TurnSample::turn))
                .map(TurnSample::newTextTokens).toList())
                .isEqualTo(earlier.samples().stream().sorted(Comparator.comparingInt(TurnSample::turn))
                        .map(TurnSample::newTextTokens).toList());
    }
}
