package ru.saigabot.training.export;

import java.util.List;

/**
 * A conversation with its turns in order, as the export reads it (one at a time, so memory stays
 * bounded by the longest conversation, not by the database).
 *
 * @param group        true for group and supergroup chats, whose authors are numbered
 * @param systemPrompt the system prompt the conversation really used
 * @param origin       where it comes from when it is not a Telegram chat: {@code api} (a program, "store": true),
 *                     {@code web} (the web chat) or {@code extract} (/extract); null for a Telegram chat's
 * @param excluded     an operator took the whole conversation out of training on the dashboard
 *                     ({@code training_exclusion}): it gives no records, they are only counted
 */
public record StoredConversation(long id, boolean group, String systemPrompt, List<StoredTurn> turns,
                                 String origin, boolean excluded) {

    public StoredConversation(long id, boolean group, String systemPrompt, List<StoredTurn> turns) {
        this(id, group, systemPrompt, turns, null, false);
    }
}
