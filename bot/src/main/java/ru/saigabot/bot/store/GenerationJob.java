package ru.saigabot.bot.store;

/**
 * A stored request for one answer (a row of {@code generation}) with what delivering it needs.
 *
 * @param threadId          forum topic the answer goes to, 0 outside forums
 * @param userTgMessageId   the Telegram message being answered: in groups the answer replies to it
 * @param reason            "message", "regenerate" (🔄) or "edit" (the user edited their message)
 * @param replacesMessageId the earlier answer this one replaces, for regenerate and edit
 */
public record GenerationJob(long id, long chatId, long threadId, long conversationId, long userMessageId,
                            Long userTgMessageId, Long requestedBy, String status, Long placeholderTgMessageId,
                            int attempts, String languageCode, String reason, Long replacesMessageId, boolean group) {

    public static GenerationJob queued(long id, long chatId, long threadId, long conversationId, long userMessageId,
                                       Long userTgMessageId, long requestedBy, String languageCode, String reason,
                                       Long replacesMessageId, boolean group) {
        return new GenerationJob(id, chatId, threadId, conversationId, userMessageId, userTgMessageId, requestedBy,
                "queued", null, 0, languageCode, reason, replacesMessageId, group);
    }
}
