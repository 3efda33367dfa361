package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;

class ChatMlTemplateTest {

    private final ChatMlTemplate template = new ChatMlTemplate();

    @Test
    void rendersTheSaigaLlama3V3ModelCardPrompt() {
        assertThat(template.render(SampleConversation.fourMessages())).isEqualTo(
                "<|im_start|>system\n" + SampleConversation.SYSTEM + "<|im_end|>\n"
                        + "<|im_start|>user\nКак дела?<|im_end|>\n"
                        + "<|im_start|>assistant\nОтлично, а у тебя?<|im_end|>\n"
                        + "<|im_start|>user\nШикарно. Как пройти в библиотеку?<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }

    @Test
    void keepsContentAsItIs() {
        assertThat(template.render(List.of(ChatMessage.user(" Привет! "))))
                .isEqualTo("<|im_start|>user\n Привет! <|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void writesNoBosSoTheTokenizerDecides() {
        List<ChatMessage> messages = SampleConversation.fourMessages();

        assertThat(template.writesBos()).isFalse();
        assertThat(template.renderForCompletion(messages, true)).isEqualTo(template.render(messages));
        assertThat(template.renderForCompletion(messages, false)).isEqualTo(template.render(messages));
    }

    @Test
    void stopsAtTheEndOfAMessage() {
        assertThat(template.stopStrings()).contains("<|im_end|>");
        assertThat(template.controlTokens()).containsExactly("<|im_start|>", "<|im_end|>");
    }
}
