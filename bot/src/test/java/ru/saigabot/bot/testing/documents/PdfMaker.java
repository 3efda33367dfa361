package ru.saigabot.bot.testing.documents;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Writes real PDFs with PDFBox: A4 pages, text in Liberation Sans (shipped inside PDFBox's jar, so Cyrillic works
 * with no font on the machine), embedded as a subset. A page's text is laid out as given: {@code \n\n} separates
 * paragraphs (a wide gap PDFBox reads back as a paragraph break), {@code \n} forces a line break, and long lines wrap
 * between words. The font shrinks, down to 6 points, until a page's text fits its page; text that does not fit even
 * then is refused, so that page numbers stay exactly as the caller meant them.
 */
final class PdfMaker {

    static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final float MARGIN = 50;
    private static final float LARGEST_FONT = 11;
    private static final float SMALLEST_FONT = 6;

    private PdfMaker() {
    }

    static byte[] text(List<String> pages, String userPassword) {
        try (PDDocument pdf = new PDDocument()) {
            PDType0Font font = loadFont(pdf);
            for (String page : pages) {
                addTextPage(pdf, font, page);
            }
            if (userPassword != null) {
                AccessPermission restricted = new AccessPermission();
                restricted.setCanPrint(false);
                restricted.setCanExtractContent(false);
                StandardProtectionPolicy policy = new StandardProtectionPolicy(userPassword + "-owner", userPassword,
                        restricted);
                policy.setEncryptionKeyLength(256);
                pdf.protect(policy);
            }
            return save(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pages that are only a picture of text-like lines: what a scanner without OCR makes. */
    static byte[] scanned(int pages) {
        try (PDDocument pdf = new PDDocument()) {
            PDImageXObject image = LosslessFactory.createFromImage(pdf, scanImage());
            for (int i = 0; i < pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.drawImage(image, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
                }
            }
            return save(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addTextPage(PDDocument pdf, PDType0Font font, String text) throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        pdf.addPage(page);
        float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
        float height = PDRectangle.A4.getHeight() - 2 * MARGIN;
        for (float size = LARGEST_FONT; size >= SMALLEST_FONT; size -= 0.5f) {
            float leading = size * 1.3f;
            List<String> lines = layOut(text, font, size, width);
            if (lines.size() * leading <= height) {
                write(pdf, page, font, size, leading, lines);
                return;
            }
        }
        throw new IllegalArgumentException("a page's text does not fit an A4 page even at " + SMALLEST_FONT
                + " points: " + text.length() + " chars");
    }

    /** The page's lines; an empty string between paragraphs stands for the paragraph gap. */
    private static List<String> layOut(String text, PDType0Font font, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.strip().split("\\n\\s*\\n")) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            for (String forced : paragraph.split("\\n")) {
                StringBuilder line = new StringBuilder();
                for (String word : forced.strip().split("\\s+")) {
                    String candidate = line.length() == 0 ? word : line + " " + word;
                    if (line.length() > 0 && font.getStringWidth(candidate) / 1000 * size > width) {
                        lines.add(line.toString());
                        line.setLength(0);
                        line.append(word);
                    } else {
                        line.setLength(0);
                        line.append(candidate);
                    }
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }

    private static void write(PDDocument pdf, PDPage page, PDType0Font font, float size, float leading,
                              List<String> lines) throws IOException {
        try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(MARGIN, PDRectangle.A4.getHeight() - MARGIN - size);
            for (String line : lines) {
                if (line.isEmpty()) {
                    content.newLineAtOffset(0, -leading); // with the line's own step, a gap of two lines
                } else {
                    content.showText(line);
                }
                content.newLineAtOffset(0, -leading);
            }
            content.endText();
        }
    }

    private static BufferedImage scanImage() {
        BufferedImage image = new BufferedImage(595, 842, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(42);
        for (int y = 0; y < image.getHeight(); y++) {
            boolean inkLine = y > 60 && y < 780 && y % 16 < 9;
            for (int x = 0; x < image.getWidth(); x++) {
                boolean ink = inkLine && x > 50 && x < 545 && random.nextInt(3) == 0;
                int gray = ink ? 30 : 235 + random.nextInt(20);
                image.getRaster().setSample(x, y, 0, gray);
            }
        }
        return image;
    }

    private static PDType0Font loadFont(PDDocument pdf) throws IOException {
        try (InputStream ttf = PDDocument.class.getResourceAsStream(FONT)) {
            if (ttf == null) {
                throw new IllegalStateException(FONT + " is not in PDFBox's jar any more");
            }
            TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(ttf));
            // Glyph substitution (ligatures) costs a regex compilation per line in PDFBox 3.0: off, for speed.
            font.setEnableGsub(false);
            return PDType0Font.load(pdf, font, true);
        }
    }

    private static byte[] save(PDDocument pdf) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        pdf.save(bytes);
        return bytes.toByteArray();
    }
}
