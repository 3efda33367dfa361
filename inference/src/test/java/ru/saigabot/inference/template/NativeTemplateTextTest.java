package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;

class NativeTemplateTextTest {

    @Test
    void leavesTextInsideTheBmpAlone() {
        List<ChatMessage> messages = List.of(ChatMessage.user("Привет, «мир» — ёжик!"));

        NativeTemplateText text = NativeTemplateText.escape(messages);

        assertThat(text.messages()).isEqualTo(messages);
        assertThat(text.restore("x" + messages.get(0).content())).isEqualTo("x" + messages.get(0).content());
    }

    @Test
    void emojiTravelAsPrivateUseCharactersAndComeBack() {
        List<ChatMessage> messages = List.of(ChatMessage.system("Сайга 😀"), ChatMessage.user("🦊 и снова 😀"));

        NativeTemplateText text = NativeTemplateText.escape(messages);

        assertThat(text.messages()).allSatisfy(message -> assertThat(message.content().chars()
                .anyMatch(c -> Character.isSurrogate((char) c))).isFalse());
        assertThat(text.messages().get(0).content()).isEqualTo("Сайга \uE000");
        assertThat(text.messages().get(1).content()).isEqualTo("\uE001 и снова \uE000");
        assertThat(text.restore(render(text.messages()))).isEqualTo(render(messages));
    }

    @Test
    void placeholdersAvoidPrivateUseCharactersAlreadyInTheText() {
        List<ChatMessage> messages = List.of(ChatMessage.user("\uE000 и 😀"));

        NativeTemplateText text = NativeTemplateText.escape(messages);

        assertThat(text.messages().get(0).content()).isEqualTo("\uE000 и \uE001");
        assertThat(text.restore(text.messages().get(0).content())).isEqualTo("\uE000 и 😀");
    }

    @Test
    void nulIsEscapedToo() {
        NativeTemplateText text = NativeTemplateText.escape(List.of(ChatMessage.user("a\u0000b")));

        assertThat(text.messages().get(0).content()).isEqualTo("a\uE000b");
        assertThat(text.restore("<a\uE000b>")).isEqualTo("<a\u0000b>");
    }

    private static String render(List<ChatMessage> messages) {
        return messages.stream().map(m -> "[" + m.role() + "]" + m.content()).collect(Collectors.joining("\n"));
    }
}
