package ru.saigabot.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.Role;

class GroupWorkloadTest {

    @Test
    void everyTenthMessageIsAQuestionAndEachQuestionsTurnHoldsTheMessagesSinceTheLastAnswer() {
        GroupWorkload group = new GroupWorkload(200, 64, 42);
        assertThat(group.users()).isEqualTo(1);
        assertThat(group.turns()).isEqualTo(20);
        List<GroupWorkload.Line> lines = group.lines();
        assertThat(lines).hasSize(200);
        assertThat(lines.stream().map(GroupWorkload.Line::author).distinct().count()).isEqualTo(GroupWorkload.PEOPLE);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i).question()).as("message %d", i + 1).isEqualTo((i + 1) % 10 == 0);
        }

        List<ChatMessage> turns = group.userTurns(0);
        assertThat(turns).hasSize(20);
        for (int q = 0; q < turns.size(); q++) {
            ChatMessage turn = turns.get(q);
            assertThat(turn.role()).isEqualTo(Role.USER);
            assertThat(turn.parts()).hasSize(10);
            GroupWorkload.Line first = lines.get(q * 10);
            GroupWorkload.Line question = lines.get(q * 10 + 9);
            assertThat(turn.parts().get(0)).isEqualTo(first.author() + ": " + first.text());
            assertThat(turn.parts().get(9)).isEqualTo(question.author() + ": " + question.text())
                    .contains(": Сайга, ");
        }
    }

    @Test
    void theSameSeedGivesTheSameChat() {
        assertThat(new GroupWorkload(30, 8, 7).userTurns(0)).isEqualTo(new GroupWorkload(30, 8, 7).userTurns(0))
                .isNotEqualTo(new GroupWorkload(30, 8, 8).userTurns(0));
    }

    @Test
    void theMessagesMustEndWithAQuestion() {
        assertThatThrownBy(() -> GroupWorkload.checkOption(55))
                .hasMessage("--group-messages = 55 must be a multiple of 10 (every 10th message is a question to the bot)");
        assertThatThrownBy(() -> GroupWorkload.checkOption(0)).hasMessageContaining("--group-messages");
        assertThatThrownBy(() -> new GroupWorkload(15, 8, 1)).hasMessageContaining("group messages = 15");
    }
}
