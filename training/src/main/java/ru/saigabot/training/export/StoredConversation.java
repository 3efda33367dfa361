package ru.saigabot.training.export;

import java.util.List;

/**
 * A conversation with its turns in order, as the export reads it (one at a time, so memory stays
 * bounded by the longest conversation, not by the database).
 *
 * @param group        true for group and supergroup chats, whose authors are numbered
 * @param systemPrompt the system prompt the conversation really used
 */
public record StoredConversation(long id, boolean group, String systemPrompt, List<StoredTurn> turns) {}
