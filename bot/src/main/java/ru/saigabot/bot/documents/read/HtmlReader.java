package ru.saigabot.bot.documents.read;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;
import ru.saigabot.bot.documents.read.TextBudget.ReadStopped;

/**
 * An HTML page's visible text, parsed by jsoup (which follows the page's byte order mark or meta charset, else
 * UTF-8). Scripts, styles, navigation and other invisible or non-content elements are dropped; h1 to h3 start
 * sections; block elements become paragraphs, list items and table rows lines, table cells tab-separated columns.
 */
final class HtmlReader implements FormatReader {

    private static final String DROPPED = "script, style, nav, noscript, template, svg, math, iframe, object, "
            + "embed, canvas, select, button, [hidden], [aria-hidden=true]";
    private static final Set<String> SECTION_HEADINGS = Set.of("h1", "h2", "h3");
    private static final Set<String> LINES = Set.of("li", "tr", "dt", "dd", "option");
    private static final Set<String> CELLS = Set.of("td", "th");

    @Override
    public Extraction read(byte[] content, ReadLimits limits) throws DocumentRefused {
        Document page;
        try {
            page = Jsoup.parse(new ByteArrayInputStream(content), null, "");
        } catch (IOException e) {
            throw new DocumentRefused(Reason.DAMAGED, "the HTML could not be parsed: " + e.getMessage(), e);
        }
        TextBudget.checkTime();
        page.select(DROPPED).remove();
        SectionedText sections = new SectionedText(new TextBudget(limits.maxChars()));
        try {
            NodeTraversor.filter(new Visible(sections), page.body());
        } catch (ReadStopped stopped) {
            throw stopped.refusal();
        }
        return new Extraction(sections.parts(), 0);
    }

    /** Walks the body, feeding text and structure into the sections; refusals leave as {@link ReadStopped}. */
    private record Visible(SectionedText sections) implements NodeFilter {

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode text) {
                add(inPre(text) ? text.getWholeText() : text.text());
            } else if (node instanceof Element element) {
                String name = element.normalName();
                if (SECTION_HEADINGS.contains(name)) {
                    try {
                        sections.heading(element.text());
                    } catch (DocumentRefused refused) {
                        throw new ReadStopped(refused);
                    }
                    return FilterResult.SKIP_ENTIRELY;
                }
                if (name.equals("br")) {
                    add("\n");
                } else if (element.isBlock() && !CELLS.contains(name) && !LINES.contains(name)) {
                    add("\n\n");
                }
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element element) {
                String name = element.normalName();
                if (CELLS.contains(name)) {
                    add("\t");
                } else if (LINES.contains(name)) {
                    add("\n");
                } else if (element.isBlock()) {
                    add("\n\n");
                }
            }
            return FilterResult.CONTINUE;
        }

        private void add(String text) {
            try {
                sections.text(text);
            } catch (DocumentRefused refused) {
                throw new ReadStopped(refused);
            }
        }

        private static boolean inPre(TextNode text) {
            for (Node parent = text.parentNode(); parent != null; parent = parent.parentNode()) {
                if (parent instanceof Element element && element.normalName().equals("pre")) {
                    return true;
                }
            }
            return false;
        }
    }
}
