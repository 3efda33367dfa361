package ru.saigabot.bot.documents.split;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.saigabot.bot.testing.documents.RussianProse;

class EstimatedTokensTest {

    private final EstimatedTokens tokens = new EstimatedTokens();

    @Test
    void nothingIsNoTokens() {
        assertThat(tokens.applyAsInt("")).isZero();
        assertThat(tokens.applyAsInt("а")).isEqualTo(1);
    }

    @Test
    void russianProseComesToAboutThreeCharactersAToken() {
        String prose = String.join("\n\n", new RussianProse(1).paragraphs(2_000));

        double charsPerToken = (double) prose.length() / tokens.applyAsInt(prose);

        assertThat(charsPerToken).isBetween(2.7, 3.3);
    }

    /** The real counts were taken from Llama 3's tokenizer (llama3-tokenizer-js 1.2.0), without BOS. */
    @ParameterizedTest(name = "[{index}] {1} tokens: {0}")
    @CsvSource(delimiter = '|', value = {
            "Библиотека открывается в девять часов, но читатели собираются у дверей гораздо раньше.   | 25",
            "Согласно договору, арендатор оплачивает коммунальные услуги, налоги и т. п. самостоятельно. | 28",
            "The committee reviewed the quarterly report and noted that logistics costs had fallen by almost half, "
                    + "while revenue grew steadily. | 22",
    })
    void comesWithinAFifthOfTheRealCountForASentence(String sentence, int real) {
        assertThat(tokens.applyAsInt(sentence)).isBetween((int) (real * 0.8), (int) Math.ceil(real * 1.2));
    }

    @Test
    void comesWithinAFifthOfTheRealCountForEnglishProse() {
        String prose = "The quick brown fox jumps over the lazy dog, and then it runs into the forest to hide. "
                .repeat(50);

        assertThat(tokens.applyAsInt(prose)).isBetween(800, 1200); // Llama 3: 1001
    }

    @Test
    void countsAreRoughlyAdditiveOverWords() {
        String sentence = "Библиотека открывается в девять часов, но читатели собираются у дверей гораздо раньше.";
        int whole = tokens.applyAsInt(sentence);
        String[] words = sentence.split(" ");
        int byWords = 0;
        for (String word : words) {
            byWords += tokens.applyAsInt(word);
        }

        assertThat(byWords).isBetween(whole - words.length, whole + words.length);
    }
}
