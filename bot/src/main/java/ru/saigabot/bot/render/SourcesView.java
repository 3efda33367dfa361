package ru.saigabot.bot.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import ru.saigabot.bot.documents.FoundPassage;
import ru.saigabot.bot.documents.GivenSources;
import ru.saigabot.inference.grounding.GivenPassage;

/**
 * The sources under an answer grounded in the chat's documents, as Telegram HTML: for each passage the answer cited
 * (or, when it cited none, each passage it was given), its number, file and page and a snippet with the words that
 * matched in bold; or a line saying the documents did not cover the question.
 */
public final class SourcesView {
    /** Snippets are cut to this many characters, so sources stay a footnote. */
    static final int SNIPPET_CHARS = 220;

    private SourcesView() {
    }

    /** Empty when the question was not searched (no documents): then nothing is said about sources. */
    public static String html(GivenSources sources, Set<Integer> cited, String language) {
        if (!sources.searched()) {
            return "";
        }
        if (sources.passages().isEmpty()) {
            return "<i>" + TelegramHtml.escape(Phrase.SOURCES_NONE.in(language)) + "</i>";
        }
        List<String> lines = new ArrayList<>();
        lines.add("<b>" + TelegramHtml.escape(Phrase.SOURCES_TITLE.in(language)) + "</b>");
        for (int i = 0; i < sources.passages().size(); i++) {
            GivenPassage passage = sources.passages().get(i);
            if (!cited.isEmpty() && !cited.contains(passage.number())) {
                continue;
            }
            lines.add("[" + passage.number() + "] " + TelegramHtml.escape(passage.origin()) + " — «"
                    + snippet(sources.snippets().get(i)) + "»");
        }
        return String.join("\n", lines);
    }

    /** The snippet escaped, its marked words in bold, cut at a word near {@link #SNIPPET_CHARS}. */
    static String snippet(String marked) {
        String text = marked.length() <= SNIPPET_CHARS ? marked : cut(marked);
        StringBuilder html = new StringBuilder();
        boolean bold = false;
        int plainStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : 0;
            if (i == text.length() || c == FoundPassage.MARK_START || c == FoundPassage.MARK_END) {
                html.append(TelegramHtml.escape(text.substring(plainStart, i)));
                plainStart = i + 1;
                if (c == FoundPassage.MARK_START && !bold) {
                    html.append("<b>");
                    bold = true;
                } else if (c == FoundPassage.MARK_END && bold) {
                    html.append("</b>");
                    bold = false;
                }
            }
        }
        if (bold) {
            html.append("</b>");
        }
        return html.toString();
    }

    private static String cut(String marked) {
        int space = marked.lastIndexOf(' ', SNIPPET_CHARS);
        return marked.substring(0, space > SNIPPET_CHARS / 2 ? space : SNIPPET_CHARS) + " …";
    }
}
