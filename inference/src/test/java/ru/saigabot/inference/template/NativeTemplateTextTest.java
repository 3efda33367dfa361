package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ru.saigabot.inference.ChatMessage;

class NativeTemplateTextTest {

    @Test
    void leavesTextInsideTheBmpAlone() {
        List<ChatMessage> messages = List.of(ChatMessage.user("Привет, «мир» — ёжик!"));

        NativeTemplateText text = NativeTemplateText.escape(messages);

        assertThat(text.messages()).isEqualTo(messages);
        assertThat(text.restore("x" + messages.get(0).content())).isEqualTo("x" + messages.get(0).content());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Привет, «мир» — ёжик!",
            "Сайга 😀",
            "🦊 и снова 😀👍🏽",
            "a\u0000b",
            "\u0000",
            "\uE000 и 😀", // the first private-use character, written by the user
            "\uE000\uE001\uE800\uE801\uF8FF 😀 \uE000", // private-use characters around a placeholder
            "\uD800\uDC00 … \uDBFF\uDFFF", // U+10000 and U+10FFFF, the ends of the supplementary planes
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎𠜱",
    })
    void everyTextComesBackAsItWasWritten(String content) {
        List<ChatMessage> messages = List.of(ChatMessage.system("Сайга 🦊"), ChatMessage.user(content));

        NativeTemplateText text = NativeTemplateText.escape(messages);

        assertThat(text.messages()).allSatisfy(message -> assertThat(message.content())
                .as("nothing JNI's modified UTF-8 garbles").doesNotContain("\u0000")
                .matches(s -> s.codePoints().allMatch(c -> c <= Character.MAX_VALUE), "within the BMP"));
        assertThat(text.restore(render(text.messages()))).isEqualTo(render(messages));
        assertThat(NativeTemplateText.escape(messages).messages()).as("a pure function").isEqualTo(text.messages());
    }

    @Test
    void anyNumberOfDistinctRareCharactersComesBack() {
        // More than the 6,400 private-use characters of the BMP, spread over the system prompt and two turns.
        String many = IntStream.range(0, 10_000).map(i -> 0x20000 + i)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        List<ChatMessage> messages = List.of(ChatMessage.system(many.substring(0, 6_000) + "\uE000"),
                ChatMessage.user(many.substring(6_000, 14_000) + " 😀"), ChatMessage.assistant(many.substring(14_000)));

        NativeTemplateText text = NativeTemplateText.escape(messages);

        assertThat(text.messages()).allSatisfy(message -> assertThat(message.content().codePoints()
                .allMatch(c -> c <= Character.MAX_VALUE)).isTrue());
        assertThat(text.restore(render(text.messages()))).isEqualTo(render(messages));
    }

    @Test
    void textTheTemplateAddsAroundTheMessagesIsLeftAsItIs() {
        NativeTemplateText text = NativeTemplateText.escape(List.of(ChatMessage.user("😀")));

        assertThat(text.restore("<s>\uE000" + text.messages().get(0).content() + "\uE000</s>"))
                .as("a lone escape character is not a placeholder").isEqualTo("<s>\uE000😀\uE000</s>");
    }

    private static String render(List<ChatMessage> messages) {
        return messages.stream().map(m -> "[" + m.role() + "]" + m.content()).collect(Collectors.joining("\n"));
    }
}
