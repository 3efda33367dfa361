package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;

class EmbeddedTemplateTest {

    private static final NativeTemplateRenderer ROLES_AND_TEXT = messages -> messages.stream()
            .map(message -> message.role() + ":" + message.content())
            .collect(Collectors.joining("|", "", "|ASSISTANT:"));

    @Test
    void anUnboundTemplateCannotRenderAndSaysHowToBindIt() {
        EmbeddedTemplate template = EmbeddedTemplate.of("{{ messages }}");

        assertThatThrownBy(() -> template.render(SampleConversation.fourMessages()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("template.bind(new LlamaTemplateRenderer(model))");
    }

    @Test
    void aBoundTemplateRendersThroughTheRenderer() {
        EmbeddedTemplate unbound = EmbeddedTemplate.of("{{ messages }}");
        EmbeddedTemplate bound = unbound.bind(ROLES_AND_TEXT);

        assertThat(bound.render(List.of(ChatMessage.system("S"), ChatMessage.user("U"))))
                .isEqualTo("SYSTEM:S|USER:U|ASSISTANT:");
        assertThat(bound.isBound()).isTrue();
        assertThat(unbound.isBound()).isFalse();
        assertThat(bound.source()).contains("{{ messages }}");
        assertThat(bound.name()).isEqualTo("gguf");
    }

    @Test
    void leavesBosAndStoppingToLlamaCpp() {
        EmbeddedTemplate template = EmbeddedTemplate.of(null).bind(ROLES_AND_TEXT);
        List<ChatMessage> messages = List.of(ChatMessage.user("U"));

        assertThat(template.writesBos()).isFalse();
        assertThat(template.renderForCompletion(messages, true)).isEqualTo(template.render(messages));
        assertThat(template.stopStrings()).isEmpty();
        assertThat(template.source()).isEmpty();
    }
}
