package ru.saigabot.bot.documents.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.documents.read.DocumentFormat;
import ru.saigabot.bot.documents.read.DocumentPart;
import ru.saigabot.bot.documents.read.ReadDocument;
import ru.saigabot.bot.testing.documents.RussianProse;

class PassageSplitterTest {

    /** One token a word: sizes in these tests can be counted by eye. */
    private static final ToIntFunction<String> WORDS = text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

    private static final List<DocumentPart> BOOK = pages(new RussianProse(7).pages(12, 450));

    @Test
    void aShortDocumentIsOnePassage() {
        ReadDocument document = document(new DocumentPart(null, "Введение", "Коротко. Совсем коротко."));

        assertThat(new PassageSplitter().split(document)).containsExactly(
                new PassageDraft(0, 0, null, "Введение", 0, 24, "Коротко. Совсем коротко.", 9));
    }

    @Test
    void passagesStayWithinTheCapAndNearTheTarget() {
        EstimatedTokens tokens = new EstimatedTokens();
        List<PassageDraft> passages = new PassageSplitter(tokens).split(document(BOOK));

        assertThat(passages).allSatisfy(passage -> {
            assertThat(passage.tokens()).isEqualTo(tokens.applyAsInt(passage.text())).isLessThanOrEqualTo(400);
            String partText = BOOK.get(passage.part()).text();
            assertThat(passage.text()).isEqualTo(partText.substring(passage.start(), passage.end()));
        });
        List<PassageDraft> notLastOfTheirPage = new ArrayList<>();
        for (int i = 0; i + 1 < passages.size(); i++) {
            if (passages.get(i + 1).part() == passages.get(i).part()) {
                notLastOfTheirPage.add(passages.get(i));
            }
        }
        assertThat(notLastOfTheirPage).isNotEmpty()
                .allSatisfy(passage -> assertThat(passage.tokens()).isGreaterThanOrEqualTo(150));
        assertThat(passages).extracting(PassageDraft::ordinal)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, passages.size()).boxed().toList());
    }

    @Test
    void aPassageNeverSpansTwoPagesAndEveryPageIsCoveredFromStartToEnd() {
        List<PassageDraft> passages = new PassageSplitter().split(document(BOOK));

        for (int part = 0; part < BOOK.size(); part++) {
            int index = part;
            List<PassageDraft> ofPage = passages.stream().filter(p -> p.part() == index).toList();
            assertThat(ofPage).isNotEmpty().allSatisfy(p -> assertThat(p.page()).isEqualTo(index + 1));
            assertThat(ofPage.get(0).start()).isZero();
            assertThat(ofPage.get(ofPage.size() - 1).end()).isEqualTo(BOOK.get(part).text().length());
            for (int i = 1; i < ofPage.size(); i++) {
                assertThat(ofPage.get(i).start()).as("no gap").isLessThanOrEqualTo(ofPage.get(i - 1).end());
            }
        }
    }

    @Test
    void passagesEndAtSentenceEndsAndRepeatThePreviousLastSentence() {
        List<PassageDraft> passages = new PassageSplitter().split(document(BOOK));

        int overlaps = 0;
        for (int i = 0; i < passages.size(); i++) {
            PassageDraft passage = passages.get(i);
            assertThat(passage.text()).matches("(?s)[А-ЯЁ«—].*[.!?…»]");
            if (i > 0 && passages.get(i - 1).part() == passage.part() && passage.start() < passages.get(i - 1).end()) {
                String repeated = BOOK.get(passage.part()).text().substring(passage.start(), passages.get(i - 1).end());
                assertThat(passages.get(i - 1).text()).endsWith(repeated);
                assertThat(Sentences.of(repeated, 0, repeated.length())).hasSize(1);
                assertThat(new EstimatedTokens().applyAsInt(repeated)).isLessThanOrEqualTo(60);
                overlaps++;
            }
        }
        assertThat(overlaps).isGreaterThan(passages.size() / 2);
    }

    @Test
    void shortParagraphsShareAPassageAndAParagraphEndIsPreferredToASentenceEnd() {
        String text = "Раз два. Три.\n\nЧетыре пять.\n\nШесть семь восемь. Девять десять одиннадцать.";
        PassageSplitter splitter = new PassageSplitter(WORDS, 8, 10, 0);

        assertThat(texts(splitter.split(document(new DocumentPart(1, null, text)))))
                .containsExactly("Раз два. Три.\n\nЧетыре пять.", "Шесть семь восемь. Девять десять одиннадцать.");
    }

    @Test
    void abbreviationsAndInitialsDoNotEndPassages() {
        String text = "Проф. А. И. Смирнов, т. е. автор, жил в г. Казани. Второе предложение тут.";
        PassageSplitter splitter = new PassageSplitter(WORDS, 11, 12, 0);

        assertThat(texts(splitter.split(document(new DocumentPart(null, null, text)))))
                .containsExactly("Проф. А. И. Смирнов, т. е. автор, жил в г. Казани.", "Второе предложение тут.");
    }

    @Test
    void aSentenceLongerThanTheCapIsCutBetweenWords() {
        String sentence = String.join(" ", new RussianProse(3).paragraphs(1_000)).replaceAll("[.!?…]", ",") + ".";
        List<PassageDraft> passages = new PassageSplitter(WORDS, 300, 400, 60)
                .split(document(new DocumentPart(null, null, sentence)));

        assertThat(passages).hasSizeGreaterThan(2).allSatisfy(passage -> {
            assertThat(passage.tokens()).isLessThanOrEqualTo(400);
            assertThat(passage.start() == 0 || sentence.charAt(passage.start() - 1) == ' ').isTrue();
            assertThat(passage.end() == sentence.length() || sentence.charAt(passage.end()) == ' ').isTrue();
        });
        assertThat(String.join(" ", texts(passages)).split(" ")).hasSameSizeAs(sentence.split(" "));
    }

    @Test
    void aWordLongerThanTheCapIsCutBetweenCharacters() {
        String link = "https://example.org/" + "a1b2c3".repeat(800);
        List<PassageDraft> passages = new PassageSplitter().split(document(new DocumentPart(null, null, link)));

        assertThat(passages).hasSizeGreaterThan(1)
                .allSatisfy(passage -> assertThat(passage.tokens()).isLessThanOrEqualTo(400));
        assertThat(String.join("", texts(passages))).isEqualTo(link);
    }

    @Test
    void theCapHoldsEvenWhenTheCounterIsNotAdditive() {
        ToIntFunction<String> paragraphBreaksCost =
                text -> WORDS.applyAsInt(text) + 3 * (text.split("\n\n", -1).length - 1);
        String text = "Один два три четыре пять.\n\nШесть семь восемь девять десять.";
        PassageSplitter splitter = new PassageSplitter(paragraphBreaksCost, 10, 10, 0);

        assertThat(splitter.split(document(new DocumentPart(null, null, text))))
                .allSatisfy(passage -> assertThat(passage.tokens()).isLessThanOrEqualTo(10))
                .extracting(PassageDraft::text)
                .containsExactly("Один два три четыре пять.", "Шесть семь восемь девять десять.");
    }

    private static List<String> texts(List<PassageDraft> passages) {
        return passages.stream().map(PassageDraft::text).toList();
    }

    private static ReadDocument document(DocumentPart... parts) {
        return document(Arrays.asList(parts));
    }

    private static ReadDocument document(List<DocumentPart> parts) {
        return new ReadDocument("test", DocumentFormat.PDF, parts, 0, 0);
    }

    private static List<DocumentPart> pages(List<String> texts) {
        List<DocumentPart> parts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            parts.add(new DocumentPart(i + 1, null, texts.get(i)));
        }
        return parts;
    }
}
