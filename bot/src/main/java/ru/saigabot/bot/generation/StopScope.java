package ru.saigabot.bot.generation;

/**
 * Which answers a /stop stops: those of one chat's topic ({@code threadId} 0 outside forums), of one requester, or
 * of everyone there when {@code requestedBy} is null (a private chat's owner, a group's admin).
 */
public record StopScope(long chatId, long threadId, Long requestedBy) {

    public boolean covers(GenerationJob job) {
        return job.chatId() == chatId && job.place().threadId() == threadId
                && (requestedBy == null || requestedBy.equals(job.requester().userId()));
    }
}
