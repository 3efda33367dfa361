package ru.saigabot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.documents.FoundPassage;
import ru.saigabot.bot.documents.GivenSources;
import ru.saigabot.inference.grounding.GivenPassage;

class SourcesViewTest {
    private static final char S = FoundPassage.MARK_START;
    private static final char E = FoundPassage.MARK_END;

    private static final GivenSources TWO = new GivenSources(true, List.of(
            new GivenPassage(1, "guide.pdf", 12, null, "…"),
            new GivenPassage(2, "a<b>.md", null, "Установка", "…")),
            List.of("откройте " + S + "меню" + E + " «Файл» & <нажмите>", "через " + S + "apt" + E));

    @Test
    void listsTheCitedPassagesWithTheirPlaceAndBoldMatches() {
        String html = SourcesView.html(TWO, Set.of(2), "ru");
        assertThat(html).isEqualTo("<b>📎 Источники:</b>\n[2] a&lt;b&gt;.md, «Установка» — «через <b>apt</b>»");
    }

    @Test
    void listsEveryPassageGivenWhenTheAnswerCitedNone() {
        String html = SourcesView.html(TWO, Set.of(), "en");
        assertThat(html).startsWith("<b>📎 Sources:</b>\n[1] guide.pdf, с. 12 — «откройте <b>меню</b> «Файл» &amp; "
                + "&lt;нажмите&gt;»\n[2] ");
    }

    @Test
    void saysWhenTheDocumentsDidNotCoverTheQuestionAndNothingWhenNotSearched() {
        assertThat(SourcesView.html(new GivenSources(true, List.of(), List.of()), Set.of(), "ru"))
                .isEqualTo("<i>📎 В документах чата об этом ничего не нашлось.</i>");
        assertThat(SourcesView.html(GivenSources.NOT_SEARCHED, Set.of(), "ru")).isEmpty();
    }

    @Test
    void cutsALongSnippetAtAWordAndClosesTheBold() {
        String snippet = S + "начало" + E + " " + "слово ".repeat(60) + S + "конец" + E;
        String html = SourcesView.snippet(snippet);
        assertThat(html).startsWith("<b>начало</b> слово").endsWith(" …").doesNotContain("конец");
        assertThat(html.length()).isLessThan(SourcesView.SNIPPET_CHARS + 20);
    }
}
