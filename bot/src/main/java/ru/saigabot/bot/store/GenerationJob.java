package ru.saigabot.bot.store;

/**
 * A stored request for one answer (a row of {@code generation}) with what delivering it needs.
 *
 * @param threadId          forum topic the answer goes to, 0 outside forums
 * @param userTgMessageId   the Telegram message being answered: in groups the answer replies to it
 * @param reason            "message", "regenerate" (🔄) or "edit" (the user edited their message)
 * @param replacesMessageId the earlier answer this one replaces, for regenerate and edit
 * @param arena             for one side of a live arena battle (reason "arena"): which; null otherwise
 */
public record GenerationJob(long id, long chatId, long threadId, long conversationId, long userMessageId,
                            Long userTgMessageId, Long requestedBy, String status, Long placeholderTgMessageId,
                            int attempts, String languageCode, String reason, Long replacesMessageId, boolean group,
                            ArenaTurn arena) {

    /**
     * One side of a live battle: the task, the variant side ("a" or "b") and the label it is shown under ("A" is
     * shown first), and the requester's vote row that the buttons under answer B carry.
     */
    public record ArenaTurn(long taskId, String side, String shown, long voteId) {
        public boolean shownFirst() {
            return shown.equals("A");
        }
    }

    public GenerationJob(long id, long chatId, long threadId, long conversationId, long userMessageId,
                         Long userTgMessageId, Long requestedBy, String status, Long placeholderTgMessageId,
                         int attempts, String languageCode, String reason, Long replacesMessageId, boolean group) {
        this(id, chatId, threadId, conversationId, userMessageId, userTgMessageId, requestedBy, status,
                placeholderTgMessageId, attempts, languageCode, reason, replacesMessageId, group, null);
    }

    public GenerationJob withArena(ArenaTurn turn) {
        return new GenerationJob(id, chatId, threadId, conversationId, userMessageId, userTgMessageId, requestedBy,
                status, placeholderTgMessageId, attempts, languageCode, "arena", replacesMessageId, group, turn);
    }

    public static GenerationJob queued(long id, long chatId, long threadId, long conversationId, long userMessageId,
                                       Long userTgMessageId, long requestedBy, String languageCode, String reason,
                                       Long replacesMessageId, boolean group) {
        return new GenerationJob(id, chatId, threadId, conversationId, userMessageId, userTgMessageId, requestedBy,
                "queued", null, 0, languageCode, reason, replacesMessageId, group);
    }
}
