package ru.saigabot.bot.telegram;

import java.util.List;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Where the poller puts each batch it receives. The next getUpdates confirms the batch to Telegram, which
 * then forgets it, so {@link #accept} returns only once no update of it can be lost: each one is handled,
 * or stored to be handled, durably.
 */
@FunctionalInterface
public interface UpdateSink {
    /**
     * @param updates in update_id order, as Telegram sent them (some may have been received before)
     * @throws RuntimeException when the batch could not be made safe; the poller fetches it again
     */
    void accept(List<Update> updates);
}
