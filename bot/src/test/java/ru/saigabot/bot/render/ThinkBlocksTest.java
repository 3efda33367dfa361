package ru.saigabot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.saigabot.bot.render.ThinkBlocks.Separated;

class ThinkBlocksTest {

    @ParameterizedTest(name = "{0} (partial={1})")
    @CsvSource(delimiter = '|', value = {
            // text | partial | thoughts | answer | still thinking
            "Просто ответ|false||Просто ответ|false",
            "<think>План.</think>\\n\\nОтвет.|false|План.|Ответ.|false",
            "  \\n<think>\\nПлан\\n</think>Ответ|false|План|Ответ|false",
            "<think>Думаю о|true|Думаю о||true",
            "<think>Думаю о</thi|true|Думаю о||true",
            "<think>Думаю о</thi|false|Думаю о</thi||true",
            "<thi|true|||false",
            "<thi|false||<thi|false",
            "Начало рассуждения\\n</think>\\n\\nОтвет|false|Начало рассуждения|Ответ|false",
            "</think>\\nОтвет|false||Ответ|false",
            "Тег </think> закрывает мысли|false||Тег </think> закрывает мысли|false",
            "Ответ про тег <think> в тексте|false||Ответ про тег <think> в тексте|false",
            "Ответ про <think>x</think> тег|false||Ответ про <think>x</think> тег|false",
            "<think></think>Ответ|false||Ответ|false",
            "<think>Всё думаю|false|Всё думаю||true",
    })
    void separates(String text, boolean partial, String thoughts, String answer, boolean thinking) {
        Separated separated = ThinkBlocks.separate(text.replace("\\n", "\n"), partial);
        assertThat(separated).isEqualTo(new Separated(thoughts == null ? "" : thoughts,
                answer == null ? "" : answer, thinking));
    }
}
