package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import ru.saigabot.inference.gguf.GgufMetadata;

class ChatTemplatesTest {

    @Test
    void byNameGivesEachBuiltInTemplate() {
        assertThat(ChatTemplates.byName("saiga_v2")).isInstanceOf(SaigaV2Template.class);
        assertThat(ChatTemplates.byName("llama3")).isInstanceOf(Llama3Template.class);
        assertThat(ChatTemplates.byName("chatml")).isInstanceOf(ChatMlTemplate.class);
        assertThat(ChatTemplates.byName("mistral")).isInstanceOf(MistralTemplate.class);
        assertThat(ChatTemplates.byName("gguf")).isInstanceOfSatisfying(EmbeddedTemplate.class,
                embedded -> assertThat(embedded.isBound()).isFalse());
    }

    @Test
    void everyNameIsTheTemplatesOwnName() {
        assertThat(ChatTemplates.NAMES).containsExactly("saiga_v2", "llama3", "chatml", "mistral", "gguf");
        for (String name : ChatTemplates.NAMES) {
            assertThat(ChatTemplates.byName(name).name()).isEqualTo(name);
        }
    }

    @Test
    void byNameIgnoresCaseAndSurroundingSpaces() {
        assertThat(ChatTemplates.byName(" Llama3 ")).isInstanceOf(Llama3Template.class);
        assertThat(ChatTemplates.byName("SAIGA_V2")).isInstanceOf(SaigaV2Template.class);
    }

    @Test
    void anUnknownNameIsRefusedWithTheValidNames() {
        assertThatThrownBy(() -> ChatTemplates.byName("llama2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown chat template 'llama2'; valid names: saiga_v2, llama3, chatml, mistral, gguf");
        assertThatThrownBy(() -> ChatTemplates.byName(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("valid names: saiga_v2, llama3, chatml, mistral, gguf");
    }

    @Test
    void theTokenizerAddsBosWhenTheFileSaysSo() {
        assertThat(ChatTemplates.tokenizerAddsBos(metadata().putBool("tokenizer.ggml.add_bos_token", true).build()))
                .isTrue();
        assertThat(ChatTemplates.tokenizerAddsBos(metadata().putBool("tokenizer.ggml.add_bos_token", false).build()))
                .isFalse();
    }

    @Test
    void withoutTheKeyLlamaCppsDefaultAddsBosForSentencePieceOnly() {
        assertThat(ChatTemplates.tokenizerAddsBos(metadata().putString("tokenizer.ggml.model", "llama").build()))
                .isTrue();
        assertThat(ChatTemplates.tokenizerAddsBos(metadata().putString("tokenizer.ggml.model", "gpt2").build()))
                .isFalse();
        assertThat(ChatTemplates.tokenizerAddsBos(metadata().build())).isFalse();
    }

    private static GgufMetadata.Builder metadata() {
        return GgufMetadata.builder().putString("general.architecture", "llama");
    }
}
