package ru.saigabot.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRequestTest {
    private static final List<ChatMessage> QUESTION = List.of(ChatMessage.user("Привет!"));

    @Test
    void aPlainRequestHasNoConversationAndNoAdapters() {
        ChatRequest request = new ChatRequest("user:1", QUESTION, GenerationParams.DEFAULTS);
        assertThat(request.conversationKey()).isNull();
        assertThat(request.loras()).isEmpty();
        assertThat(request.priority()).isFalse();
    }

    @Test
    void withersKeepEverythingElse() {
        ChatRequest request = new ChatRequest("user:1", QUESTION, GenerationParams.DEFAULTS, true)
                .withConversation("chat:7").withLoras(List.of(new LoraScale("style", 0.5)));
        assertThat(request.requesterKey()).isEqualTo("user:1");
        assertThat(request.conversationKey()).isEqualTo("chat:7");
        assertThat(request.priority()).isTrue();
        assertThat(request.loras()).containsExactly(new LoraScale("style", 0.5));
        assertThat(request.messages()).isEqualTo(QUESTION);
    }

    @Test
    void refusesAnAdapterNamedTwiceAndScalesOutOfRange() {
        ChatRequest request = new ChatRequest("user:1", QUESTION, GenerationParams.DEFAULTS);
        assertThatThrownBy(() -> request.withLoras(List.of(new LoraScale("a", 1), new LoraScale("a", 0.5))))
                .hasMessageContaining("named twice");
        assertThatThrownBy(() -> new LoraScale("a", -0.1)).hasMessageContaining("LoRA scale of a = -0.1");
        assertThatThrownBy(() -> new LoraScale("a", Double.NaN)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> new LoraScale(" ", 1)).hasMessageContaining("blank");
    }

    @Test
    void cachedTokensCannotExceedThePrompt() {
        assertThatThrownBy(() -> new GenerationStats(10, 11, 1, java.time.Duration.ZERO, java.time.Duration.ZERO,
                java.time.Duration.ZERO, 0)).hasMessageContaining("cachedPromptTokens = 11");
        assertThat(new GenerationStats(10, 4, 1, java.time.Duration.ZERO, java.time.Duration.ZERO,
                java.time.Duration.ZERO, 0).processedPromptTokens()).isEqualTo(6);
    }
}
