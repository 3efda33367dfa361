package ru.saigabot.bot.documents.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextNormalizerTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "много    пробелов   тут            | много пробелов тут",
            "\\u0020\\u0020отступ и хвост\\u0020\\n\\u0020вторая | отступ и хвост\\nвторая",
            "абзац\\n\\n\\n\\nещё абзац           | абзац\\n\\nещё абзац",
            "абзац\\n   \\n\\t\\nещё               | абзац\\n\\nещё",
            "строка\\r\\nвторая\\rтретья         | строка\\nвторая\\nтретья",
            "колонка\\t \\tвторая               | колонка\\tвторая",
            "без\\u00A0разрыва\\u2009тонко      | без разрыва тонко",
            "упр\\u0007ав\\u0000ляющие          | управляющие",
            "не\\u200Bви\\u00ADди\\uFEFFмые      | невидимые",
            "страница\\fдругая                   | страница\\nдругая",
            "\\n\\n  \\n                          | ''",
    })
    void normalizes(String raw, String expected) {
        assertThat(TextNormalizer.normalize(unescape(raw))).isEqualTo(unescape(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "доку-\\nмент                        | документ",
            "доку- \\n  мент                     | документ",
            "доку\\u00AD\\nмент                   | документ",
            "Санкт-\\nПетербург                  | Санкт-\\nПетербург",
            "1990-\\n2000                        | 1990-\\n2000",
            "конец -\\nначало                    | конец -\\nначало",
    })
    void joinsHyphenatedLineBreaksInLaidOutText(String raw, String expected) {
        assertThat(TextNormalizer.normalizeLaidOut(unescape(raw))).isEqualTo(unescape(expected));
    }

    private static String unescape(String text) {
        if (text.equals("''")) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
