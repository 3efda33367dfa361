package ru.saigabot.bot.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.GenerationParams;

class ChatSettingsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void storesOnlyWhatDiffersFromTheDefaults() throws Exception {
        ChatSettings settings = ChatSettings.DEFAULTS.withTemperature(0.8).withShortName("Сайга");
        String stored = json.writeValueAsString(settings);
        assertThat(stored).isEqualTo("{\"temperature\":0.8,\"short_name\":\"Сайга\"}");
        assertThat(json.readValue(stored, ChatSettings.class)).isEqualTo(settings);
        assertThat(json.readValue("{\"unknown\":1}", ChatSettings.class)).isEqualTo(ChatSettings.DEFAULTS);
    }

    @Test
    void appliesItsChangesToTheOperatorsDefaults() {
        GenerationParams defaults = GenerationParams.DEFAULTS.withMaxTokens(300);
        assertThat(ChatSettings.DEFAULTS.params(defaults)).isEqualTo(defaults);
        GenerationParams changed = ChatSettings.DEFAULTS.withTopP(0.95).withMaxTokens(256).params(defaults);
        assertThat(changed.topP()).isEqualTo(0.95);
        assertThat(changed.maxTokens()).isEqualTo(256);
        assertThat(ChatSettings.DEFAULTS.withMaxTokens(1024).params(defaults).maxTokens())
                .as("never longer than the operator's --max-tokens, even if chosen before it was lowered").isEqualTo(300);
        assertThat(changed.temperature()).isEqualTo(defaults.temperature());
        assertThat(ChatSettings.DEFAULTS.newConversationPrompt()).isEqualTo(ChatSettings.DEFAULT_SYSTEM_PROMPT);
        assertThat(ChatSettings.DEFAULTS.withSystemPrompt("mine").newConversationPrompt()).isEqualTo("mine");
    }

    @Test
    void refusesValuesOutOfRange() {
        assertThatThrownBy(() -> ChatSettings.DEFAULTS.withTemperature(3.0)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> ChatSettings.DEFAULTS.withSystemPrompt("x".repeat(4001)))
                .hasMessageContaining("system prompt");
        assertThatThrownBy(() -> ChatSettings.DEFAULTS.withShortName(" ")).hasMessageContaining("short name");
    }
}
