package ru.saigabot.bot.dispatch;

import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.store.InboxUpdate;

/**
 * An update with its inbox row.
 *
 * @param stored its row; without payload while it is handled straight from getUpdates
 * @param update parsed by the poller when it was just received; null when read back from the inbox (it is
 *               parsed from the stored payload when handled)
 */
record ReceivedUpdate(InboxUpdate stored, Update update) {
    long updateId() {
        return stored.updateId();
    }
}
