package ru.saigabot.bot.telegram;

import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.store.InboxUpdate;

/**
 * An update as stored in the inbox, with the poller's parsed copy of it when there is one.
 *
 * @param update parsed by the poller when it was just received; null when read back from the inbox (it is
 *               parsed from the stored payload when handled)
 */
public record ReceivedUpdate(InboxUpdate stored, Update update) {
    public long updateId() {
        return stored.updateId();
    }
}
