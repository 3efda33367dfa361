package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;

class Llama3TemplateTest {

    private final Llama3Template template = new Llama3Template();

    @Test
    void rendersTheSaigaLlama3ModelCardPrompt() {
        assertThat(template.render(SampleConversation.fourMessages())).isEqualTo(
                "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                        + SampleConversation.SYSTEM + "<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nКак дела?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nОтлично, а у тебя?<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nШикарно. Как пройти в библиотеку?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void trimsEveryContentLikeMetasTemplate() {
        assertThat(template.render(List.of(ChatMessage.user("  Привет!\n"), ChatMessage.assistant("\nДа. "))))
                .isEqualTo("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nПривет!<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nДа.<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void writesBeginOfTextItselfUnlessTheTokenizerAddsIt() {
        List<ChatMessage> messages = List.of(ChatMessage.user("Привет!"));

        assertThat(template.bosText()).isEqualTo("<|begin_of_text|>");
        assertThat(template.renderForCompletion(messages, true)).isEqualTo(
                "<|start_header_id|>user<|end_header_id|>\n\nПривет!<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
        assertThat(template.renderForCompletion(messages, false)).startsWith("<|begin_of_text|><|start_header_id|>");
    }

    @Test
    void stopsAtTheEndOfTurn() {
        assertThat(template.stopStrings()).contains("<|eot_id|>");
        assertThat(template.controlTokens())
                .containsExactly("<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>");
    }
}
