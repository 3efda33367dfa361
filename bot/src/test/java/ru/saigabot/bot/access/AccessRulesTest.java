package ru.saigabot.bot.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.config.ConfigException;

class AccessRulesTest {

    @Test
    void parsesIdListsAndNamesTheOptionOnABadOne() {
        assertThat(AccessRules.ids("--admins", " 1, 2 ,-1001234567890 ")).containsExactly(1L, 2L, -1001234567890L);
        assertThat(AccessRules.ids("--admins", "")).isEmpty();
        assertThat(AccessRules.ids("--admins", null)).isEmpty();
        assertThatThrownBy(() -> AccessRules.ids("--allow", "1,@alice"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--allow").hasMessageContaining("@alice");
    }

    @Test
    void allowlistServesListedUsersGroupsAndAdmins() {
        AccessRules open = AccessRules.OPEN;
        assertThat(open.serves(5, 5)).isTrue();
        AccessRules closed = new AccessRules(Set.of(1L), Set.of(2L, -100L), 10, 2);
        assertThat(closed.serves(1, 1)).as("admin").isTrue();
        assertThat(closed.serves(2, 2)).as("listed user").isTrue();
        assertThat(closed.serves(3, -100)).as("anyone in a listed group").isTrue();
        assertThat(closed.serves(3, 3)).isFalse();
        assertThat(closed.serves(3, -200)).isFalse();
    }

    @Test
    void refusesLimitsOutOfRange() {
        assertThatThrownBy(() -> new AccessRules(Set.of(), Set.of(), -1, 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--max-messages-per-hour");
        assertThatThrownBy(() -> new AccessRules(Set.of(), Set.of(), 1, 0))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--max-queued-per-user");
    }
}
