package ru.saigabot.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.saigabot.inference.bench.BenchWorkload;
import ru.saigabot.inference.llama.LlamaEngineConfig;
import ru.saigabot.inference.remote.RemoteEngineConfig;

/** Each setting's range: its ends, what lies just outside them, and who refuses with it. */
class SettingRangeTest {

    private static final Map<String, SettingRange> BY_NAME = Map.ofEntries(
            Map.entry("slots", SettingRange.SLOTS),
            Map.entry("threads", SettingRange.THREADS),
            Map.entry("ctx-size", SettingRange.CTX_SIZE),
            Map.entry("max_tokens", SettingRange.MAX_TOKENS),
            Map.entry("seed", SettingRange.SEED),
            Map.entry("top_k", SettingRange.TOP_K),
            Map.entry("temperature", SettingRange.TEMPERATURE),
            Map.entry("top_p", SettingRange.TOP_P),
            Map.entry("min_p", SettingRange.MIN_P),
            Map.entry("repeat_penalty", SettingRange.REPEAT_PENALTY),
            Map.entry("backend context size", SettingRange.BACKEND_CTX_SIZE));

    @ParameterizedTest(name = "{0}: {1} allowed, {2} refused; {3}")
    @CsvSource(delimiter = '|', textBlock = """
            slots                | 1          | 0          | 1..64
            slots                | 64         | 65         | 1..64
            threads              | 1          | 0          | 1..512
            threads              | 512        | 513        | 1..512
            ctx-size             | 256        | 255        | 256..1048576
            ctx-size             | 1048576    | 1048577    | 256..1048576
            max_tokens           | 1          | 0          | 1..32768
            max_tokens           | 32768      | 32769      | 1..32768
            seed                 | -1         | -2         | -1 (random) or 0..2147483647
            seed                 | 0          | -2         | -1 (random) or 0..2147483647
            seed                 | 2147483647 | 2147483648 | -1 (random) or 0..2147483647
            top_k                | 0          | -1         | 0 (off) or 1..1000
            top_k                | 1000       | 1001       | 0 (off) or 1..1000
            backend context size | 0          | 255        | 0 (send every turn) or 256..2097152
            backend context size | 256        | 1          | 0 (send every turn) or 256..2097152
            backend context size | 2097152    | 2097153    | 0 (send every turn) or 256..2097152
            """)
    void wholeNumbers(String name, long allowed, long refused, String range) {
        SettingRange setting = BY_NAME.get(name);
        assertThat(setting.allowed()).isEqualTo(range);
        assertThat(setting.allows(allowed)).isTrue();
        assertThat(setting.allows(refused)).isFalse();
        setting.check(allowed);
        assertThatThrownBy(() -> setting.check(refused)).isInstanceOf(InvalidSettingException.class)
                .hasMessage(name + " = " + refused + " is out of range; allowed " + range);
        assertThatThrownBy(() -> setting.checkOption(refused)).isInstanceOf(InvalidSettingException.class)
                .hasMessage(setting.option() + " = " + refused + " is out of range; allowed " + range);
    }

    @ParameterizedTest(name = "{0}: {1} allowed, {2} refused; {3}")
    @CsvSource(delimiter = '|', textBlock = """
            temperature    | 0       | -0.01   | 0..2
            temperature    | 2       | 2.01    | 0..2
            top_p          | 0.00001 | 0       | (0..1]
            top_p          | 1       | 1.00001 | (0..1]
            min_p          | 0       | -0.01   | [0..1)
            min_p          | 0.99999 | 1       | [0..1)
            repeat_penalty | 1       | 0.99    | 1..2
            repeat_penalty | 2       | 2.01    | 1..2
            temperature    | 0.2     | NaN     | 0..2
            """)
    void decimals(String name, double allowed, double refused, String range) {
        SettingRange setting = BY_NAME.get(name);
        assertThat(setting.allowed()).isEqualTo(range);
        assertThat(setting.allows(allowed)).isTrue();
        assertThat(setting.allows(refused)).isFalse();
        assertThatThrownBy(() -> setting.check(refused)).isInstanceOf(InvalidSettingException.class)
                .hasMessage(name + " = " + refused + " is out of range; allowed " + range);
    }

    @Test
    void wholeNumberSettingsRefuseFractions() {
        assertThat(SettingRange.SLOTS.allows(2.0)).isTrue();
        assertThat(SettingRange.SLOTS.allows(2.5)).isFalse();
        assertThat(SettingRange.SEED.allows(Long.MAX_VALUE)).isFalse();
        assertThat(SettingRange.SEED.allows(Long.MIN_VALUE)).isFalse();
    }

    @Test
    void theRefusalCarriesTheSettingAndTheValue() {
        InvalidSettingException refused = new InvalidSettingException(SettingRange.SLOTS, "--slots", "99");
        assertThat(refused).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--slots = 99 is out of range; allowed 1..64");
        assertThat(refused.setting()).isSameAs(SettingRange.SLOTS);
        assertThat(refused.label()).isEqualTo("--slots");
        assertThat(refused.value()).isEqualTo("99");
        assertThatThrownBy(() -> SettingRange.SLOTS.check("--parallel", 0)).hasMessageStartingWith("--parallel = 0 ");
    }

    @Test
    void generationParamsRefuseWithTheseRanges() {
        GenerationParams d = GenerationParams.DEFAULTS;
        assertThat(refusedBy(() -> d.withTemperature(2.5))).isSameAs(SettingRange.TEMPERATURE);
        assertThat(refusedBy(() -> d.withTopP(0))).isSameAs(SettingRange.TOP_P);
        assertThat(refusedBy(() -> d.withMaxTokens(32_769))).isSameAs(SettingRange.MAX_TOKENS);
        assertThat(refusedBy(() -> d.withSeed(-2))).isSameAs(SettingRange.SEED);
        assertThat(refusedBy(() -> new GenerationParams(0.2, 0.9, 1001, 0.05, 1.1, 512, -1)))
                .isSameAs(SettingRange.TOP_K);
        assertThat(refusedBy(() -> new GenerationParams(0.2, 0.9, 30, 1, 1.1, 512, -1))).isSameAs(SettingRange.MIN_P);
        assertThat(refusedBy(() -> new GenerationParams(0.2, 0.9, 30, 0.05, 0.5, 512, -1)))
                .isSameAs(SettingRange.REPEAT_PENALTY);
        assertThatThrownBy(() -> d.withMaxTokens(0)).hasMessage("max_tokens = 0 is out of range; allowed 1..32768");
    }

    @Test
    void engineConfigsRefuseWithTheseRanges() {
        Path model = Path.of("m.gguf");
        String auto = LlamaEngineConfig.AUTO_TEMPLATE;
        assertThat(refusedBy(() -> new LlamaEngineConfig(model, 65, 1, 4096, auto))).isSameAs(SettingRange.SLOTS);
        assertThat(refusedBy(() -> new LlamaEngineConfig(model, 1, 0, 4096, auto))).isSameAs(SettingRange.THREADS);
        assertThat(refusedBy(() -> new LlamaEngineConfig(model, 1, 1, 100, auto))).isSameAs(SettingRange.CTX_SIZE);
        assertThatThrownBy(() -> new LlamaEngineConfig(model, 99, 1, 4096, auto))
                .hasMessage("slots = 99 is out of range; allowed 1..64");
        RemoteEngineConfig remote = RemoteEngineConfig.of(
                RemoteEngineConfig.parseUrls("http://127.0.0.1:8080/v1"), "m", null);
        assertThat(refusedBy(() -> remote.withContextSize(10))).isSameAs(SettingRange.BACKEND_CTX_SIZE);
        assertThat(refusedBy(() -> new BenchWorkload(0, 1, 1, 1))).isSameAs(BenchWorkload.USERS);
        assertThat(refusedBy(() -> new BenchWorkload(1, 101, 1, 1))).isSameAs(BenchWorkload.TURNS);
        assertThat(refusedBy(() -> new BenchWorkload(1, 1, 4097, 1))).isSameAs(BenchWorkload.TOKENS);
    }

    private static SettingRange refusedBy(Runnable construction) {
        try {
            construction.run();
        } catch (InvalidSettingException e) {
            return e.setting();
        }
        throw new AssertionError("nothing was refused");
    }
}
