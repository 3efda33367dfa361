package ru.saigabot.bot.documents.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;
import ru.saigabot.bot.documents.read.FormatReader.Extraction;

class DocumentReaderTest {

    private static final byte[] TEXT = "Текст.".getBytes(StandardCharsets.UTF_8);

    @Test
    void aReaderThatLoopsIsInterruptedAndAbandonedWhenTheTimeIsUp() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        FormatReader looping = (content, limits) -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            sawInterrupt.set(true);
            interrupted.countDown();
            throw new DocumentRefused(Reason.TIMED_OUT, "stopped");
        };
        DocumentReader reader = new DocumentReader(ReadLimits.DEFAULTS.withTimeout(Duration.ofMillis(200)),
                Map.of(DocumentFormat.TXT, looping));

        long started = System.nanoTime();
        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> reader.read("loop.txt", null, TEXT))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT))
                .withMessageContaining("PT0.2S");
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(10));
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sawInterrupt).isTrue();
    }

    @Test
    void aLibraryFailureIsRefusedAsDamagedWithTheFailureAsCause() {
        IllegalStateException failure = new IllegalStateException("bad xref");
        DocumentReader reader = new DocumentReader(ReadLimits.DEFAULTS, Map.of(DocumentFormat.TXT, (c, l) -> {
            throw failure;
        }));

        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> reader.read("a.txt", null, TEXT))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.DAMAGED))
                .withCause(failure);
    }

    @Test
    void deepRecursionIsRefusedAsDamaged() {
        DocumentReader reader = new DocumentReader(ReadLimits.DEFAULTS, Map.of(DocumentFormat.TXT, (c, l) -> {
            throw new StackOverflowError();
        }));

        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> reader.read("a.txt", null, TEXT))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.DAMAGED));
    }

    @Test
    void sizeIsCheckedBeforeAnyParsing() {
        AtomicBoolean parsed = new AtomicBoolean();
        DocumentReader reader = new DocumentReader(ReadLimits.DEFAULTS.withMaxBytes(5), Map.of(DocumentFormat.TXT,
                (c, l) -> {
                    parsed.set(true);
                    return new Extraction(List.of(), 0);
                }));

        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> reader.read("a.txt", null, TEXT))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOO_BIG));
        assertThat(parsed).isFalse();
    }

    @Test
    void noBytesOrNoTextIsEmpty() {
        DocumentReader reader = new DocumentReader();

        for (byte[] content : List.of(new byte[0], " \n\t\n ".getBytes(StandardCharsets.UTF_8))) {
            assertThatExceptionOfType(DocumentRefused.class)
                    .isThrownBy(() -> reader.read("a.txt", null, content))
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
        }
    }

    @Test
    void aFileWithoutANameIsStillRead() throws Exception {
        ReadDocument document = new DocumentReader().read(null, null, TEXT);

        assertThat(document.fileName()).isEqualTo("document");
        assertThat(document.format()).isEqualTo(DocumentFormat.TXT);
    }

    @Test
    void limitsMustBePositive() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> ReadLimits.DEFAULTS.withTimeout(Duration.ZERO));
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> ReadLimits.DEFAULTS.withMaxChars(0));
    }
}
