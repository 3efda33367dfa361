package ru.saigabot.bot.documents.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;
import ru.saigabot.bot.testing.documents.TestDocuments;

class FormatDetectionTest {

    private static final byte[] PDF = TestDocuments.pdf("Текст.");
    private static final byte[] DOCX = TestDocuments.docx("Текст.");
    private static final byte[] TEXT = "Просто текст.".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HTML =
            "  <!DOCTYPE html><html><body>Текст</body></html>".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "{0} ({1}) with {2} bytes is {3}")
    @CsvSource(nullValues = "null", value = {
            "Отчёт.PDF,      null,                      pdf,  PDF",
            "file,           application/pdf,           pdf,  PDF",
            "file,           null,                      pdf,  PDF",
            "a.docx,         null,                      docx, DOCX",
            "file.bin,       application/octet-stream,  docx, DOCX",
            "a.htm,          null,                      text, HTML",
            "a.html,         text/html; charset=utf-8,  text, HTML",
            "a.md,           null,                      text, MARKDOWN",
            "a,              text/markdown,             text, MARKDOWN",
            "notes.txt,      null,                      text, TXT",
            "notes,          null,                      text, TXT",
            "data.csv,       text/csv,                  text, TXT",
            "page,           null,                      html, HTML",
            "notes.txt,      text/plain,                pdf,  PDF",
    })
    void detects(String name, String mime, String bytes, DocumentFormat expected) throws DocumentRefused {
        assertThat(FormatDetection.detect(name, mime, bytes(bytes))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ({1}) with {2} bytes is refused as {3}")
    @CsvSource(nullValues = "null", value = {
            "a.pdf,      null,               text, DAMAGED",
            "a,          application/pdf,    docx, DAMAGED",
            "a.docx,     null,               pdf,  DAMAGED",
            "a.xlsx,     null,               text, UNSUPPORTED_TYPE",
            "photo.jpg,  image/jpeg,         text, UNSUPPORTED_TYPE",
    })
    void refuses(String name, String mime, String bytes, Reason reason) {
        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> FormatDetection.detect(name, mime, bytes(bytes)))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(reason))
                .withMessageContaining(name);
    }

    private static byte[] bytes(String kind) {
        return switch (kind) {
            case "pdf" -> PDF;
            case "docx" -> DOCX;
            case "html" -> HTML;
            default -> TEXT;
        };
    }
}
