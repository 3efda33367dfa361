package ru.saigabot.bot.store;

/**
 * One stored turn; role is "user" or "assistant". {@code authorName} is set for user messages in
 * groups, where the model must know who said what.
 */
public record StoredMessage(long id, long conversationId, long chatId, String role, String content, Long tgMessageId,
                            String authorName) {

    public StoredMessage(long id, long conversationId, long chatId, String role, String content, Long tgMessageId) {
        this(id, conversationId, chatId, role, content, tgMessageId, null);
    }
}
