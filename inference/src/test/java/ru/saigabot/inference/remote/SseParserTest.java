package ru.saigabot.inference.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-stream format as servers really send it: line endings, comments, multi-line data, split bytes. */
class SseParserTest {
    private final List<String> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    private void feed(String text) {
        parser.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEventEndsAtABlankLine() {
        feed("data: {\"a\":1}\n");
        assertThat(events).isEmpty();
        feed("\n");
        assertThat(events).containsExactly("{\"a\":1}");
    }

    @Test
    void dataLinesOfOneEventAreJoinedWithNewlines() {
        feed("data: first\ndata:second\ndata:  third\n\n");
        assertThat(events).containsExactly("first\nsecond\n third");
    }

    @Test
    void commentsAndOtherFieldsAreIgnored() {
        feed(": keep-alive\n\nevent: message\nid: 7\nretry: 100\ndata: x\n\n:ping\n\n");
        assertThat(events).containsExactly("x");
    }

    @Test
    void crlfAndCrEndLinesToo() {
        feed("data: one\r\n\r\ndata: two\r\rdata: three\r");
        feed("\n\r\n");
        assertThat(events).containsExactly("one", "two", "three");
    }

    @Test
    void aCrLfSplitBetweenChunksIsOneLineBreak() {
        feed("data: a\r");
        feed("\ndata: b\r\n\r\n");
        assertThat(events).containsExactly("a\nb");
    }

    @Test
    void charactersSplitAcrossChunksArriveWhole() {
        byte[] bytes = "data: Привет 👋🏽 мир\n\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        assertThat(events).containsExactly("Привет 👋🏽 мир");
    }

    @Test
    void theLastEventCountsWithoutItsBlankLine() {
        feed("data: [DONE]");
        parser.finish();
        assertThat(events).containsExactly("[DONE]");
    }

    @Test
    void aTruncatedCharacterAtTheEndBecomesAReplacementNotAnError() {
        byte[] bytes = "data: я".getBytes(StandardCharsets.UTF_8);
        parser.feed(ByteBuffer.wrap(bytes, 0, bytes.length - 1));
        parser.finish();
        assertThat(events).containsExactly("\uFFFD");
    }

    @Test
    void aByteOrderMarkOpeningTheStreamIsSkipped() {
        feed("\uFEFFdata: x\n\n");
        assertThat(events).containsExactly("x");
    }

    @Test
    void anEmptyDataLineIsAnEmptyEventAndLinesWithoutDataAreNone() {
        feed("data\n\nevent: x\n\n");
        assertThat(events).containsExactly("");
    }
}
