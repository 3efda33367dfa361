package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;

class SaigaV2TemplateTest {

    @Test
    void rendersTheExactSaigaPrompt() {
        String prompt = new SaigaV2Template().render(List.of(
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
}
