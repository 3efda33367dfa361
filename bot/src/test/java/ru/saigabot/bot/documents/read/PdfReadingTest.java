package ru.saigabot.bot.documents.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;
import ru.saigabot.bot.testing.documents.TestDocuments;

class PdfReadingTest {

    private final DocumentReader reader = new DocumentReader();

    @Test
    void readsEachPageAsAPartWithItsNumber() throws Exception {
        byte[] pdf = TestDocuments.pdf("Первая страница: договор аренды.", "Вторая страница. Сроки и оплата.",
                "Третья страница — подписи сторон.");

        ReadDocument document = reader.read("договор.pdf", "application/pdf", pdf);

        assertThat(document.format()).isEqualTo(DocumentFormat.PDF);
        assertThat(document.pages()).isEqualTo(3);
        assertThat(document.parts()).extracting(DocumentPart::page).containsExactly(1, 2, 3);
        assertThat(document.parts()).extracting(DocumentPart::section).containsOnlyNulls();
        assertThat(document.parts()).extracting(DocumentPart::text).containsExactly("Первая страница: договор аренды.",
                "Вторая страница. Сроки и оплата.", "Третья страница — подписи сторон.");
        assertThat(document.words()).isEqualTo(13); // a dash is no word
    }

    @Test
    void blankPagesLeaveNoPartButCountAsPages() throws Exception {
        ReadDocument document = reader.read("a.pdf", null, TestDocuments.pdf("Начало.", " ", "Конец."));

        assertThat(document.pages()).isEqualTo(3);
        assertThat(document.parts()).extracting(DocumentPart::page).containsExactly(1, 3);
    }

    @Test
    void keepsParagraphBreaksAsBlankLinesAndJoinsWrappedLinesOfOneParagraph() throws Exception {
        String longParagraph = String.join(" ", new java.util.Random(1).ints(60, 0, 5)
                .mapToObj(i -> List.of("слово", "другое", "третье", "ещё", "конец").get(i)).toList()) + ".";
        byte[] pdf = TestDocuments.pdf("Первый абзац.\n\n" + longParagraph + "\n\nТретий абзац.");

        String text = reader.read("a.pdf", null, pdf).parts().get(0).text();

        assertThat(text.split("\n\n")).hasSize(3);
        assertThat(text.split("\n\n")[0]).isEqualTo("Первый абзац.");
        assertThat(text.split("\n\n")[1].replace('\n', ' ')).isEqualTo(longParagraph);
        assertThat(text.split("\n\n")[1]).contains("\n"); // wrapped: the page's lines are kept as lines
    }

    @Test
    void joinsWordsHyphenatedAtTheEndOfALine() throws Exception {
        byte[] pdf = TestDocuments.pdf("Этот доку-\nмент был подпи-\nсан в Санкт-\nПетербурге.");

        String text = reader.read("a.pdf", null, pdf).parts().get(0).text();

        assertThat(text).isEqualTo("Этот документ был подписан в Санкт-\nПетербурге.");
    }

    @Test
    void readsAHundredPagesInOrder() throws Exception {
        List<String> pages = java.util.stream.IntStream.rangeClosed(1, 100)
                .mapToObj(i -> "Страница номер " + i + ". Текст страницы " + i + ".").toList();

        ReadDocument document = reader.read("long.pdf", null, TestDocuments.pdf(pages));

        assertThat(document.parts()).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(document.parts().get(i).page()).isEqualTo(i + 1);
            assertThat(document.parts().get(i).text()).isEqualTo(pages.get(i));
        }
    }

    @Test
    void aScanWithoutTextIsRefusedAsHavingNoTextLayer() {
        assertRefused("scan.pdf", TestDocuments.scannedPdf(3), Reason.NO_TEXT_LAYER);
    }

    @Test
    void aPdfThatNeedsAPasswordIsRefusedAsEncrypted() {
        assertRefused("secret.pdf", TestDocuments.encryptedPdf("пароль", "Секретный текст."), Reason.ENCRYPTED);
    }

    @Test
    void aPdfWithOnlyAnOwnerPasswordOpensAndIsRead() throws Exception {
        byte[] pdf = TestDocuments.encryptedPdf("", "Открытый текст с запретом печати.");

        assertThat(reader.read("restricted.pdf", null, pdf).text()).isEqualTo("Открытый текст с запретом печати.");
    }

    @Test
    void aPdfNamedFileThatIsNotAPdfIsRefusedAsDamaged() {
        assertRefused("report.pdf", "это просто текст".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Reason.DAMAGED);
        assertRefused("report.pdf", TestDocuments.docx("Документ Word."), Reason.DAMAGED);
    }

    @Test
    void aTruncatedPdfIsReadAsFarAsPdfBoxCanOrRefusedAsDamaged() {
        byte[] pdf = TestDocuments.pdf("Первая.", "Вторая.");
        byte[] truncated = Arrays.copyOf(pdf, pdf.length / 3);

        try {
            ReadDocument document = reader.read("cut.pdf", null, truncated);
            assertThat(document.parts()).isNotEmpty();
        } catch (DocumentRefused refused) {
            assertThat(refused.reason()).isIn(Reason.DAMAGED, Reason.EMPTY, Reason.NO_TEXT_LAYER);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pagesAreCountedBeforeTheyAreRead() {
        DocumentReader strict = new DocumentReader(ReadLimits.DEFAULTS.withMaxPages(2));

        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> strict.read("a.pdf", null, TestDocuments.pdf("1", "2", "3")))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PAGES))
                .withMessageContaining("3 pages");
    }

    @Test
    void stopsReadingAsSoonAsTheTextPassesTheLimit() {
        DocumentReader strict = new DocumentReader(ReadLimits.DEFAULTS.withMaxChars(5_000));

        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> strict.read("book.pdf", null, TestDocuments.russianBookPdf(5, 300)))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG));
    }

    @Test
    void aReadThatTakesTooLongIsAbandoned() {
        DocumentReader hasty = new DocumentReader(ReadLimits.DEFAULTS.withTimeout(Duration.ofMillis(1)));
        byte[] book = TestDocuments.russianBookPdf(10, 300);

        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> hasty.read("book.pdf", null, book))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT));
    }

    private void assertRefused(String name, byte[] content, Reason reason) {
        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> reader.read(name, null, content))
                .satisfies(e -> assertThat(e.reason()).as(e.toString()).isEqualTo(reason));
    }
}
