package ru.saigabot.bot.store;

import java.util.Comparator;

/**
 * One stored turn; role is "user" or "assistant". {@code authorName} is set for user messages in
 * groups, where the model must know who said what; {@code replyToId} for answers, the message they answer.
 */
public record StoredMessage(long id, long conversationId, long chatId, String role, String content, Long tgMessageId,
                            String authorName, Long replyToId) {

    /**
     * Conversation order: each answer right after the message it answers. Ids alone are not: a user who
     * writes again while an answer is being written gets a lower id than that answer.
     */
    public static final Comparator<StoredMessage> CONVERSATION_ORDER =
            Comparator.comparingLong(StoredMessage::position).thenComparingLong(StoredMessage::id);

    public StoredMessage(long id, long conversationId, long chatId, String role, String content, Long tgMessageId) {
        this(id, conversationId, chatId, role, content, tgMessageId, null, null);
    }

    public StoredMessage(long id, long conversationId, long chatId, String role, String content, Long tgMessageId,
                         String authorName) {
        this(id, conversationId, chatId, role, content, tgMessageId, authorName, null);
    }

    /** An answer to the user message {@code replyToId}. */
    public static StoredMessage answer(long id, long conversationId, long chatId, String content, Long tgMessageId,
                                       long replyToId) {
        return new StoredMessage(id, conversationId, chatId, "assistant", content, tgMessageId, null, replyToId);
    }

    /** Where the turn sits: an answer at the message it answers, anything else at its own id. */
    public long position() {
        return role.equals("assistant") && replyToId != null ? replyToId : id;
    }
}
