package ru.saigabot.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a conversation comes from, as the dataset card counts its records. */
class ConversationOriginTest {

    @Test
    void programsWebChatsAndExtractionsAreNamedTelegramChatsAreNot() {
        assertThat(ConversationReader.origin("api", "api")).isEqualTo("api");
        assertThat(ConversationReader.origin("web", "chat")).isEqualTo("web");
        assertThat(ConversationReader.origin("private", "extract")).isEqualTo("extract");
        assertThat(ConversationReader.origin("supergroup", "extract")).isEqualTo("extract");
        assertThat(ConversationReader.origin("private", "chat")).isNull();
        assertThat(ConversationReader.origin("group", "chat")).isNull();
    }
}
