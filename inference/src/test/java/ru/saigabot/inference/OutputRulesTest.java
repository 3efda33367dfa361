package ru.saigabot.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputRulesTest {

    @Test
    void freeTextByDefaultAndJsonWhenASchemaIsGiven() {
        assertThat(OutputRules.NONE.json()).isFalse();
        assertThat(OutputRules.stopAt(List.of("###")).withJsonSchema("{\"type\":\"object\"}").json()).isTrue();
        assertThat(new OutputRules(null, null).stop()).isEmpty();
    }

    @Test
    void stopStringsAreFewAndNotEmpty() {
        assertThatThrownBy(() -> OutputRules.stopAt(List.of("a", "b", "c", "d", "e")))
                .hasMessageContaining("at most 4");
        assertThatThrownBy(() -> OutputRules.stopAt(List.of(""))).hasMessageContaining("empty");
    }

    @Test
    void aRequestWithoutRulesHasNone() {
        ChatRequest request = new ChatRequest("u", List.of(ChatMessage.user("привет")), GenerationParams.DEFAULTS);
        assertThat(request.output()).isEqualTo(OutputRules.NONE);
        assertThat(request.withOutput(OutputRules.stopAt(List.of("x"))).withModel("m").output().stop())
                .containsExactly("x");
    }
}
