package ru.saigabot.bot.documents.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SentencesTest {

    /** Sentences are separated by " / " in the expected column. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Первое. Второе! Третье? Четвёртое…                    | Первое. / Второе! / Третье? / Четвёртое…",
            "Как же так?! Вот так... Ладно.                       | Как же так?! / Вот так... / Ладно.",
            "Это значит, т. е. по сути, одно. Дальше.              | Это значит, т. е. по сути, одно. / Дальше.",
            "Это т.е. одно и то же. Да.                           | Это т.е. одно и то же. / Да.",
            "Пушкин А. С. родился в 1799 г. в Москве. Потом.      | Пушкин А. С. родился в 1799 г. в Москве. / Потом.",
            "А. С. Пушкин написал это. Верно.                     | А. С. Пушкин написал это. / Верно.",
            "Число 3.14 известно. Число 2,71 тоже.                | Число 3.14 известно. / Число 2,71 тоже.",
            "Он сказал: «Стоп.» Все замерли.                      | Он сказал: «Стоп.» / Все замерли.",
            "Подробнее см. Приложение 3. Спасибо.                 | Подробнее см. Приложение 3. / Спасибо.",
            "В г. Москве жарко. В 2024 году тоже.                 | В г. Москве жарко. / В 2024 году тоже.",
            "Цена 2,3 млн руб. Без НДС.                           | Цена 2,3 млн руб. Без НДС.",
            "Ушёл. — Куда? — спросила она.                        | Ушёл. / — Куда? / — спросила она.",
            "Итог: да. 5 человек против.                          | Итог: да. / 5 человек против.",
            "Mr. Smith came. He left.                             | Mr. Smith came. / He left.",
            "без точки в конце                                    | без точки в конце",
            "первое. второе с маленькой.                          | первое. второе с маленькой.",
    })
    void splits(String text, String expected) {
        List<String> sentences = Sentences.of(text, 0, text.length()).stream()
                .map(span -> text.substring(span[0], span[1])).toList();

        assertThat(sentences).containsExactly(expected.split(" / "));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Список:\\n1. Первое.\\n2. Второе.      | Список:\\n1. Первое. / 2. Второе.",
    })
    void listNumbersAtALineStartAreNotSentences(String escaped, String expected) {
        String text = escaped.replace("\\n", "\n");
        List<String> sentences = Sentences.of(text, 0, text.length()).stream()
                .map(span -> text.substring(span[0], span[1])).toList();

        assertThat(sentences).containsExactly(expected.replace("\\n", "\n").split(" / "));
    }
}
