package ru.saigabot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.testing.telegram.FormattedText;
import ru.saigabot.bot.testing.telegram.TextEntity;

class JsonAnswerTest {

    @Test
    void jsonIsIndentedByTwoSpacesKeepingKeyOrderLettersAndNumbers() {
        assertThat(JsonAnswer.pretty("{\"имя\":\"Анна\",\"сумма\":1500.50,\"теги\":[\"a\",\"b\"],\"пусто\":null,"
                + "\"адрес\":{\"город\":\"Казань\"}}")).isEqualTo("""
                {
                  "имя": "Анна",
                  "сумма": 1500.50,
                  "теги": [
                    "a",
                    "b"
                  ],
                  "пусто": null,
                  "адрес": {
                    "город": "Казань"
                  }
                }""");
    }

    @Test
    void aFencedAnswerIsReadAndAnythingElseIsShownAsWritten() {
        assertThat(JsonAnswer.pretty("```json\n{\"a\": 1}\n```")).isEqualTo("{\n  \"a\": 1\n}");
        assertThat(JsonAnswer.pretty(" {\"name\": \"Ив")).as("cut by the token limit").isEqualTo("{\"name\": \"Ив");
        assertThat(JsonAnswer.pretty("Вот JSON: {\"a\": 1}")).isEqualTo("Вот JSON: {\"a\": 1}");
        assertThat(JsonAnswer.pretty("{\"a\": 1} {\"b\": 2}")).as("two values are not one").isEqualTo(
                "{\"a\": 1} {\"b\": 2}");
    }

    @Test
    void theMessageIsOneEscapedJsonCodeBlock() {
        List<String> messages = JsonAnswer.messages(JsonAnswer.pretty("{\"html\": \"<b>&</b>\"}"));
        assertThat(messages).containsExactly(
                "<pre><code class=\"language-json\">{\n  \"html\": \"&lt;b&gt;&amp;&lt;/b&gt;\"\n}</code></pre>");
        FormattedText shown = FormattedText.forMessage(messages.get(0), "HTML");
        assertThat(shown.plainText()).isEqualTo("{\n  \"html\": \"<b>&</b>\"\n}");
        assertThat(shown.entities()).containsExactly(new TextEntity("pre", 0, shown.plainText().length(), null,
                "json"));
        assertThat(JsonAnswer.messages("  ")).isEmpty();
    }

    @Test
    void longJsonContinuesInMoreCodeBlocksAndAlsoComesAsAFile() throws Exception {
        String json = new ObjectMapper().writeValueAsString(java.util.Collections.nCopies(120,
                "строка, которую модель повторила много раз"));
        String pretty = JsonAnswer.pretty(json);
        List<String> messages = JsonAnswer.messages(pretty);

        assertThat(JsonAnswer.needsDocument(pretty)).isTrue();
        assertThat(messages).hasSizeGreaterThan(1);
        StringBuilder shown = new StringBuilder();
        for (String message : messages) {
            FormattedText text = FormattedText.forMessage(message, "HTML");
            assertThat(text.entities()).extracting(TextEntity::type).containsExactly("pre");
            shown.append(text.plainText()).append('\n');
        }
        // Telegram trims every message, so a continuation's first line loses its indentation: the file keeps it.
        assertThat(shown.toString().strip().lines().map(String::strip)).as("cut at its lines, nothing lost")
                .isEqualTo(pretty.lines().map(String::strip).toList());
        assertThat(JsonAnswer.needsDocument("{\"a\": 1}")).isFalse();
    }

    @Test
    void thePreviewShowsTheJsonSoFarInACodeBlock() {
        assertThat(JsonAnswer.preview("{\"name\": \"Ан")).isEqualTo(
                "<pre><code class=\"language-json\">{\"name\": \"Ан</code></pre> ▌");
        assertThat(JsonAnswer.preview("  ")).isEmpty();
        String preview = JsonAnswer.preview("[" + "\"строка\",\n".repeat(600));
        assertThat(preview).startsWith("…\n<pre>").endsWith(" ▌");
        assertThat(FormattedText.forMessage(preview, "HTML").plainText()).hasSizeLessThanOrEqualTo(4096);
    }
}
