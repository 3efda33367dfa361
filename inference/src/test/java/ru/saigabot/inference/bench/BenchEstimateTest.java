package ru.saigabot.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.llama.LlamaEngineConfig;

class BenchEstimateTest {
    private static final int SYSTEM = BenchWorkload.SYSTEM_PROMPT.length();

    /** {@code users} conversations of three turns of 100 characters, answers of 10 tokens. */
    private static BenchConversations conversations(int users) {
        return new BenchConversations() {
            @Override
            public int users() {
                return users;
            }

            @Override
            public int turns() {
                return 3;
            }

            @Override
            public int maxTokens() {
                return 10;
            }

            @Override
            public List<ChatMessage> userTurns(int user) {
                return Collections.nCopies(3, ChatMessage.user("я".repeat(100)));
            }

            @Override
            public long answerSeed(int user, int turn) {
                return 1;
            }
        };
    }

    private static PlannedRun run(BenchConversations workload, int slots, int ctxSize, boolean cache, boolean first) {
        LlamaEngineConfig engine = new LlamaEngineConfig(Path.of("m.gguf"), slots, 2, ctxSize, "auto")
                .withPromptCache(cache);
        return new PlannedRun("run", "run", BenchScenario.TURNS, workload, engine, first);
    }

    @Test
    void theFirstAnswerGivesTheMachinesSpeedsItsDecodingSharedWithTheOthersAtOnce() {
        TurnSample first = new TurnSample(0, 0, "", new GenerationStats(SYSTEM + 100, 0, 11, Duration.ZERO,
                Duration.ofMillis(500), Duration.ofMillis(1500), 0), 0, 0);
        BenchEstimate.Speeds speeds = BenchEstimate.Speeds.of(first, run(conversations(4), 2, 4096, true, false));
        assertThat(speeds.promptTokensPerSecond()).isCloseTo((SYSTEM + 100) / 0.5, within(1e-9));
        assertThat(speeds.decodeTokensPerSecond()).as("10 tokens in 1 s, beside one other").isCloseTo(20, within(1e-9));
        assertThat(speeds.tokensPerChar()).isCloseTo(1, within(1e-9));
    }

    @Test
    void withTheCacheATurnEvaluatesItsNewTextWithoutItTheWholePrompt() {
        BenchEstimate.Speeds speeds = new BenchEstimate.Speeds(100, 10, 1);
        // turn 1: system + 6 + 100 + 6; turns 2 and 3 add an answer of 10 and a turn of 106
        double first = SYSTEM + 6 + 106;
        assertThat(BenchEstimate.seconds(run(conversations(1), 1, 4096, true, false), speeds))
                .isCloseTo((first + 2 * 116) / 100 + 3 * 10 / 10.0, within(1e-9));
        assertThat(BenchEstimate.seconds(run(conversations(2), 1, 4096, false, false), speeds))
                .isCloseTo(2 * (first + (first + 116) + (first + 232)) / 100 + 6 * 10 / 10.0, within(1e-9));
        assertThat(BenchEstimate.seconds(run(conversations(1), 1, 4096, false, true), speeds))
                .as("answers stopped at their first token").isCloseTo((3 * first + 348) / 100 + 3 / 10.0, within(1e-9));
    }

    @Test
    void withoutChunkReuseAPromptThatOutgrowsTheContextFallsToHalfTheRoomAndIsEvaluatedWhole() {
        BenchEstimate.Speeds speeds = new BenchEstimate.Speeds(100, 10, 1);
        int ctx = SYSTEM + 6 + 106 + 10 + 50; // the second turn no longer fits
        double room = ctx - 10;
        double first = SYSTEM + 6 + 106;
        double second = Math.min(first + 116, room / 2 + 116);
        double third = Math.min(second + 116, room / 2 + 116);
        PlannedRun run = run(conversations(1), 1, Math.max(256, ctx), true, false);
        PlannedRun noReuse = new PlannedRun(run.label(), run.name(), run.scenario(), run.workload(),
                run.engine().withCacheReuse(0), run.firstTokenOnly());
        assertThat(BenchEstimate.seconds(noReuse, speeds)).isCloseTo((first + second + third) / 100 + 3,
                within(1e-9));
    }

    @Test
    void withChunkReuseADropEvaluatesOnlyTheNewText() {
        BenchEstimate.Speeds speeds = new BenchEstimate.Speeds(100, 10, 1);
        int ctx = SYSTEM + 6 + 106 + 10 + 50;
        double first = SYSTEM + 6 + 106;
        assertThat(BenchEstimate.seconds(run(conversations(1), 1, Math.max(256, ctx), true, false), speeds))
                .isCloseTo((first + 116 + 116) / 100 + 3, within(1e-9));
    }

    @Test
    void anUnknownSpeedEstimatesNothing() {
        assertThat(BenchEstimate.seconds(run(conversations(1), 1, 4096, true, false), new BenchEstimate.Speeds(0, 10, 1)))
                .isZero();
    }
}
