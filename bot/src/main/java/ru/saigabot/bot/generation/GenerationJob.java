package ru.saigabot.bot.generation;

/**
 * A stored request for one answer (a row of {@code generation}) with what running and delivering it needs.
 *
 * @param arena   one side of a live battle; null for every other answer
 * @param purpose what the answer's conversation is for, which decides how the answer is shown: an extraction's
 *                answers (🔄 included, whose reason is {@code regenerate}) are JSON
 */
public record GenerationJob(long id, Place place, Question question, Requester requester, Origin origin,
                            JobState state, ArenaTurn arena, ConversationPurpose purpose) {

    /** A request of a chat's conversation just queued in this transaction. */
    public static GenerationJob queued(long id, Place place, Question question, Requester requester, Origin origin) {
        return queued(id, place, question, requester, origin, ConversationPurpose.CHAT);
    }

    /** A request just queued in this transaction, in a conversation for {@code purpose}. */
    public static GenerationJob queued(long id, Place place, Question question, Requester requester, Origin origin,
                                       ConversationPurpose purpose) {
        return new GenerationJob(id, place, question, requester, origin, JobState.QUEUED, null, purpose);
    }

    /** The same request as one side of a live battle. */
    public GenerationJob asArena(ArenaTurn turn) {
        return new GenerationJob(id, place, question, requester, new Origin(GenerationReason.ARENA, null), state, turn,
                purpose);
    }

    public long chatId() {
        return place.chatId();
    }

    public long conversationId() {
        return question.conversationId();
    }

    public String language() {
        return requester.languageCode();
    }
}
