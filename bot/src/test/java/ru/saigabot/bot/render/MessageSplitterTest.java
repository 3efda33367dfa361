package ru.saigabot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    @Test
    void keepsShortTextWhole() {
        assertThat(MessageSplitter.split("Привет!", 4096)).containsExactly("Привет!");
    }

    @Test
    void prefersParagraphBreaks() {
        String first = "Первый абзац. ".repeat(20).strip();
        String second = "Второй абзац.";
        List<String> parts = MessageSplitter.split(first + "\n\n" + second, first.length() + 5);
        assertThat(parts).containsExactly(first, second);
    }

    @Test
    void fallsBackToSentenceThenSpace() {
        String text = "Первое предложение тут. Второе предложение здесь и ещё слова";
        assertThat(MessageSplitter.split(text, 30))
                .containsExactly("Первое предложение тут.", "Второе предложение здесь и", "ещё слова");
    }

    @Test
    void neverCutsASurrogatePair() {
        String text = "😀".repeat(40); // no spaces: a hard cut is needed
        List<String> parts = MessageSplitter.split(text, 21);
        assertThat(String.join("", parts)).isEqualTo(text);
        for (String part : parts) {
            assertThat(part.length()).isLessThanOrEqualTo(21);
            assertThat(Character.isLowSurrogate(part.charAt(0))).isFalse();
        }
    }

    @Test
    void everyPartFitsAndNothingIsLost() {
        String text = "Слово ".repeat(3000);
        List<String> parts = MessageSplitter.split(text, MessageSplitter.TELEGRAM_LIMIT);
        assertThat(parts).allSatisfy(part -> assertThat(part.length()).isLessThanOrEqualTo(MessageSplitter.TELEGRAM_LIMIT));
        assertThat(String.join(" ", parts).replace(" ", "")).isEqualTo(text.replace(" ", ""));
    }
}
