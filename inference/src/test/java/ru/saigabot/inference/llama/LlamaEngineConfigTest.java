package ru.saigabot.inference.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlamaEngineConfigTest {
    private static final LlamaEngineConfig CONFIG = new LlamaEngineConfig(Path.of("m.gguf"), 2, 2, 1024, "auto");

    @Test
    void servesWithThePromptCacheAndWithoutAdaptersByDefault() {
        assertThat(CONFIG.promptCache()).isTrue();
        assertThat(CONFIG.adapters()).isEmpty();
        assertThat(CONFIG.nativeLog()).isNull();
        assertThat(CONFIG.withPromptCache(false).withNativeLog(Path.of("l.log")))
                .isEqualTo(new LlamaEngineConfig(Path.of("m.gguf"), 2, 2, 1024, "auto", false, List.of(),
                        Path.of("l.log")));
    }

    @Test
    void refusesTwoAdaptersOfOneNameAndBadNames() {
        assertThatThrownBy(() -> CONFIG.withAdapters(List.of(new LoraAdapterFile("style", Path.of("a.gguf")),
                new LoraAdapterFile("style", Path.of("b.gguf"))))).hasMessageContaining("share a name");
        assertThatThrownBy(() -> new LoraAdapterFile("my style", Path.of("a.gguf")))
                .hasMessageContaining("'my style' is invalid");
        assertThat(new LoraAdapterFile("saiga-kto_v2.1", Path.of("a.gguf")).name()).isEqualTo("saiga-kto_v2.1");
    }
}
