package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyControlTokensTest {

    @Test
    void everyBuiltInFamilyHasItsTemplatesControlTokensAndStopStrings() {
        for (ChatTemplate template : List.of(new SaigaV2Template(), new Llama3Template(), new ChatMlTemplate(),
                new MistralTemplate())) {
            assertThat(FamilyControlTokens.of(template.name())).as(template.name())
                    .containsAll(template.controlTokens()).containsAll(template.stopStrings());
            assertThat(FamilyControlTokens.all()).containsAll(FamilyControlTokens.of(template.name()));
        }
    }

    @Test
    void holdsTheFamiliesReservedTokensAndNothingForTheFilesOwnTemplate() {
        assertThat(FamilyControlTokens.of("llama3")).contains("<|reserved_special_token_0|>",
                "<|reserved_special_token_247|>", "<|python_tag|>");
        assertThat(FamilyControlTokens.of("mistral")).contains("<SPECIAL_999>", "[TOOL_CALLS]");
        assertThat(FamilyControlTokens.of("gguf")).isEmpty();
        assertThatThrownBy(() -> FamilyControlTokens.of("zephyr")).hasMessageContaining("valid names");
    }
}
