package ru.saigabot.bot.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import ru.saigabot.inference.GenerationParams;

/**
 * What a chat (a private chat, or a group as its admins set it) changed from the defaults; null means
 * "the default". Stored as the chat row's {@code settings} JSON, so a new setting needs no migration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatSettings(
        @JsonProperty("system_prompt") String systemPrompt,
        @JsonProperty("temperature") Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("short_name") String shortName,
        @JsonProperty("adapter") String adapter) {

    public static final ChatSettings DEFAULTS = new ChatSettings(null, null, null, null, null, null);
    /** Saiga's own default system prompt, as its model cards give it. */
    public static final String DEFAULT_SYSTEM_PROMPT =
            "Ты — Сайга, русскоязычный автоматический ассистент. Ты разговариваешь с людьми и помогаешь им.";
    /** Long enough for a detailed persona, short enough to leave the context to the conversation. */
    public static final int MAX_SYSTEM_PROMPT_CHARS = 4000;
    public static final int MAX_SHORT_NAME_CHARS = 32;

    public ChatSettings {
        if (systemPrompt != null && systemPrompt.length() > MAX_SYSTEM_PROMPT_CHARS) {
            throw new IllegalArgumentException("system prompt longer than " + MAX_SYSTEM_PROMPT_CHARS + " characters");
        }
        if (shortName != null && (shortName.isBlank() || shortName.length() > MAX_SHORT_NAME_CHARS)) {
            throw new IllegalArgumentException("short name must be 1.." + MAX_SHORT_NAME_CHARS + " characters");
        }
        // Validates the sampling values with the inference module's own ranges and messages.
        apply(GenerationParams.DEFAULTS, temperature, topP, maxTokens);
    }

    /** The system prompt new conversations of this chat start with: its own, or Saiga's default. */
    public String newConversationPrompt() {
        return systemPrompt != null ? systemPrompt : DEFAULT_SYSTEM_PROMPT;
    }

    /**
     * The operator's defaults with this chat's changes applied. The operator's answer length is also the longest: a
     * length chosen before the operator lowered {@code --max-tokens} counts as the operator's.
     */
    public GenerationParams params(GenerationParams defaults) {
        return apply(defaults, temperature, topP, maxTokens == null ? null : Math.min(maxTokens, defaults.maxTokens()));
    }

    public ChatSettings withSystemPrompt(String value) {
        return new ChatSettings(value, temperature, topP, maxTokens, shortName, adapter);
    }

    public ChatSettings withTemperature(Double value) {
        return new ChatSettings(systemPrompt, value, topP, maxTokens, shortName, adapter);
    }

    public ChatSettings withTopP(Double value) {
        return new ChatSettings(systemPrompt, temperature, value, maxTokens, shortName, adapter);
    }

    public ChatSettings withMaxTokens(Integer value) {
        return new ChatSettings(systemPrompt, temperature, topP, value, shortName, adapter);
    }

    public ChatSettings withShortName(String value) {
        return new ChatSettings(systemPrompt, temperature, topP, maxTokens, value, adapter);
    }

    /** The LoRA adapter this chat answers with (/model); null for the base model. */
    public ChatSettings withAdapter(String value) {
        return new ChatSettings(systemPrompt, temperature, topP, maxTokens, shortName, value);
    }

    private static GenerationParams apply(GenerationParams base, Double temperature, Double topP, Integer maxTokens) {
        GenerationParams params = base;
        if (temperature != null) {
            params = params.withTemperature(temperature);
        }
        if (topP != null) {
            params = params.withTopP(topP);
        }
        if (maxTokens != null) {
            params = params.withMaxTokens(maxTokens);
        }
        return params;
    }
}
