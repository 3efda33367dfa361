package ru.saigabot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BotConfigTest {
    private static final String TOKEN = "123456:AAbbCCddEEffGGhhIIjjKKll";

    private static BotConfig config(String token, Path model, String dbUrl, int slots) {
        return new BotConfig(token, TelegramEndpoint.TELEGRAM, model, Optional.ofNullable(dbUrl), Path.of("/tmp/x"),
                slots, 2, 4096, "auto");
    }

    @Test
    void acceptsAGoodConfig() {
        BotConfig config = config(" " + TOKEN + " ", Path.of("m.gguf"), "jdbc:postgresql://db/saiga", 2);
        assertThat(config.token()).isEqualTo(TOKEN);
        assertThat(config.botId()).isEqualTo("123456");
        assertThat(config.toString()).doesNotContain("AAbb");
    }

    @Test
    void explainsAMissingToken() {
        assertThatThrownBy(() -> config(null, Path.of("m.gguf"), null, 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TELEGRAM_BOT_TOKEN")
                .hasMessageContaining("@BotFather");
        assertThatThrownBy(() -> config("not-a-token", Path.of("m.gguf"), null, 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not look like");
    }

    @Test
    void explainsAMissingModel() {
        assertThatThrownBy(() -> config(TOKEN, null, null, 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SAIGA_MODEL");
    }

    @Test
    void queueModeNeedsNoModelAndIgnoresOneGivenForTheWorkers() {
        BotConfig none = new BotConfig(TOKEN, TelegramEndpoint.TELEGRAM, null, Optional.of("jdbc:postgresql://db/s"),
                Path.of("/tmp/x"), 2, 2, 4096, "auto", InferenceMode.parse("queue"));
        assertThat(none.inference()).isEqualTo(InferenceMode.QUEUE);
        assertThat(none.toString()).contains("inference=queue").contains("model=on workers");
        BotConfig shared = new BotConfig(TOKEN, TelegramEndpoint.TELEGRAM, Path.of("m.gguf"),
                Optional.of("jdbc:postgresql://db/s"), Path.of("/tmp/x"), 2, 2, 4096, "auto", InferenceMode.QUEUE);
        assertThat(shared.model()).as("a shared .env's SAIGA_MODEL is the workers'").isNull();
        assertThat(InferenceMode.parse(" Local ")).isEqualTo(InferenceMode.LOCAL);
        assertThat(InferenceMode.parse(null)).isEqualTo(InferenceMode.LOCAL);
        assertThatThrownBy(() -> InferenceMode.parse("remote")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--inference remote").hasMessageContaining("local").hasMessageContaining("queue");
        assertThatThrownBy(() -> config(TOKEN, null, null, 2)).hasMessageContaining("--inference queue");
        assertThatThrownBy(() -> new BotConfig(TOKEN, TelegramEndpoint.TELEGRAM, null, Optional.empty(),
                Path.of("/tmp/x"), 2, 2, 4096, "auto", InferenceMode.QUEUE)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--db-url").hasMessageContaining("workers");
    }

    @Test
    void refusesOtherDatabasesAndHidesPasswords() {
        assertThatThrownBy(() -> config(TOKEN, Path.of("m.gguf"), "jdbc:mysql://db?user=a&password=secret", 2))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageNotContaining("secret");
        assertThat(BotConfig.redact("jdbc:postgresql://u:pw@db/x?password=pw2")).doesNotContain("pw@").doesNotContain("pw2");
    }

    @Test
    void checksRanges() {
        assertThatThrownBy(() -> config(TOKEN, Path.of("m.gguf"), null, 0)).hasMessageContaining("--slots");
    }

    @Test
    void parsesTheApiUrl() {
        assertThat(TelegramEndpoint.parse("http://127.0.0.1:8081")).isEqualTo(new TelegramEndpoint("http", "127.0.0.1", 8081));
        assertThat(TelegramEndpoint.parse("https://bot-api.example/")).isEqualTo(new TelegramEndpoint("https", "bot-api.example", 443));
        assertThatThrownBy(() -> TelegramEndpoint.parse("ftp://x")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> TelegramEndpoint.parse("http://x/bot123")).hasMessageContaining("path");
    }
}
