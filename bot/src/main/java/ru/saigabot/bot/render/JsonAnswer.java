package ru.saigabot.bot.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an extraction's answer (/extract) becomes Telegram messages: its JSON pretty-printed in a code block, cut into
 * messages at its lines when it is long. Text that is not JSON (a remote backend that ignored the schema, an answer
 * cut by the token limit) goes into the code block as it is, so the user sees what the model wrote.
 */
public final class JsonAnswer {
    /**
     * Longer JSON also comes as a file: about three quarters of a message, past which the code block needs a second
     * message (with the indentation) or scrolls for long on a phone, and copying it whole from chat gets awkward.
     */
    public static final int DOCUMENT_CHARS = 3000;
    private static final String OPEN = "<pre><code class=\"language-json\">";
    private static final String CLOSE = "</code></pre>";
    /** A whole answer in one Markdown fence, as chat models write JSON when nothing holds them to a grammar. */
    private static final Pattern FENCED = Pattern.compile("(?s)```[a-zA-Z]*\\s*\\n(.*?)\\n?```");
    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // numbers stay as the model wrote them: 1500.50 is not shown as 1500.5
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final ObjectWriter PRETTY = READER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private JsonAnswer() {}

    /** The model's text as JSON indented by two spaces, keys in the model's order; the text itself when not JSON. */
    public static String pretty(String modelText) {
        String text = modelText.strip();
        Matcher fenced = FENCED.matcher(text);
        for (String candidate : fenced.matches() ? List.of(text, fenced.group(1).strip()) : List.of(text)) {
            try {
                JsonNode tree = READER.readTree(candidate);
                if (tree != null && !tree.isMissingNode()) {
                    return PRETTY.writeValueAsString(tree);
                }
            } catch (JsonProcessingException e) {
                // not JSON: shown as written
            }
        }
        return text;
    }

    /** The finished answer ({@link #pretty}) as HTML messages, in order; none when there is nothing to show. */
    public static List<String> messages(String pretty) {
        return pretty.isBlank() ? List.of() : HtmlSplitter.split(codeBlock(pretty), HtmlSplitter.TELEGRAM_LIMIT);
    }

    /** Whether the answer also comes as a file, {@code answer.json}. */
    public static boolean needsDocument(String pretty) {
        return pretty.length() > DOCUMENT_CHARS;
    }

    /**
     * One HTML message showing JSON that is still being written: its latest part as the model writes it (a part is
     * not JSON yet), in a code block, and a cursor; empty while there is nothing to show.
     */
    public static String preview(String partialText) {
        String text = partialText.strip();
        if (text.isEmpty()) {
            return "";
        }
        List<String> parts = HtmlSplitter.split(codeBlock(text), HtmlSplitter.TELEGRAM_LIMIT
                - AnswerFormat.CURSOR.length() - AnswerFormat.CONTINUED.length());
        return (parts.size() > 1 ? AnswerFormat.CONTINUED : "") + parts.get(parts.size() - 1) + AnswerFormat.CURSOR;
    }

    private static String codeBlock(String text) {
        return OPEN + TelegramHtml.escape(text) + CLOSE;
    }
}
