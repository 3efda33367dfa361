package ru.saigabot.bot.testing.documents;

import java.util.Arrays;
import java.util.List;

/**
 * Real PDF and DOCX files made at test time, for the reader's tests and for integration tests that send documents
 * through the Telegram emulator. Every method returns the file's bytes.
 *
 * <pre>{@code
 * byte[] pdf = TestDocuments.pdf("Первая страница.", "Вторая страница.");
 * byte[] docx = TestDocuments.docx().heading(1, "Введение").paragraph("Текст.").bytes();
 * byte[] book = TestDocuments.russianBookPdf(300, 400);   // for benchmarks
 * }</pre>
 */
public final class TestDocuments {

    private TestDocuments() {
    }

    /**
     * A PDF with one page per string, in Liberation Sans (Cyrillic included). In a page's text {@code \n\n}
     * separates paragraphs and {@code \n} forces a line break; long lines wrap; the font shrinks to fit a page.
     */
    public static byte[] pdf(String... pages) {
        return pdf(Arrays.asList(pages));
    }

    public static byte[] pdf(List<String> pages) {
        return PdfMaker.text(pages, null);
    }

    /**
     * A PDF encrypted with AES-256 that forbids printing and copying text. With a non-empty {@code password} it
     * opens only with that password; with "" it opens without one, as most such PDFs do (only the permissions are
     * protected, by an owner password).
     */
    public static byte[] encryptedPdf(String password, String... pages) {
        return PdfMaker.text(Arrays.asList(pages), password);
    }

    /** A scan without OCR: every page is one picture of ink lines, and there is no text at all. */
    public static byte[] scannedPdf(int pages) {
        return PdfMaker.scanned(pages);
    }

    /**
     * A book of made-up Russian prose ({@link RussianProse}, seed 2024): {@code pages} pages of about
     * {@code wordsPerPage} words (up to about 500 fit a page) in paragraphs.
     */
    public static byte[] russianBookPdf(int pages, int wordsPerPage) {
        return pdf(russianBookPages(pages, wordsPerPage));
    }

    /** The text of {@link #russianBookPdf}'s pages, to compare what was read against. */
    public static List<String> russianBookPages(int pages, int wordsPerPage) {
        return new RussianProse(2024).pages(pages, wordsPerPage);
    }

    /** A DOCX to build: headings, paragraphs, tables, then {@link DocxMaker#bytes()}. */
    public static DocxMaker docx() {
        return new DocxMaker();
    }

    /** A DOCX of plain paragraphs. */
    public static byte[] docx(String... paragraphs) {
        return docx().paragraphs(Arrays.asList(paragraphs)).bytes();
    }

    /**
     * A zip bomb in a DOCX's clothes: a valid DOCX of {@code paragraphs} whose main part is padded with
     * {@code inflatedBytes} spaces, so that a file of about a thousandth of that size unpacks to it.
     */
    public static byte[] zipBombDocx(long inflatedBytes, String... paragraphs) {
        return DocxMaker.zipBomb(docx(paragraphs), inflatedBytes);
    }

    /** A valid DOCX that also carries a part of {@code fillerBytes} barely compressible letters. */
    public static byte[] docxWithFiller(int fillerBytes, String... paragraphs) {
        return DocxMaker.withFiller(docx(paragraphs), fillerBytes);
    }
}
