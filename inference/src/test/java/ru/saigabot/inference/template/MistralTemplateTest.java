package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;

class MistralTemplateTest {

    private final MistralTemplate template = new MistralTemplate();

    @Test
    void rendersTheSaigaNemoModelCardPrompt() {
        assertThat(template.render(SampleConversation.fourMessages())).isEqualTo(
                "<s>" + SampleConversation.SYSTEM + "\n\n"
                        + "[INST]Как дела?[/INST]Отлично, а у тебя?</s>"
                        + "[INST]Шикарно. Как пройти в библиотеку?[/INST]");
    }

    @Test
    void withoutASystemPromptItIsPlainMistralTekken() {
        assertThat(template.render(SampleConversation.withoutSystem())).isEqualTo(
                "<s>[INST]Как дела?[/INST]Отлично, а у тебя?</s>[INST]Шикарно. Как пройти в библиотеку?[/INST]");
    }

    @Test
    void keepsContentAsItIs() {
        assertThat(template.render(List.of(ChatMessage.user(" Привет! "))))
                .isEqualTo("<s>[INST] Привет! [/INST]");
    }

    @Test
    void refusesASystemMessageAfterTheStart() {
        List<ChatMessage> messages = List.of(ChatMessage.user("Привет!"), ChatMessage.system("Будь краток."));

        assertThatThrownBy(() -> template.render(messages))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no system role")
                .hasMessageContaining("message 2 of 2");
    }

    @Test
    void leavesBosToATokenizerThatAddsIt() {
        assertThat(template.renderForCompletion(SampleConversation.withoutSystem(), true))
                .startsWith("[INST]Как дела?[/INST]");
        assertThat(template.renderForCompletion(SampleConversation.withoutSystem(), false))
                .startsWith("<s>[INST]Как дела?[/INST]");
    }

    @Test
    void stopsAtEndOfSequenceOrANewInstruction() {
        assertThat(template.stopStrings()).containsExactly("</s>", "[INST]");
        assertThat(template.controlTokens()).containsExactly("<s>", "</s>", "[INST]", "[/INST]");
    }
}
