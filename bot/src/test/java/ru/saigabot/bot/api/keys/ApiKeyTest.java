package ru.saigabot.bot.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiKeyTest {
    /** Telegram ids have at most 52 significant bits. */
    private static final long LOWEST_TELEGRAM_ID = -(1L << 52);

    private static ApiKey key(long id) {
        return new ApiKey(id, "k", "sk-saiga-abc", null, Instant.EPOCH, null, null);
    }

    @Test
    void aKeysUserAndChatLieBelowEveryTelegramIdAndDifferPerKey() {
        assertThat(key(1).userId()).isEqualTo(-(1L << 60) - 1).isLessThan(LOWEST_TELEGRAM_ID);
        assertThat(key(1).chatId()).isEqualTo(key(1).userId());
        assertThat(key(2).userId()).isEqualTo(key(1).userId() - 1);
        assertThat(key(Long.MAX_VALUE >> 4).userId()).as("no overflow for any id a BIGSERIAL hands out soon")
                .isNegative();
    }

    @Test
    void namesAreShortAsciiWordsWithDashesUnderscoresAndDots() {
        for (String good : new String[] {"a", "crm-prod", "team_2.backup", "A".repeat(64)}) {
            assertThatCode(() -> ApiKey.checkName(good)).as(good).doesNotThrowAnyException();
        }
        for (String bad : new String[] {"", "A".repeat(65), "two words", "ключ", "name/with/slash", "tab\t"}) {
            assertThatThrownBy(() -> ApiKey.checkName(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 64 of A-Z, a-z, 0-9, '-', '_' and '.'");
        }
        assertThatThrownBy(() -> ApiKey.checkName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLimitIsAtLeastOneOrNone() {
        assertThatCode(() -> ApiKey.checkRequestsPerMinute(null)).doesNotThrowAnyException();
        assertThatCode(() -> ApiKey.checkRequestsPerMinute(1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ApiKey.checkRequestsPerMinute(0)).hasMessageContaining("at least 1");
    }
}
