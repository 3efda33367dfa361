package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;

class SaigaV2TemplateTest {

    private final SaigaV2Template template = new SaigaV2Template();

    @Test
    void rendersTheExactSaigaPrompt() {
        String prompt = template.render(List.of(
                ChatMessage.system("Ты — Сайга."),
                ChatMessage.user("Привет!"),
                ChatMessage.assistant("Здравствуйте!"),
                ChatMessage.user("Как дела?")));
        assertThat(prompt).isEqualTo("<s>system\nТы — Сайга.</s>\n"
                + "<s>user\nПривет!</s>\n"
                + "<s>bot\nЗдравствуйте!</s>\n"
                + "<s>user\nКак дела?</s>\n"
                + "<s>bot");
    }

    @Test
    void rendersTheModelCardConversation() {
        assertThat(template.render(SampleConversation.fourMessages())).isEqualTo(
                "<s>system\n" + SampleConversation.SYSTEM + "</s>\n"
                        + "<s>user\nКак дела?</s>\n"
                        + "<s>bot\nОтлично, а у тебя?</s>\n"
                        + "<s>user\nШикарно. Как пройти в библиотеку?</s>\n"
                        + "<s>bot");
    }

    @Test
    void theFirstOpeningTagIsTheBos() {
        assertThat(template.bosText()).isEqualTo("<s>");
        assertThat(template.writesBos()).isTrue();
        assertThat(template.controlTokens()).containsExactly("<s>", "</s>");
    }

    @Test
    void leavesTheFirstBosToATokenizerThatAddsIt() {
        List<ChatMessage> messages = List.of(ChatMessage.user("Привет!"));

        assertThat(template.renderForCompletion(messages, true)).isEqualTo("user\nПривет!</s>\n<s>bot");
        assertThat(template.renderForCompletion(messages, false)).isEqualTo("<s>user\nПривет!</s>\n<s>bot");
    }
}
