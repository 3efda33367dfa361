package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import ru.saigabot.inference.bench.BenchPlan;
import ru.saigabot.inference.bench.BenchScenario;
import ru.saigabot.inference.llama.KvCacheType;

/**
 * {@code bench}'s options become one checked plan: {@code --quick} fills what was not given, and a bad value is one
 * line with exit code 2 before any model is written or loaded (the model file does not exist here).
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    private static BenchPlan plan(String... args) {
        CommandLine line = new CommandLine(new BenchCommand());
        line.parseArgs(args);
        return ((BenchCommand) line.getCommand()).plan(Path.of("m.gguf"));
    }

    @Test
    void withoutQuickTheDefaultsAreTheThreeClassicScenarios() {
        BenchPlan plan = plan("--model", "m.gguf");
        assertThat(plan.scenarios()).containsExactly(BenchScenario.SINGLE, BenchScenario.USERS, BenchScenario.TURNS);
        assertThat(plan.users()).isEqualTo(4);
        assertThat(plan.slots()).as("--slots defaults to --users").containsExactly(4);
        assertThat(plan.turns()).isEqualTo(10);
        assertThat(plan.longTurns()).isEqualTo(30);
        assertThat(plan.groupMessages()).isEqualTo(200);
        assertThat(plan.tokens()).isEqualTo(128);
        assertThat(plan.ctxSize()).isEqualTo(4096);
        assertThat(plan.kvCacheTypes()).containsExactly(KvCacheType.F16);
        assertThat(plan.cacheReuse()).isEqualTo(64);
        assertThat(plan.reading()).isZero();
        assertThat(plan.replayed()).containsExactly(BenchScenario.TURNS);
    }

    @Test
    void quickFillsEveryOptionNotGiven() {
        BenchPlan plan = plan("--model", "m.gguf", "--quick");
        assertThat(plan.scenarios()).containsExactly(BenchScenario.TURNS, BenchScenario.LONG, BenchScenario.GROUP);
        assertThat(plan.users()).isEqualTo(8);
        assertThat(plan.slots()).containsExactly(4);
        assertThat(plan.turns()).isEqualTo(4);
        assertThat(plan.longTurns()).isEqualTo(16);
        assertThat(plan.groupMessages()).isEqualTo(60);
        assertThat(plan.tokens()).isEqualTo(32);
        assertThat(plan.ctxSize()).isEqualTo(1024);
        assertThat(plan.reading()).isEqualTo(2.0);
        assertThat(plan.replayed()).isEqualTo(EnumSet.of(BenchScenario.LONG, BenchScenario.GROUP));
    }

    @Test
    void flagsGivenBesideQuickWin() {
        BenchPlan plan = plan("--model", "m.gguf", "--users", "2", "--quick", "--ctx-size", "2048", "--scenarios",
                "long,turns", "--skip-nocache", "--kv-cache-type", "f16,q8_0", "--cache-reuse", "0");
        assertThat(plan.users()).isEqualTo(2);
        assertThat(plan.ctxSize()).isEqualTo(2048);
        assertThat(plan.scenarios()).containsExactly(BenchScenario.TURNS, BenchScenario.LONG);
        assertThat(plan.replayed()).isEmpty();
        assertThat(plan.slots()).as("from the preset").containsExactly(4);
        assertThat(plan.tokens()).as("from the preset").isEqualTo(32);
        assertThat(plan.kvCacheTypes()).containsExactly(KvCacheType.F16, KvCacheType.Q8_0);
        assertThat(plan.cacheReuse()).isZero();
    }

    @Test
    void severalSlotCountsAreMeasuredEach() {
        BenchPlan plan = plan("--model", "m.gguf", "--users", "8", "--slots", "2,4", "--scenarios", "turns");
        assertThat(plan.slots()).containsExactly(2, 4);
        assertThat(plan.engineLoads()).as("each with its replay").isEqualTo(4);
        assertThat(plan.replayed()).isEqualTo(Set.of(BenchScenario.TURNS));
    }

    private String refusal(String... args) {
        CommandLine line = Main.newCommandLine();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(out));
        String[] all = new String[args.length + 3];
        all[0] = "bench";
        all[1] = "--model";
        all[2] = dir.resolve("missing.gguf").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        assertThat(line.execute(all)).as(err.toString()).isEqualTo(ExitCodes.USER_ERROR);
        String text = err.toString().strip();
        assertThat(text).doesNotContain("\n").doesNotContain("Exception").startsWith("saiga-bot: ");
        assertThat(out.toString()).isEmpty();
        return text;
    }

    @Test
    void badValuesAreOneLineEach() {
        assertThat(refusal("--kv-cache-type", "f16,f8"))
                .isEqualTo("saiga-bot: --kv-cache-type: unknown KV cache type 'f8'; use one of [f16, q8_0]");
        assertThat(refusal("--cache-reuse", "-1")).startsWith("saiga-bot: --cache-reuse = -1 is out of range");
        assertThat(refusal("--group-messages", "55")).isEqualTo("saiga-bot: --group-messages = 55 must be a multiple "
                + "of 10 (every 10th message is a question to the bot)");
        assertThat(refusal("--slots", "2,0")).isEqualTo("saiga-bot: --slots = 0 is out of range; allowed 1..64");
        assertThat(refusal("--scenarios", "long,fast"))
                .isEqualTo("saiga-bot: --scenarios: unknown scenario 'fast'; use single, users, turns, long, group");
        assertThat(refusal("--long-turns", "101")).startsWith("saiga-bot: --long-turns = 101 is out of range");
        assertThat(refusal("--tokens", "1024", "--ctx-size", "1024")).isEqualTo("saiga-bot: --tokens (1024) must be "
                + "smaller than --ctx-size (1024): the context holds the prompt and the answer");
        assertThat(refusal("--quick", "--tokens", "2000")).as("the preset's context").contains("--ctx-size (1024)");
        assertThat(refusal("--template", "nope")).startsWith("saiga-bot: --template: ");
    }

    @Test
    void aMissingModelFileIsOneLineToo() {
        assertThat(refusal("--scenarios", "single")).startsWith("saiga-bot: --model: ").contains("missing.gguf");
    }
}
