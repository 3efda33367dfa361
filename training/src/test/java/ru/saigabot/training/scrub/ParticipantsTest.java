package ru.saigabot.training.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParticipantsTest {

    @Test
    void groupAuthorsAreNumberedInTheOrderTheySpoke() {
        Participants group = new Participants(true);
        assertThat(group.register(900L, "Борис", "bob_b")).isEqualTo("Участник 1");
        assertThat(group.register(800L, "Алиса", null)).isEqualTo("Участник 2");
        assertThat(group.register(900L, "Борис", "bob_b")).isEqualTo("Участник 1");
        assertThat(group.speakerPrefix(800L)).isEqualTo("Участник 2: ");
        assertThat(group.speakerPrefix(null)).isEqualTo("Участник: ");
    }

    @Test
    void namesAreReplacedByLabelsAsWholeWordsIgnoringCase() {
        Participants group = new Participants(true);
        group.register(1L, "Борис", "bob_b");
        group.register(2L, "Анна-Мария", null);
        group.register(3L, "Анна", null);
        PiiTally tally = new PiiTally();
        assertThat(group.replaceNames("БОРИС, спроси bob_b и Анна-Мария; Анна тоже. Борисов — другой человек.", tally))
                .isEqualTo("Участник 1, спроси Участник 1 и Участник 2; Участник 3 тоже. Борисов — другой человек.");
        assertThat(tally.count(PiiKind.NAME)).isEqualTo(4);
    }

    @Test
    void privateChatNamesBecomeAPlaceholderAndTurnsHaveNoPrefix() {
        Participants chat = new Participants(false);
        chat.register(1L, "Алиса", "alice_ru");
        assertThat(chat.speakerPrefix(1L)).isEmpty();
        assertThat(chat.replaceNames("Спокойной ночи, Алиса!", new PiiTally())).isEqualTo("Спокойной ночи, [NAME]!");
    }

    @Test
    void veryShortNamesAreLeftAlone() {
        Participants chat = new Participants(true);
        chat.register(1L, "Ян", null);
        assertThat(chat.replaceNames("Ян, ян, яна", new PiiTally())).isEqualTo("Ян, ян, яна");
    }
}
