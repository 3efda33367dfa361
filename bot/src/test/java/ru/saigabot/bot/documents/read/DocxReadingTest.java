package ru.saigabot.bot.documents.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;
import ru.saigabot.bot.testing.documents.TestDocuments;

class DocxReadingTest {

    private static final String DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private final DocumentReader reader = new DocumentReader();

    @Test
    void headingsStartSectionsAndTextBeforeTheFirstHasNone() throws Exception {
        byte[] docx = TestDocuments.docx()
                .paragraph("Преамбула договора.")
                .heading(1, "1. Предмет договора")
                .paragraph("Арендодатель передаёт квартиру.")
                .paragraph("Арендатор принимает её.")
                .heading(2, "1.1. Состояние квартиры")
                .paragraph("Квартира пригодна для жилья.")
                .heading(4, "Примечание")
                .paragraph("Мебель остаётся.")
                .bytes();

        ReadDocument document = reader.read("договор.docx", DOCX_MIME, docx);

        assertThat(document.format()).isEqualTo(DocumentFormat.DOCX);
        assertThat(document.pages()).isZero();
        assertThat(document.parts()).extracting(DocumentPart::page).containsOnlyNulls();
        assertThat(document.parts()).extracting(DocumentPart::section)
                .containsExactly(null, "1. Предмет договора", "1.1. Состояние квартиры");
        assertThat(document.parts()).extracting(DocumentPart::text).containsExactly(
                "Преамбула договора.",
                "Арендодатель передаёт квартиру.\n\nАрендатор принимает её.",
                "Квартира пригодна для жилья.\n\nПримечание\n\nМебель остаётся.");
    }

    @Test
    void withoutHeadingsTheWholeBodyIsOnePart() throws Exception {
        ReadDocument document = reader.read("a.docx", null, TestDocuments.docx("Один.", "Два.", "Три."));

        assertThat(document.parts()).singleElement()
                .isEqualTo(new DocumentPart(null, null, "Один.\n\nДва.\n\nТри."));
        assertThat(document.words()).isEqualTo(3);
    }

    @Test
    void headingsAreKnownByStyleNameWhenIdsAreLocalised() throws Exception {
        byte[] docx = TestDocuments.docx().russianStyleIds()
                .heading(1, "Введение").paragraph("Текст.").heading(2, "Итоги").paragraph("Выводы.").bytes();

        assertThat(reader.read("a.docx", null, docx).parts()).extracting(DocumentPart::section)
                .containsExactly("Введение", "Итоги");
    }

    @Test
    void tablesBecomeLinesOfTabSeparatedCellsAndLineBreaksStay() throws Exception {
        byte[] docx = TestDocuments.docx()
                .paragraph("Адрес:\nг. Москва,\nул. Тверская, д. 1")
                .table(List.of(List.of("Товар", "Цена"), List.of("Чай", "100 руб.")))
                .paragraph("Итого.")
                .bytes();

        assertThat(reader.read("a.docx", null, docx).parts().get(0).text())
                .isEqualTo("Адрес:\nг. Москва,\nул. Тверская, д. 1\n\nТовар\tЦена\nЧай\t100 руб.\n\nИтого.");
    }

    @Test
    void aZipBombIsRefusedBeforePoiUnpacksIt() {
        byte[] bomb = TestDocuments.zipBombDocx(200L * 1024 * 1024, "Безобидный текст.");
        assertThat(bomb.length).isLessThan(1024 * 1024);

        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> reader.read("bomb.docx", DOCX_MIME, bomb))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.DAMAGED))
                .withMessageContaining("zip bomb");
    }

    @Test
    void aDocxThatUnpacksToMoreThanTheLimitIsRefusedAsTooBig() {
        byte[] docx = TestDocuments.docxWithFiller(4 * 1024 * 1024, "Текст.");
        DocumentReader strict = new DocumentReader(ReadLimits.DEFAULTS.withMaxBytes(docx.length).withMaxChars(10_000));

        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> strict.read("big.docx", DOCX_MIME, docx))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOO_BIG));
    }

    @Test
    void poiKeepsItsOwnZipBombGuardsAsABackstop() throws Exception {
        reader.read("a.docx", null, TestDocuments.docx("Текст."));

        assertThat(ZipSecureFile.getMinInflateRatio()).isEqualTo(ZipGuard.MIN_INFLATE_RATIO);
        assertThat(ZipSecureFile.getMaxEntrySize()).isEqualTo(ZipGuard.MAX_ENTRY_BYTES);
    }

    @Test
    void aDocxNamedFileThatIsNotADocxIsRefusedAsDamaged() {
        assertRefused("a.docx", "просто текст".getBytes(StandardCharsets.UTF_8), Reason.DAMAGED);
        assertRefused("a.docx", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0}, Reason.DAMAGED);
    }

    @Test
    void aPasswordProtectedWordFileIsRefusedAsEncrypted() {
        byte[] ole2 = new byte[4096];
        System.arraycopy(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0}, 0, ole2, 0, 4);
        byte[] name = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, ole2, 1024, name.length);

        assertRefused("secret.docx", ole2, Reason.ENCRYPTED);
        assertRefused("old.docx", java.util.Arrays.copyOf(ole2, 512), Reason.UNSUPPORTED_TYPE);
    }

    @Test
    void aDocxWithNoTextIsEmpty() {
        assertRefused("a.docx", TestDocuments.docx(" ", ""), Reason.EMPTY);
    }

    private void assertRefused(String name, byte[] content, Reason reason) {
        assertThatExceptionOfType(DocumentRefused.class)
                .isThrownBy(() -> reader.read(name, null, content))
                .satisfies(e -> assertThat(e.reason()).as(e.toString()).isEqualTo(reason));
    }
}
