package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import ru.saigabot.bot.store.ChatKind;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.TelegramUser;

/** Records who wrote and where, as every handler of a user action does first. */
final class Senders {
    private Senders() {}

    static void remember(ChatStore chats, java.sql.Connection tx, User user, Chat chat) throws SQLException {
        if (user != null) {
            chats.upsertUser(tx, new TelegramUser(user.getId(), user.getFirstName(), user.getUserName(),
                    user.getLanguageCode()));
        }
        chats.upsertChat(tx, chat.getId(), ChatKind.of(chat.getType()), chat.getTitle());
    }
}
