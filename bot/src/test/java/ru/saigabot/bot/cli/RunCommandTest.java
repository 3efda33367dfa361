package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.inference.llama.KvCacheType;

/**
 * {@code run} refuses a setting out of range, and settings that do not fit together, in one line with exit code
 * 2, before it opens a database or looks at the model file (which does not exist here).
 */
class RunCommandTest {
    private static final String TOKEN = "7000005:TEST-token-for-the-refusals-only";

    @TempDir
    Path dir;

    private record Outcome(int code, String err) {}

    private Outcome run(String... args) {
        String[] all = new String[args.length + 7];
        all[0] = "run";
        all[1] = "--token";
        all[2] = TOKEN;
        all[3] = "--model";
        all[4] = dir.resolve("missing.gguf").toString();
        all[5] = "--data-dir";
        all[6] = dir.resolve("data").toString();
        System.arraycopy(args, 0, all, 7, args.length);
        var line = Main.newCommandLine();
        StringWriter err = new StringWriter();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(new StringWriter()));
        return new Outcome(line.execute(all), err.toString());
    }

    private static String oneLine(Outcome outcome) {
        assertThat(outcome.code()).as(outcome.err()).isEqualTo(2);
        String text = outcome.err().strip();
        assertThat(text).doesNotContain("\n").doesNotContain("Exception").startsWith("saiga-bot: ");
        return text;
    }

    @Test
    void zeroSlotsAreOneLine() {
        assertThat(oneLine(run("--slots", "0"))).isEqualTo("saiga-bot: --slots = 0 is out of range; allowed 1..64");
    }

    @Test
    void anAnswerAsLongAsTheContextIsRefusedBeforeTheModelIsLookedAt() {
        assertThat(oneLine(run("--max-tokens", "5000", "--ctx-size", "4096"))).isEqualTo("saiga-bot: --max-tokens "
                + "(5000) must be smaller than --ctx-size (4096): the prompt and the answer share one context");
    }

    @Test
    void generationSettingsUseTheInferenceModulesRanges() {
        assertThat(oneLine(run("--max-tokens", "40000", "--ctx-size", "65536")))
                .isEqualTo("saiga-bot: --max-tokens = 40000 is out of range; allowed 1..32768");
        assertThat(oneLine(run("--seed", "-2")))
                .isEqualTo("saiga-bot: --seed = -2 is out of range; allowed -1 (random) or 0..2147483647");
    }

    @Test
    void theKvCacheTypeIsF16UnlessQ8IsAskedForAndAnUnknownOneIsOneLine() {
        var line = Main.newCommandLine();
        line.parseArgs("run", "--token", TOKEN, "--model", dir.resolve("missing.gguf").toString());
        RunCommand run = line.getSubcommands().get("run").getCommand();
        assertThat(run.toSettings().config().llama().kvCacheType()).isEqualTo(KvCacheType.F16);
        line.parseArgs("run", "--token", TOKEN, "--model", dir.resolve("missing.gguf").toString(),
                "--kv-cache-type", "Q8_0");
        assertThat(run.toSettings().config().llama().kvCacheType()).isEqualTo(KvCacheType.Q8_0);
        assertThat(oneLine(run("--kv-cache-type", "q4"))).isEqualTo("saiga-bot: --kv-cache-type "
                + "(SAIGA_KV_CACHE_TYPE): unknown KV cache type 'q4'; use one of [f16, q8_0]");
    }

    @Test
    void kvSlotsKeepMoreConversationsCachedThanGenerateAtOnce() {
        var line = Main.newCommandLine();
        line.parseArgs("run", "--token", TOKEN, "--model", dir.resolve("missing.gguf").toString(), "--slots", "2",
                "--kv-slots", "8");
        RunCommand run = line.getSubcommands().get("run").getCommand();
        assertThat(run.toSettings().config().llama().slots()).isEqualTo(8);
        assertThat(run.toSettings().config().llama().running()).isEqualTo(2);
        line.parseArgs("run", "--token", TOKEN, "--model", dir.resolve("missing.gguf").toString(), "--slots", "3");
        assertThat(run.toSettings().config().llama().slots()).as("0: as many as --slots").isEqualTo(3);
        assertThat(oneLine(run("--slots", "2", "--kv-slots", "1"))).isEqualTo("saiga-bot: --kv-slots (1) must be 0 "
                + "or at least --slots (2): it counts the conversations whose cache is kept, --slots of which generate "
                + "at once");
    }

    @Test
    void maxAttemptsIsOneLineOutsideItsRange() {
        assertThat(oneLine(run("--max-attempts", "0")))
                .isEqualTo("saiga-bot: --max-attempts = 0 is out of range; allowed 1..20");
        assertThat(oneLine(run("--inference", "queue", "--db-url", "jdbc:postgresql://127.0.0.1:1/x",
                "--max-attempts", "21"))).isEqualTo("saiga-bot: --max-attempts = 21 is out of range; allowed 1..20");
    }

    @Test
    void theEndpointsListenOnLoopbackByDefaultAndABadAddressIsOneLine() {
        var line = Main.newCommandLine();
        line.parseArgs("run", "--token", TOKEN, "--model", dir.resolve("missing.gguf").toString(), "--http-port", "9090");
        RunCommand run = line.getSubcommands().get("run").getCommand();
        assertThat(run.toSettings().options().health().httpHost().getHostAddress()).isEqualTo("127.0.0.1");

        assertThat(oneLine(run("--http-port", "9090", "--http-host", "no such host")))
                .startsWith("saiga-bot: --http-host 'no such host' is not an address");
    }

    @Test
    void withGoodSettingsTheMissingModelIsWhatIsReported() {
        assertThat(oneLine(run("--max-tokens", "512", "--ctx-size", "4096"))).contains("missing.gguf")
                .contains("does not exist");
    }
}
