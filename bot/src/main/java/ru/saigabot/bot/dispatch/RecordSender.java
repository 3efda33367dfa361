package ru.saigabot.bot.dispatch;

import java.sql.SQLException;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import ru.saigabot.bot.store.ChatKind;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.TelegramUser;

/**
 * Records who wrote and where, as they are now (name, username, language; a chat's title, and that it is active
 * again): unchanged users and chats are not written again. A message sent on behalf of a chat is that chat's.
 */
public final class RecordSender implements Middleware {
    private final ChatStore chats;

    public RecordSender(ChatStore chats) {
        this.chats = chats;
    }

    @Override
    public void apply(UpdateContext context) throws SQLException {
        User user = context.user();
        Chat senderChat = context.sender().senderChat();
        if (senderChat != null) {
            // Written on behalf of a chat: that chat is the author, stored like a user so its messages have one.
            chats.remember(context, new TelegramUser(senderChat.getId(), senderChat.getTitle(),
                    senderChat.getUserName(), null));
        } else if (user != null) {
            chats.remember(context, new TelegramUser(user.getId(), user.getFirstName(), user.getUserName(),
                    user.getLanguageCode()));
        }
        Chat chat = context.chat();
        if (chat != null) {
            chats.remember(context, new ConversationCache.ChatRow(chat.getId(), ChatKind.of(chat.getType()),
                    chat.getTitle()));
        }
    }
}
