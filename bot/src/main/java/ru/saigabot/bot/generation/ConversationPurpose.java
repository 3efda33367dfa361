package ru.saigabot.bot.generation;

import java.util.Locale;

/**
 * What a conversation is for ({@code conversation.purpose}): it decides how its answers are shown, whatever asked
 * for them (a new question, 🔄, an edit, a restart).
 */
public enum ConversationPurpose {
    /** A chat's conversation: answers are Markdown, shown as Telegram HTML. */
    CHAT,
    /** A JSON extraction (/extract): answers follow the conversation's output schema and are shown as JSON. */
    EXTRACT,
    /** An API exchange stored with "store": true. */
    API,
    /** An API exchange deleted once answered. */
    API_UNSTORED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConversationPurpose fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
