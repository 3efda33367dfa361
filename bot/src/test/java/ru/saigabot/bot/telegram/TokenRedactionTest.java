package ru.saigabot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TokenRedactionTest {
    private static final String SECRET = "AAE-secret_of-the-bot-0123456789";
    private final TokenRedaction redaction = new TokenRedaction("123456:" + SECRET);

    @Test
    void masksTheSecretWhereverItStands() {
        assertThat(redaction.text("POST /bot123456:" + SECRET + "/getMe")).isEqualTo("POST /bot123456:***/getMe");
        assertThat(redaction.text("/bot123456%3A" + SECRET + "/x " + SECRET)).isEqualTo("/bot123456%3A***/x ***");
        assertThat(redaction.text("no token here")).isEqualTo("no token here");
        assertThat(redaction.text(null)).isNull();
    }

    @Test
    void aCauseWithoutTheSecretIsKeptAsItIs() {
        IOException refused = new IOException("Failed to connect to /127.0.0.1:8081");
        assertThat(redaction.cause(refused)).isSameAs(refused);
        assertThat(redaction.cause(null)).isNull();
    }

    @Test
    void aCauseWithTheSecretAnywhereIsCopiedWithoutIt() {
        IllegalStateException inner = new IllegalStateException("body: /bot123456:" + SECRET + "/getMe");
        IOException outer = new IOException("unreadable answer", inner);
        outer.addSuppressed(new RuntimeException("also " + SECRET));
        RuntimeException shownOnlyByToString = new RuntimeException("request failed") {
            @Override
            public String toString() {
                return super.toString() + ": [400] " + SECRET;
            }
        };

        Throwable copy = redaction.cause(outer);

        StringWriter printed = new StringWriter();
        copy.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain(SECRET)
                .contains("java.io.IOException: unreadable answer")
                .contains("Caused by: java.lang.IllegalStateException: body: /bot123456:***/getMe")
                .contains("Suppressed: java.lang.RuntimeException: also ***")
                .contains("at " + getClass().getName());
        assertThat(copy.getCause().getStackTrace()).isEqualTo(inner.getStackTrace());
        assertThat(redaction.cause(shownOnlyByToString).toString()).endsWith(": [400] ***");
    }

    @Test
    void aCauseLoopEnds() {
        IOException first = new IOException(SECRET);
        IOException second = new IOException("second", first);
        first.initCause(second);

        Throwable copy = redaction.cause(second);

        StringWriter printed = new StringWriter();
        copy.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain(SECRET).contains("CIRCULAR REFERENCE");
    }
}
