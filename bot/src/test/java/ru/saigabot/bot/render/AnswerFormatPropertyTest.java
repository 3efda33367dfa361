package ru.saigabot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.testing.telegram.FormattedText;

/**
 * Whatever a model writes, whole or cut off while it streams, every message the bot makes of it is HTML that
 * Telegram's parser (the emulator's) accepts, within Telegram's 4,096 characters.
 */
class AnswerFormatPropertyTest {
    /** Pieces of Markdown and of what models and users put around it, to build answers from at random. */
    private static final List<String> PIECES = List.of("**", "__", "*", "_", "~~", "`", "```", "```python\n", "\n```\n",
            "<think>", "</think>", "\n", "\n\n", " ", "# Заголовок\n", "## ", "> ", ">> ", "- ", "* ", "1. ", "10) ",
            "| a | b |\n|---|---|\n| 1 | 2 |\n", "[ссылка](https://example.org/путь?a=1&b=2)", "[x](javascript:alert(1))",
            "![картинка](https://e.org/i.png)", "<b>", "</i>", "&amp;", "&lt;", "<", ">", "&", "\"", "'", "\\",
            "слово ", "word ", "😀", "👨‍👩‍👧", "é", "\u200b", "\u202e", "й̆", "---\n", "***\n", "<br>", "<a href=\"x\">",
            "ы".repeat(300), "нетпробеловвовсё".repeat(400), "    отступ\n", "\t", "~~~\n", "[^1]", "||спойлер||");

    @Test
    void everyMessageOfAnyAnswerIsHtmlTelegramAcceptsWithinItsLimit() {
        Random random = new Random(16);
        for (int round = 0; round < 400; round++) {
            String answer = randomAnswer(random, 1 + random.nextInt(round % 10 == 0 ? 3000 : 300));
            List<String> messages = AnswerFormat.messages(answer);
            for (String message : messages) {
                assertThatCode(() -> FormattedText.forMessage(message, "HTML")).as("part of %s", shortly(answer))
                        .doesNotThrowAnyException();
                assertThat(FormattedText.forMessage(message, "HTML").plainText().length())
                        .isLessThanOrEqualTo(FormattedText.MAX_MESSAGE_LENGTH);
            }
            String preview = AnswerFormat.preview(answer.substring(0, random.nextInt(answer.length() + 1)));
            if (!preview.isEmpty()) {
                assertThatCode(() -> FormattedText.forMessage(preview, "HTML")).as("preview of %s", shortly(answer))
                        .doesNotThrowAnyException();
            }
        }
    }

    private static String randomAnswer(Random random, int pieces) {
        StringBuilder answer = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            answer.append(PIECES.get(random.nextInt(PIECES.size())));
        }
        return answer.toString();
    }

    private static String shortly(String answer) {
        return answer.length() <= 300 ? answer : answer.substring(0, 300) + "… (" + answer.length() + " chars)";
    }
}
