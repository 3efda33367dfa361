package ru.saigabot.bot.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnippetsTest {
    private static final char S = FoundPassage.MARK_START;
    private static final char E = FoundPassage.MARK_END;

    @Test
    void givesTheFoldedSnippetBackItsLettersAndKeepsTheMarks() {
        String original = "Перед тем.\n\nЁлки  ЗЕЛЁНЫЕ круглый год, GIMP тоже.";
        String folded = "елки  " + S + "зеленые" + E + " круглый год, " + S + "gimp" + E;
        assertThat(Snippets.restore(original, folded))
                .isEqualTo("Ёлки " + S + "ЗЕЛЁНЫЕ" + E + " круглый год, " + S + "GIMP" + E);
    }

    @Test
    void aSnippetNotFoundInTheTextIsShownAsItCame() {
        assertThat(Snippets.restore("другой текст", "совсем  " + S + "иное" + E)).isEqualTo("совсем " + S + "иное" + E);
    }
}
