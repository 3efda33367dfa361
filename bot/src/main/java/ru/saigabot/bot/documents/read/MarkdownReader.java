package ru.saigabot.bot.documents.read;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown file: decoded like a .txt, one part per {@code #}, {@code ##} or {@code ###} heading (as HTML's h1 to h3
 * are), deeper headings left in the text. Lines inside fenced code blocks are never headings (a shell comment is not).
 * Markdown's other syntax stays: the model reads it well, and stripping it would lose tables and lists. Setext
 * headings (a line underlined with === or ---) are left as text: rare in documents people send.
 */
final class MarkdownReader implements FormatReader {

    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final int DEEPEST_SECTION = 3;

    @Override
    public Extraction read(byte[] content, ReadLimits limits) throws DocumentRefused {
        String text = TextDecoding.decode(content);
        SectionedText sections = new SectionedText(new TextBudget(limits.maxChars()));
        String fence = null;
        StringBuilder lines = new StringBuilder();
        for (String line : text.split("\\r\\n|\\r|\\n", -1)) {
            Matcher fenceMark = FENCE.matcher(line);
            if (fenceMark.find()) {
                String mark = fenceMark.group(1);
                if (fence == null) {
                    fence = mark;
                } else if (mark.charAt(0) == fence.charAt(0) && mark.length() >= fence.length()) {
                    fence = null;
                }
            }
            Matcher heading = fence == null ? HEADING.matcher(line) : null;
            if (heading != null && heading.matches() && heading.group(1).length() <= DEEPEST_SECTION) {
                sections.paragraph(lines);
                lines.setLength(0);
                sections.heading(heading.group(2) == null ? "" : heading.group(2));
            } else {
                lines.append(line).append('\n');
            }
        }
        sections.paragraph(lines);
        return new Extraction(sections.parts(), 0);
    }
}
