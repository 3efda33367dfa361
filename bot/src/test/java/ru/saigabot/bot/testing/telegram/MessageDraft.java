package ru.saigabot.bot.testing.telegram;

import java.time.Instant;
import java.util.List;

/**
 * One sendMessageDraft call: a streamed partial message. Calls with the same draftId animate one draft.
 *
 * @param entities formatting Telegram parsed from {@code text} (empty without a parse_mode)
 */
public record MessageDraft(long chatId, int draftId, Integer messageThreadId, String text, String parseMode,
                           String plainText, Instant at, List<TextEntity> entities) {

    public MessageDraft {
        entities = List.copyOf(entities);
    }
}
