package ru.saigabot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PhraseTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("%[sd]");

    @Test
    void bothLanguagesHaveEveryPhraseWithTheSamePlaceholders() {
        Map<Phrase, String> russian = Phrase.load("ru");
        Map<Phrase, String> english = Phrase.load("en");
        for (Phrase phrase : Phrase.values()) {
            assertThat(placeholders(russian.get(phrase))).as(phrase.name())
                    .isEqualTo(placeholders(english.get(phrase)));
        }
    }

    @Test
    void picksTheLanguageAndFormats() {
        assertThat(Phrase.LIMIT_HOURLY.in("en-GB", 5, 12)).contains("at most 5 per hour").contains("12 min");
        assertThat(Phrase.LIMIT_HOURLY.in("ru", 5, 12)).contains("не больше 5 в час");
        assertThat(Phrase.LIMIT_HOURLY.in(null, 5, 12)).as("Russian first").contains("в час");
        assertThat(Phrase.HELP.in("ru")).contains("\n/new").doesNotContain("\\n");
    }

    private static String placeholders(String text) {
        StringBuilder found = new StringBuilder();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.append(matcher.group());
        }
        return found.toString();
    }
}
