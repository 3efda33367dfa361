package ru.saigabot.bot.documents.read;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;
import ru.saigabot.bot.documents.read.TextBudget.ReadStopped;

/**
 * PDFBox's text stripper, run once over the document, handing back each page's text separately (one pass rather than
 * a pass per page, which would walk the page tree once for every page). It spends the text budget as text is written
 * and looks for the reading thread's interruption at every glyph, so a huge or endless page stops early: the
 * refusal leaves through PDFBox as a {@link ReadStopped}, which PDFBox does not catch (it handles only
 * {@link IOException}s from content stream operators).
 *
 * <p>Paragraphs are separated by a blank line: PDFBox's paragraph end is set to a line separator, so that the
 * paragraph breaks it infers from line spacing and indentation reach the splitter.
 */
final class PageTextStripper extends PDFTextStripper {

    private final TextBudget budget;
    private final int maxPages;
    private final StringWriter page = new StringWriter();
    private final List<String> pages = new ArrayList<>();

    PageTextStripper(TextBudget budget, int maxPages) {
        this.budget = budget;
        this.maxPages = maxPages;
        setLineSeparator("\n");
        setParagraphEnd("\n");
        setSortByPosition(false);
    }

    /** The text of every page, in order, blank pages included as empty strings. */
    List<String> pages(PDDocument pdf) throws IOException {
        writeText(pdf, page);
        return List.copyOf(pages);
    }

    @Override
    protected void startPage(PDPage pdPage) throws IOException {
        if (pages.size() >= maxPages) {
            // The page tree's count can lie: the pages actually walked are counted too.
            throw new ReadStopped(new DocumentRefused(Reason.TOO_MANY_PAGES, "more than " + maxPages + " pages"));
        }
        page.getBuffer().setLength(0);
        super.startPage(pdPage);
    }

    @Override
    protected void endPage(PDPage pdPage) throws IOException {
        super.endPage(pdPage);
        // Indexed by PDFBox's own page number, so a page it skips cannot shift the pages after it.
        while (pages.size() < getCurrentPageNo() - 1) {
            pages.add("");
        }
        pages.add(page.toString());
        page.getBuffer().setLength(0);
    }

    @Override
    protected void writeString(String text, List<TextPosition> textPositions) throws IOException {
        budget.spendUnchecked(text.length());
        super.writeString(text, textPositions);
    }

    @Override
    protected void processTextPosition(TextPosition text) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ReadStopped(new DocumentRefused(Reason.TIMED_OUT, "reading was interrupted: its time was up"));
        }
        super.processTextPosition(text);
    }
}
