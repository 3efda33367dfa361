package ru.saigabot.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.llama.KvCacheType;

class BenchPlanTest {

    private static BenchPlan plan(List<BenchScenario> scenarios, List<Integer> slots, List<KvCacheType> types,
                                  Set<BenchScenario> replayed) {
        return new BenchPlan(Path.of("m.gguf"), "auto", 2, scenarios, 8, 10, 30, 200, 128, 42, slots, 1024, types, 256,
                replayed, 0, 0);
    }

    @Test
    void everyScenarioRunsOnEveryEngineSettingWithItsReplaysOnALoadOfTheirOwn() {
        BenchPlan plan = plan(List.of(BenchScenario.LONG, BenchScenario.TURNS), List.of(2, 4),
                List.of(KvCacheType.F16, KvCacheType.Q8_0), EnumSet.allOf(BenchScenario.class));

        List<PlannedRun> runs = plan.runs();

        assertThat(runs).hasSize(16);
        assertThat(runs.subList(0, 4)).extracting(PlannedRun::label).containsExactly(
                "users8_turns10 (2 slots, f16)", "long_turns30 (2 slots, f16)",
                "users8_turns10 (2 slots, f16) without the cache", "long_turns30 (2 slots, f16) without the cache");
        assertThat(runs.get(4).label()).isEqualTo("users8_turns10 (4 slots, f16)");
        assertThat(runs.get(8).engine().kvCacheType()).isEqualTo(KvCacheType.Q8_0);
        assertThat(runs.subList(0, 4)).extracting(PlannedRun::promptCache).containsExactly(true, true, false, false);
        assertThat(runs.subList(0, 4)).extracting(PlannedRun::firstTokenOnly)
                .as("one conversation replays to the first token, eight at once to the end")
                .containsExactly(false, false, false, true);
        assertThat(runs.get(0).engine().slots()).isEqualTo(2);
        assertThat(runs.get(0).engine().cacheReuse()).isEqualTo(256);
        assertThat(plan.engineLoads()).isEqualTo(8);
    }

    @Test
    void scenariosRunInTheirOwnOrderWithTheirOwnNamesAndQuestions() {
        BenchPlan plan = plan(List.of(BenchScenario.GROUP, BenchScenario.SINGLE, BenchScenario.LONG,
                BenchScenario.USERS, BenchScenario.TURNS, BenchScenario.SINGLE), List.of(4), List.of(KvCacheType.F16),
                Set.of());
        assertThat(plan.scenarios()).containsExactly(BenchScenario.values());
        assertThat(plan.runs()).extracting(PlannedRun::name)
                .containsExactly("single", "users8", "users8_turns10", "long_turns30", "group200");
        assertThat(plan.engineLoads()).isEqualTo(1);
        assertThat(plan.workload(BenchScenario.TURNS).userTurns(0).get(0))
                .as("a later scenario would find the earlier one's first prompt in the cache")
                .isNotEqualTo(plan.workload(BenchScenario.USERS).userTurns(0).get(0));
        assertThat(plan.workload(BenchScenario.GROUP).turns()).isEqualTo(20);
        assertThat(plan.workload(BenchScenario.LONG).users()).isEqualTo(1);
    }

    @Test
    void onlyChosenMultiTurnScenariosAreReplayed() {
        BenchPlan plan = plan(List.of(BenchScenario.SINGLE, BenchScenario.TURNS), List.of(4), List.of(KvCacheType.F16),
                EnumSet.of(BenchScenario.SINGLE, BenchScenario.LONG, BenchScenario.GROUP));
        assertThat(plan.replayed()).isEmpty();
        assertThat(plan.runs()).hasSize(2);
    }

    @Test
    void refusesSettingsOutOfRangeNamingTheFlag() {
        List<KvCacheType> f16 = List.of(KvCacheType.F16);
        assertThatThrownBy(() -> new BenchPlan(Path.of("m.gguf"), "auto", 2, List.of(BenchScenario.SINGLE), 4, 10, 30,
                200, 1024, 42, List.of(4), 1024, f16, 256, Set.of(), 0, 0))
                .hasMessage("--tokens (1024) must be smaller than --ctx-size (1024): the context holds the prompt and "
                        + "the answer");
        assertThatThrownBy(() -> plan(List.of(BenchScenario.SINGLE), List.of(4, 0), f16, Set.of()))
                .hasMessageContaining("--slots");
        assertThatThrownBy(() -> plan(List.of(), List.of(4), f16, Set.of())).hasMessageContaining("--scenarios");
        assertThatThrownBy(() -> new BenchPlan(Path.of("m.gguf"), "auto", 2, List.of(BenchScenario.SINGLE), 4, 10, 30,
                200, 128, 42, List.of(4), 1024, f16, -1, Set.of(), 0, 0)).hasMessageContaining("--cache-reuse");
        assertThatThrownBy(() -> new BenchPlan(Path.of("m.gguf"), "auto", 2, List.of(BenchScenario.SINGLE), 4, 10, 0,
                200, 128, 42, List.of(4), 1024, f16, 256, Set.of(), 0, 0)).hasMessageContaining("--long-turns");
        assertThatThrownBy(() -> new BenchPlan(Path.of("m.gguf"), "auto", 2, List.of(BenchScenario.SINGLE), 4, 10, 30,
                200, 128, 42, List.of(4), 1024, f16, 0, Set.of(), -1, 0)).hasMessage("--reading = -1.0 is out of range; "
                + "allowed 0..10.0 (times the answer's own time)");
    }
}
