package ru.saigabot.bot.generation;

/**
 * Where a question was asked, and so where its answer goes.
 *
 * @param threadId the forum topic, 0 outside forums
 * @param group    a group or supergroup (several people talk; the answer replies to the question)
 */
public record Place(long chatId, long threadId, boolean group) {
    /** The topic as Telegram's message_thread_id wants it: null outside forums. */
    public Integer threadOrNull() {
        return threadId == 0 ? null : (int) threadId;
    }
}
