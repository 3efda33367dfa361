package ru.saigabot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import ru.saigabot.bot.api.ApiIds;

/** Web users, API keys and Telegram ids never meet: each answer goes to its own destination. */
class WebIdsTest {

    @Test
    void webUsersApiKeysAndTelegramIdsLieInRangesOfTheirOwn() {
        long webUser = WebIds.of(1);
        long apiKey = ApiIds.of(1);
        long supergroup = -1_002_000_000_123L;
        long person = 7_000_000_001L;
        assertThat(WebIds.isWeb(webUser)).isTrue();
        assertThat(ApiIds.isApi(webUser)).as("a web user's answer must not go to an API caller").isFalse();
        assertThat(ApiIds.isApi(apiKey)).isTrue();
        assertThat(WebIds.isWeb(apiKey)).isFalse();
        assertThat(WebIds.isWeb(supergroup) || ApiIds.isApi(supergroup)).isFalse();
        assertThat(WebIds.isWeb(person) || ApiIds.isApi(person)).isFalse();
        assertThat(WebIds.isWeb(WebIds.of(1L << 40))).isTrue();
        assertThat(ApiIds.isApi(ApiIds.of(1L << 40))).isTrue();
    }
}
