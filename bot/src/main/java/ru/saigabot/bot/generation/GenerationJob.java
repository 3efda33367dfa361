package ru.saigabot.bot.generation;

/**
 * A stored request for one answer (a row of {@code generation}) with what running and delivering it needs.
 *
 * @param arena one side of a live battle; null for every other answer
 */
public record GenerationJob(long id, Place place, Question question, Requester requester, Origin origin,
                            JobState state, ArenaTurn arena) {

    /** A request just queued in this transaction. */
    public static GenerationJob queued(long id, Place place, Question question, Requester requester, Origin origin) {
        return new GenerationJob(id, place, question, requester, origin, JobState.QUEUED, null);
    }

    /** The same request as one side of a live battle. */
    public GenerationJob asArena(ArenaTurn turn) {
        return new GenerationJob(id, place, question, requester, new Origin(GenerationReason.ARENA, null), state, turn);
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
