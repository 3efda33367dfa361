package ru.saigabot.bot.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupTriggerTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" reply={1} name={2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "@SaigaTestBot, как дела?            | false | NULL  | как дела?",
            "@saigatestbot как дела?             | false | NULL  | как дела?",
            "Что думаешь, @SaigaTestBot?         | false | NULL  | Что думаешь, @SaigaTestBot?",
            "@SaigaTestBot                       | false | NULL  | @SaigaTestBot",
            "@SaigaTestBotX привет               | false | NULL  | NULL",
            "привет всем                         | false | NULL  | NULL",
            "привет всем                         | true  | NULL  | привет всем",
            "Сайга, перескажи обсуждение         | false | Сайга | перескажи обсуждение",
            "сайга: перескажи                    | false | Сайга | перескажи",
            "Сайгак пасётся в степи              | false | Сайга | NULL",
            "Я думаю, Сайга права                | false | Сайга | NULL",
            "Сайга                               | false | Сайга | NULL",
            "Сайга                               | true  | Сайга | Сайга",
    })
    void findsTheQuestionAddressedToTheBot(String text, boolean repliedToBot, String shortName, String expected) {
        assertThat(GroupTrigger.question(text, "SaigaTestBot", repliedToBot, shortName))
                .isEqualTo(Optional.ofNullable(expected));
    }
}
