package ru.saigabot.training.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The scrubbing corpus: personal data that must go, and look-alikes that must stay. */
class PiiScrubberTest {
    private final PiiScrubber scrubber = PiiScrubber.standard();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // e-mail
            "пиши на ivan.petrov@example.com|пиши на [EMAIL]",
            "Почта: Ivan_Petrov+bot@mail.example.ru.|Почта: [EMAIL].",
            "адрес иван@почта.испытание работает|адрес [EMAIL] работает",
            "(a.b-c@sub.domain.example)|([EMAIL])",
            // Russian phone numbers in the ways people write them
            "+7 (912) 345-67-89|[PHONE]",
            "звони 8 912 345 67 89 вечером|звони [PHONE] вечером",
            "89123456789|[PHONE]",
            "+79123456789|[PHONE]",
            "8-912-345-67-89|[PHONE]",
            "+7 912 345-67-89, спроси Олега|[PHONE], спроси Олега",
            "тел.: 8(912)3456789|тел.: [PHONE]",
            "7 912 345 67 89|[PHONE]",
            "8 800 555 35 35|[PHONE]",
            "(495) 123-45-67|[PHONE]",
            "городской 123-45-67|городской [PHONE]",
            "мобильный 912 345-67-89|мобильный [PHONE]",
            // international
            "+44 20 7946 0958|[PHONE]",
            "+1 (555) 010-0199|[PHONE]",
            "+380 44 123 4567|[PHONE]",
            // cards: Luhn-valid numbers go, in any grouping
            "карта 4111 1111 1111 1111|карта [CARD]",
            "4111111111111111|[CARD]",
            "5555-5555-5555-4444|[CARD]",
            "Мир: 2200 0000 0000 0004|Мир: [CARD]",
            "Amex 3782 822463 10005|Amex [CARD]",
            "4111 1111 1111 1111 12/25|[CARD] 12/25",
            // usernames
            "спроси у @ivan_petrov|спроси у [USERNAME]",
            "@SaigaTestBot, привет|[USERNAME], привет",
            // links that name people or carry secrets
            "https://bots.example/bot123456789:AAHfakeFAKEfake0123456789abcdefghij/getMe|[LINK]",
            "вход: https://app.example.com/login?token=abc123&x=1.|вход: [LINK].",
            "https://files.example.com/doc.pdf?X-Amz-Signature=deadbeef|[LINK]",
            "https://user:secret@db.example.com/x|[LINK]",
            "https://example.com/reset#access_token=xyz|[LINK]",
            "(см. https://example.com/cb?code=42)|(см. [LINK])",
            "tg://resolve?domain=ivan_petrov|[LINK]",
            // tokens without a link
            "токен 123456789:AAHfakeFAKEfake0123456789abcdefghij|токен [TOKEN]",
            "ключ sk-abcdefghijklmnopqrstuvwxyz123456|ключ [TOKEN]"})
    void replacesPersonalData(String text, String expected) {
        assertThat(scrubber.scrub(text, new PiiTally())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Встреча 2024-01-15 в 15:30",
            "Цена 12 500 ₽, скидка 10%",
            "население 1 000 000 человек",
            "версия 3.10.4, сборка 20240115",
            "IP 192.168.1.1, порт 8080",
            "ISBN 978-5-17-118366-1",
            "число 4111 1111 1111 1112 не карта",
            "12345678901234567890",
            "формула e = mc^2, x@y",
            "https://example.com/articles/42?page=2&sort=new",
            "https://ru.wikipedia.example/wiki/Сайга",
            "почему 2+2=4?",
            "счёт 3:2, время 90+3",
            "ИНН 7707083893",
            "координаты 55.7558, 37.6173",
            "@ — это «собака»",
            "a@b"})
    void leavesLookAlikesAlone(String text) {
        assertThat(scrubber.scrub(text, new PiiTally())).isEqualTo(text);
    }

    static Stream<String> telegramHosts() {
        return PiiScrubber.TELEGRAM_LINK_HOSTS.stream();
    }

    /** Telegram links always point at a person, a group or an invite; the hosts come from the scrubber itself. */
    @ParameterizedTest
    @MethodSource("telegramHosts")
    void replacesTelegramLinksWithAndWithoutScheme(String host) {
        PiiTally tally = new PiiTally();
        assertThat(scrubber.scrub("заходи в https://" + host + "/joinchat/AbCdEf123, там все", tally))
                .isEqualTo("заходи в [LINK], там все");
        assertThat(scrubber.scrub("мой канал " + host + "/ivan_petrov.", tally)).isEqualTo("мой канал [LINK].");
        assertThat(scrubber.scrub("инвайт: " + host.toUpperCase(java.util.Locale.ROOT) + "/+AbCdEf", tally))
                .isEqualTo("инвайт: [LINK]");
        assertThat(tally.count(PiiKind.LINK)).isEqualTo(3);
    }

    @Test
    void countsEachKind() {
        PiiTally tally = new PiiTally();
        String text = scrubber.scrub("a@example.com b@example.com +7 912 345 67 89 4111111111111111 @someone", tally);
        assertThat(text).isEqualTo("[EMAIL] [EMAIL] [PHONE] [CARD] [USERNAME]");
        assertThat(tally.count(PiiKind.EMAIL)).isEqualTo(2);
        assertThat(tally.count(PiiKind.PHONE)).isEqualTo(1);
        assertThat(tally.count(PiiKind.CARD)).isEqualTo(1);
        assertThat(tally.count(PiiKind.USERNAME)).isEqualTo(1);
        assertThat(tally.count(PiiKind.LINK)).isZero();
    }

    @Test
    void mixedMessageKeepsItsOrdinaryText() {
        String text = "Привет! Я Иван, мой номер 8 (912) 345-67-89, почта ivan@example.com, ник @ivan_p. "
                + "Встречаемся 15.01 в 18:00, возьми 2 книги.";
        assertThat(scrubber.scrub(text, new PiiTally())).isEqualTo("Привет! Я Иван, мой номер [PHONE], почта [EMAIL], "
                + "ник [USERNAME]. Встречаемся 15.01 в 18:00, возьми 2 книги.");
    }
}
