package ru.saigabot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.store.StoredMessage;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.bench.GroupWorkload;

/** {@code saiga-bot bench}'s group scenario prompts exactly as the bot does for a group. */
class BenchGroupPromptTest {

    @Test
    void theGroupScenariosTurnsAreThoseTheBotBuildsFromTheSameMessages() {
        GroupWorkload group = new GroupWorkload(40, 16, 42);
        List<StoredMessage> stored = new ArrayList<>();
        List<ChatMessage> sent = new ArrayList<>(List.of(ChatMessage.system("sys")));
        List<ChatMessage> turns = group.userTurns(0);
        long id = 1;
        int question = 0;
        for (GroupWorkload.Line line : group.lines()) {
            stored.add(new StoredMessage(id, 1, -100, "user", line.text(), id, line.author()));
            id++;
            if (line.question()) {
                sent.add(turns.get(question));
                if (question < turns.size() - 1) {
                    String answer = "Ответ " + question;
                    stored.add(new StoredMessage(id, 1, -100, "assistant", answer, id, null));
                    id++;
                    sent.add(ChatMessage.assistant(answer));
                }
                question++;
            }
        }

        assertThat(PromptTurns.build("sys", stored, true)).isEqualTo(sent);
    }
}
