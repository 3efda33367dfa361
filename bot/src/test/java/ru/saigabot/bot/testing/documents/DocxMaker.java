package ru.saigabot.bot.testing.documents;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * Builds a real DOCX with POI, as Word would save it: headings are paragraphs in the built-in "heading N" styles
 * (style ids "Heading1"... as English Word and LibreOffice write them, or "1"... as Russian Word does), paragraphs
 * may hold line breaks, tables are real tables.
 */
public final class DocxMaker {

    private final List<Consumer<XWPFDocument>> body = new ArrayList<>();
    private boolean russianStyleIds;

    DocxMaker() {
    }

    /** A heading of level 1 to 3 (the levels the reader starts sections at) or deeper. */
    public DocxMaker heading(int level, String text) {
        body.add(docx -> {
            XWPFParagraph paragraph = docx.createParagraph();
            paragraph.setStyle(russianStyleIds ? Integer.toString(level) : "Heading" + level);
            paragraph.createRun().setText(text);
        });
        return this;
    }

    /** A paragraph; a {@code \n} inside it is a line break (Shift+Enter). */
    public DocxMaker paragraph(String text) {
        body.add(docx -> {
            XWPFRun run = docx.createParagraph().createRun();
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    run.addBreak();
                }
                run.setText(lines[i], i);
            }
        });
        return this;
    }

    public DocxMaker paragraphs(List<String> texts) {
        texts.forEach(this::paragraph);
        return this;
    }

    /** A table; the first row is as any other. */
    public DocxMaker table(List<List<String>> rows) {
        body.add(docx -> {
            XWPFTable table = docx.createTable(rows.size(), rows.get(0).size());
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).size(); c++) {
                    table.getRow(r).getCell(c).setText(rows.get(r).get(c));
                }
            }
        });
        return this;
    }

    /** Style ids as a Russian Word writes them ("1" for "heading 1"), so only the style's name says heading. */
    public DocxMaker russianStyleIds() {
        russianStyleIds = true;
        return this;
    }

    public byte[] bytes() {
        try (XWPFDocument docx = new XWPFDocument()) {
            XWPFStyles styles = docx.createStyles();
            for (int level = 1; level <= 6; level++) {
                CTStyle style = CTStyle.Factory.newInstance();
                style.setStyleId(russianStyleIds ? Integer.toString(level) : "Heading" + level);
                style.addNewName().setVal("heading " + level);
                style.setType(STStyleType.PARAGRAPH);
                styles.addStyle(new XWPFStyle(style, styles));
            }
            body.forEach(element -> element.accept(docx));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            docx.write(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The DOCX with its main part padded after the root element by {@code spaces} spaces (legal XML). Spaces deflate
     * about a thousand to one: a small file that would unpack to a huge one, a zip bomb.
     */
    static byte[] zipBomb(byte[] docx, long spaces) {
        return repack(docx, spaces, 0);
    }

    /** The DOCX with an extra part of pseudo-random letters, which deflates only about two to one. */
    static byte[] withFiller(byte[] docx, int fillerBytes) {
        return repack(docx, 0, fillerBytes);
    }

    private static byte[] repack(byte[] docx, long spaces, int fillerBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(docx));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
                if (entry.getName().equals("word/document.xml")) {
                    byte[] block = new byte[1 << 20];
                    Arrays.fill(block, (byte) ' ');
                    for (long left = spaces; left > 0; left -= block.length) {
                        out.write(block, 0, (int) Math.min(left, block.length));
                    }
                }
                out.closeEntry();
            }
            if (fillerBytes > 0) {
                out.putNextEntry(new ZipEntry("word/filler.txt"));
                Random random = new Random(7);
                byte[] filler = new byte[fillerBytes];
                for (int i = 0; i < filler.length; i++) {
                    filler[i] = (byte) ('a' + random.nextInt(16));
                }
                out.write(filler);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
