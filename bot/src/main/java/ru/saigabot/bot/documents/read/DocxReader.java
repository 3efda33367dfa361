package ru.saigabot.bot.documents.read;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFSDT;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;

/**
 * A DOCX's body text with POI's XWPF: paragraphs, tables (a row a line, cells tab-separated) and content controls, in
 * order; headers, footers, footnotes and comments are left out. Headings of levels 1 to 3 (and the Title style) start
 * sections, as h1 to h3 do in HTML. A DOCX has no pages: Word lays them out only when it displays the document.
 */
final class DocxReader implements FormatReader {

    /**
     * Word writes the built-in style names in English ("heading 1") whatever its language, but the style ids are
     * localised ("1" in a Russian Word, "Heading1" in an English one or LibreOffice); a style without a definition
     * is known by its id alone. Russian names are matched too, for documents whose styles were renamed.
     */
    private static final Pattern HEADING = Pattern.compile("(heading|заголовок) ?[1-3]|title|название");

    @Override
    public Extraction read(byte[] content, ReadLimits limits) throws DocumentRefused {
        ZipGuard.check(content, limits);
        SectionedText sections = new SectionedText(new TextBudget(limits.maxChars()));
        try (XWPFDocument docx = new XWPFDocument(new ByteArrayInputStream(content))) {
            XWPFStyles styles = docx.getStyles();
            for (IBodyElement element : docx.getBodyElements()) {
                TextBudget.checkTime();
                if (element instanceof XWPFParagraph paragraph) {
                    if (isHeading(paragraph, styles)) {
                        sections.heading(paragraph.getText());
                    } else {
                        sections.paragraph(paragraph.getText());
                    }
                } else if (element instanceof XWPFTable table) {
                    sections.paragraph(tableText(table));
                } else if (element instanceof XWPFSDT control) {
                    sections.paragraph(control.getContent().getText());
                }
            }
        } catch (IOException e) {
            throw new DocumentRefused(Reason.DAMAGED, "the DOCX could not be read: " + e.getMessage(), e);
        }
        return new Extraction(sections.parts(), 0);
    }

    private static boolean isHeading(XWPFParagraph paragraph, XWPFStyles styles) {
        String id = paragraph.getStyleID();
        if (id == null) {
            return false;
        }
        XWPFStyle style = styles == null ? null : styles.getStyle(id);
        String name = style == null || style.getName() == null ? id : style.getName();
        return HEADING.matcher(name.toLowerCase(Locale.ROOT)).matches()
                || HEADING.matcher(id.toLowerCase(Locale.ROOT)).matches();
    }

    private static String tableText(XWPFTable table) throws DocumentRefused {
        StringBuilder text = new StringBuilder();
        for (XWPFTableRow row : table.getRows()) {
            TextBudget.checkTime();
            StringJoiner cells = new StringJoiner("\t");
            for (XWPFTableCell cell : row.getTableCells()) {
                // A cell's own paragraphs are lines; inside a table row they run on, separated by spaces.
                cells.add(cell.getTextRecursively().replace('\n', ' ').replace('\t', ' '));
            }
            text.append(cells).append('\n');
        }
        return text.toString();
    }
}
