package ru.saigabot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.dispatch.ParamsCallback;
import ru.saigabot.inference.InvalidSettingException;
import ru.saigabot.inference.SettingRange;

/**
 * {@code run}'s settings: each number is refused with the inference module's range for it, named by its flag, and
 * the rule between them (an answer shorter than the context) is checked with the whole before the bot starts.
 */
class RunSettingsTest {
    private static final String TOKEN = "123456:AAbbCCddEEffGGhhIIjjKKll";

    private static BotConfig config(int slots, int threads, int ctxSize) {
        return new BotConfig(TOKEN, TelegramEndpoint.TELEGRAM, Path.of("m.gguf"), Optional.empty(), Path.of("/tmp/x"),
                slots, threads, ctxSize, "auto");
    }

    private static RunOptions options(int maxTokens, long seed) {
        return new RunOptions(50, 1000, maxTokens, seed);
    }

    @Test
    void anAnswerMustBeShorterThanTheContext() {
        assertThatThrownBy(() -> new RunSettings(config(2, 2, 4096), options(5000, -1), ArenaOptions.DEFAULTS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--max-tokens (5000) must be smaller than --ctx-size (4096): the prompt and the answer "
                        + "share one context");
        assertThatThrownBy(() -> new RunSettings(config(2, 2, 4096), options(4096, -1), ArenaOptions.DEFAULTS))
                .isInstanceOf(ConfigException.class);
        RunSettings settings = new RunSettings(config(2, 2, 4096), options(4095, 7), ArenaOptions.DEFAULTS);
        assertThat(settings.options().maxTokens()).isEqualTo(4095);
        assertThat(settings.config().ctxSize()).isEqualTo(4096);
    }

    @Test
    void botConfigRefusesWithTheEnginesRanges() {
        assertThat(refusedBy(() -> config(65, 2, 4096))).isSameAs(SettingRange.SLOTS);
        assertThat(refusedBy(() -> config(2, 0, 4096))).isSameAs(SettingRange.THREADS);
        assertThat(refusedBy(() -> config(2, 2, 255))).isSameAs(SettingRange.CTX_SIZE);
        assertThatThrownBy(() -> config(99, 2, 4096)).hasMessage("--slots = 99 is out of range; allowed 1..64");
        assertThatThrownBy(() -> config(2, 2, 2_000_000))
                .hasMessage("--ctx-size = 2000000 is out of range; allowed 256..1048576");
        config(64, 512, 1_048_576);
        config(1, 1, 256);
    }

    @Test
    void runOptionsRefuseWithTheRequestsRanges() {
        assertThat(refusedBy(() -> options(0, -1))).isSameAs(SettingRange.MAX_TOKENS);
        assertThat(refusedBy(() -> options(512, -2))).isSameAs(SettingRange.SEED);
        assertThatThrownBy(() -> options(32_769, -1))
                .hasMessage("--max-tokens = 32769 is out of range; allowed 1..32768");
        assertThatThrownBy(() -> options(512, 1L << 31))
                .hasMessage("--seed = 2147483648 is out of range; allowed -1 (random) or 0..2147483647");
        options(32_768, Integer.MAX_VALUE);
        options(1, 0);
    }

    @Test
    void theParamsMenuOffersOnlyValuesInRange() {
        for (ParamsCallback.Setting setting : ParamsCallback.Setting.values()) {
            SettingRange range = switch (setting) {
                case TEMPERATURE -> SettingRange.TEMPERATURE;
                case TOP_P -> SettingRange.TOP_P;
                case MAX_TOKENS -> SettingRange.MAX_TOKENS;
            };
            for (String value : setting.choices()) {
                assertThat(range.allows(Double.parseDouble(value))).as("%s = %s", setting, value).isTrue();
            }
        }
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
