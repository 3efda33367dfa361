package ru.saigabot.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.llama.LlamaEngineConfig;

class BenchProgressTest {
    private final AtomicLong now = new AtomicLong();
    private final List<String> lines = new ArrayList<>();

    private void at(double seconds) {
        now.set((long) (seconds * 1e9));
    }

    private static TurnSample answer(int turn) {
        return new TurnSample(0, turn, "", new GenerationStats(200, 0, 11, Duration.ZERO, Duration.ofMillis(500),
                Duration.ofMillis(1500), 0), 100, turn);
    }

    @Test
    void saysWhatItWillDoThenTheEstimateThenALineEveryFewSecondsAndTheEnd() {
        LlamaEngineConfig engine = new LlamaEngineConfig(Path.of("m.gguf"), 1, 2, 4096, "auto");
        BenchWorkload workload = new BenchWorkload(1, 4, 10, 1);
        PlannedRun run = new PlannedRun("long_turns4", "long_turns4", BenchScenario.LONG, workload, engine, false);
        BenchProgress progress = new BenchProgress(List.of(run), 1, lines::add, now::get);
        assertThat(lines).containsExactly(
                "bench: 1 run of 4 answers on 1 model load; the first answer will tell how long it takes");

        at(2);
        progress.engineLoaded(Duration.ofSeconds(2));
        progress.runStarted();
        at(3);
        progress.answered(answer(0));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("bench: the first answer measured prompt 400 tokens/s and decode 10.0 "
                + "tokens/s (all slots together): the whole bench should take about ");

        at(4);
        progress.answered(answer(1));
        assertThat(lines).as("within " + BenchProgress.INTERVAL + " of the last line").hasSize(2);
        at(9);
        progress.answered(answer(2));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).matches("bench: long_turns4: answer 3 of 4; so far 4\\.7 tokens/s generated, 86 prompt "
                + "tokens/s evaluated; 0:09 elapsed, about \\d+ s left");

        at(10);
        progress.finished();
        assertThat(lines.get(3)).isEqualTo("bench: done in 10 s");
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(BenchProgress.duration(Duration.ofMillis(400))).isEqualTo("0 s");
        assertThat(BenchProgress.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(BenchProgress.duration(Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
        assertThat(BenchProgress.duration(Duration.ofMinutes(130).plusSeconds(20))).isEqualTo("2 h 10 min");
        assertThat(BenchProgress.clock(Duration.ofSeconds(42))).isEqualTo("0:42");
        assertThat(BenchProgress.clock(Duration.ofSeconds(725))).isEqualTo("12:05");
        assertThat(BenchProgress.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    }
}
