package ru.saigabot.bot.documents.read;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;
import ru.saigabot.bot.documents.read.TextBudget.ReadStopped;

/**
 * A PDF's text page by page with PDFBox. The page count is checked before any page is read. A PDF that opens without
 * a password is read even when its permissions forbid copying (any viewer shows its text to the same user); one that
 * needs a password is refused. A PDF whose pages carry images but almost no text is a scan without OCR.
 */
final class PdfReader implements FormatReader {

    /** PDFBox's scratch buffers (decoded streams) beyond this go to temp files... */
    private static final long SCRATCH_IN_MEMORY = 16L * 1024 * 1024;
    /** ...up to this many times the file's size in all, past which PDFBox fails the read (refused as damaged). */
    private static final long SCRATCH_PER_FILE_BYTE = 10;
    /** Fewer letters and digits than this per page, with images on the pages, is a scan (page numbers, a stamp). */
    private static final int SCAN_CHARS_PER_PAGE = 16;
    private static final int NESTED_FORMS_CHECKED = 3;

    @Override
    public Extraction read(byte[] content, ReadLimits limits) throws DocumentRefused {
        MemoryUsageSetting scratch = MemoryUsageSetting.setupMixed(SCRATCH_IN_MEMORY,
                Math.max(SCRATCH_IN_MEMORY, SCRATCH_PER_FILE_BYTE * content.length));
        try (PDDocument pdf = Loader.loadPDF(content, "", null, null, scratch.streamCache)) {
            int pages = pdf.getNumberOfPages();
            if (pages > limits.maxPages()) {
                throw new DocumentRefused(Reason.TOO_MANY_PAGES, pages + " pages, more than " + limits.maxPages());
            }
            if (pages == 0) {
                throw new DocumentRefused(Reason.EMPTY, "the PDF has no pages");
            }
            TextBudget.checkTime();
            List<String> texts = new PageTextStripper(new TextBudget(limits.maxChars()), limits.maxPages()).pages(pdf);
            List<DocumentPart> parts = new ArrayList<>();
            for (int page = 0; page < texts.size(); page++) {
                String text = TextNormalizer.normalizeLaidOut(texts.get(page));
                if (!text.isEmpty()) {
                    parts.add(new DocumentPart(page + 1, null, text));
                }
            }
            requireTextLayer(pdf, parts);
            return new Extraction(parts, Math.max(pages, texts.size()));
        } catch (InvalidPasswordException e) {
            throw new DocumentRefused(Reason.ENCRYPTED, "the PDF needs a password to open", e);
        } catch (ReadStopped stopped) {
            throw stopped.refusal();
        } catch (IOException e) {
            throw new DocumentRefused(Reason.DAMAGED, "the PDF could not be read: " + e.getMessage(), e);
        }
    }

    private static void requireTextLayer(PDDocument pdf, List<DocumentPart> parts) throws DocumentRefused, IOException {
        long letters = 0;
        for (DocumentPart part : parts) {
            letters += part.text().codePoints().filter(Character::isLetterOrDigit).count();
        }
        if (letters >= (long) SCAN_CHARS_PER_PAGE * pdf.getNumberOfPages()) {
            return;
        }
        for (PDPage page : pdf.getPages()) {
            TextBudget.checkTime();
            if (hasImages(page.getResources(), NESTED_FORMS_CHECKED)) {
                throw new DocumentRefused(Reason.NO_TEXT_LAYER, pdf.getNumberOfPages() + " pages with images but "
                        + letters + " letters and digits of text: a scan without a text layer");
            }
        }
    }

    private static boolean hasImages(PDResources resources, int depth) throws IOException {
        if (resources == null || depth < 0) {
            return false;
        }
        for (COSName name : resources.getXObjectNames()) {
            if (resources.isImageXObject(name)) {
                return true;
            }
            PDXObject object = resources.getXObject(name);
            if (object instanceof PDFormXObject form && hasImages(form.getResources(), depth - 1)) {
                return true;
            }
        }
        return false;
    }
}
