package ru.saigabot.bot.render;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Document;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;

/**
 * Walks a CommonMark tree and writes Telegram HTML. Telegram's own nesting rules shape it: a tag is never
 * opened inside the same tag, quotes are never nested, and nothing is formatted inside a link's code or a
 * code block (Telegram would drop such entities). A tag that would wrap nothing is left out.
 */
final class HtmlWriter extends AbstractVisitor {
    /** Schemes Telegram opens; a relative link or a script has nowhere to go, so only its text is shown. */
    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "tg", "mailto", "ftp");
    private static final Pattern LINE_BREAK_TAG = Pattern.compile("(?i)<br\\s*/?>");
    private static final String INDENT = "   ";

    private final StringBuilder out = new StringBuilder();
    private final Map<String, Integer> open = new HashMap<>();
    private int listDepth;

    HtmlWriter(boolean insideQuote) {
        if (insideQuote) {
            open.put("blockquote", 1);
        }
    }

    String html() {
        return out.toString();
    }

    @Override
    public void visit(Document document) {
        blocks(document, "\n\n");
    }

    @Override
    public void visit(Paragraph paragraph) {
        visitChildren(paragraph);
    }

    @Override
    public void visit(Heading heading) {
        wrap("b", "<b>", () -> visitChildren(heading));
    }

    @Override
    public void visit(BlockQuote quote) {
        wrap("blockquote", "<blockquote>", () -> blocks(quote, "\n\n"));
    }

    @Override
    public void visit(BulletList list) {
        items(list, n -> "•");
    }

    @Override
    public void visit(OrderedList list) {
        int start = list.getMarkerStartNumber() == null ? 1 : list.getMarkerStartNumber();
        String delimiter = list.getMarkerDelimiter() == null ? "." : list.getMarkerDelimiter();
        items(list, n -> (start + n) + delimiter);
    }

    @Override
    public void visit(FencedCodeBlock block) {
        codeBlock(block.getLiteral(), language(block.getInfo()));
    }

    @Override
    public void visit(IndentedCodeBlock block) {
        codeBlock(block.getLiteral(), null);
    }

    /** The model's raw HTML is shown as written, never interpreted. */
    @Override
    public void visit(HtmlBlock block) {
        TelegramHtml.appendEscaped(out, block.getLiteral().stripTrailing(), false);
    }

    @Override
    public void visit(ThematicBreak rule) {
        out.append("———");
    }

    @Override
    public void visit(Text text) {
        TelegramHtml.appendEscaped(out, text.getLiteral(), false);
    }

    @Override
    public void visit(Code code) {
        if (isOpen("a")) {
            TelegramHtml.appendEscaped(out, code.getLiteral(), false); // Telegram drops code inside a link
        } else {
            wrap("code", "<code>", () -> TelegramHtml.appendEscaped(out, code.getLiteral(), false));
        }
    }

    @Override
    public void visit(Emphasis emphasis) {
        wrap("i", "<i>", () -> visitChildren(emphasis));
    }

    @Override
    public void visit(StrongEmphasis strong) {
        wrap("b", "<b>", () -> visitChildren(strong));
    }

    /** A table cannot be shown as one: each row becomes a line of its cells, the header row bold. */
    @Override
    public void visit(CustomBlock block) {
        if (!(block instanceof TableBlock)) {
            visitChildren(block);
            return;
        }
        boolean first = true;
        for (Node section = block.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                out.append(first ? "" : "\n");
                first = false;
                Node cells = row;
                if (section instanceof TableHead) {
                    wrap("b", "<b>", () -> cells(cells));
                } else {
                    cells(cells);
                }
            }
        }
    }

    private void cells(Node row) {
        for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
            if (cell != row.getFirstChild()) {
                out.append(" | ");
            }
            visitChildren(cell);
        }
    }

    @Override
    public void visit(CustomNode node) {
        if (node instanceof Strikethrough) {
            wrap("s", "<s>", () -> visitChildren(node));
        } else {
            visitChildren(node);
        }
    }

    @Override
    public void visit(Link link) {
        hyperlink(link, link.getDestination());
    }

    /** Telegram cannot show an image inside text: its description becomes a link to it. */
    @Override
    public void visit(Image image) {
        hyperlink(image, image.getDestination());
    }

    @Override
    public void visit(HtmlInline html) {
        if (LINE_BREAK_TAG.matcher(html.getLiteral()).matches()) {
            out.append('\n');
        } else {
            TelegramHtml.appendEscaped(out, html.getLiteral(), false);
        }
    }

    @Override
    public void visit(SoftLineBreak lineBreak) {
        out.append('\n'); // a model's line breaks are meant: lists and poems written without Markdown
    }

    @Override
    public void visit(HardLineBreak lineBreak) {
        out.append('\n');
    }

    @Override
    public void visit(LinkReferenceDefinition definition) {
        // Invisible: its links already carry its destination.
    }

    /** Children one after another with {@code separator} between the ones that wrote something. */
    private void blocks(Node parent, String separator) {
        boolean first = true;
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            int before = out.length();
            if (!first) {
                out.append(separator);
            }
            int start = out.length();
            child.accept(this);
            if (out.length() == start) {
                out.setLength(before);
            } else {
                first = false;
            }
        }
    }

    private void items(ListBlock list, IntFunction<String> marker) {
        String separator = list.isTight() ? "\n" : "\n\n";
        int n = 0;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            if (n > 0) {
                out.append(separator);
            }
            out.append(INDENT.repeat(listDepth)).append(marker.apply(n)).append(' ');
            listDepth++;
            if (item instanceof ListItem) {
                blocks(item, "\n");
            }
            listDepth--;
            n++;
        }
    }

    private void codeBlock(String literal, String language) {
        String code = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
        if (code.isBlank()) {
            return;
        }
        out.append("<pre>");
        if (language != null) {
            out.append("<code class=\"language-");
            TelegramHtml.appendEscaped(out, language, true);
            out.append("\">");
        }
        TelegramHtml.appendEscaped(out, code, false);
        out.append(language != null ? "</code></pre>" : "</pre>");
    }

    private void hyperlink(Node node, String destination) {
        String url = linkTarget(destination);
        if (url == null || isOpen("a")) {
            visitChildren(node);
            return;
        }
        out.append("<a href=\"");
        TelegramHtml.appendEscaped(out, url, true);
        out.append("\">");
        int content = out.length();
        open.merge("a", 1, Integer::sum);
        visitChildren(node);
        open.merge("a", -1, Integer::sum);
        if (out.length() == content) {
            TelegramHtml.appendEscaped(out, url, false); // [](url): the address is the only text there is
        }
        out.append("</a>");
    }

    /** Writes {@code tag} around what {@code body} writes, unless it is already open or the body is empty. */
    private void wrap(String name, String tag, Runnable body) {
        if (isOpen(name)) {
            body.run();
            return;
        }
        int start = out.length();
        out.append(tag);
        int content = out.length();
        open.merge(name, 1, Integer::sum);
        body.run();
        open.merge(name, -1, Integer::sum);
        if (out.length() == content) {
            out.setLength(start);
        } else {
            out.append("</").append(name).append('>');
        }
    }

    private boolean isOpen(String name) {
        return open.getOrDefault(name, 0) > 0;
    }

    private static String linkTarget(String destination) {
        String url = destination == null ? "" : destination.strip();
        int colon = url.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return LINK_SCHEMES.contains(url.substring(0, colon).toLowerCase(Locale.ROOT)) ? url : null;
    }

    /** The first word of a fence's info string, if it looks like a language name ("python", "c++", "f#"). */
    private static String language(String info) {
        if (info == null || info.isBlank()) {
            return null;
        }
        String word = info.strip().split("\\s+", 2)[0];
        return word.length() <= 32 && word.matches("[\\p{L}\\p{N}_+#.\\-]+") ? word : null;
    }
}
