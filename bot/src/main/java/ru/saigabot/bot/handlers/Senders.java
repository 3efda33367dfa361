package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.store.ChatKind;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.ConversationCache.ChatRow;
import ru.saigabot.bot.store.TelegramUser;

/**
 * Records who wrote and where, as every handler of a user action does first. Unchanged users and
 * chats are not written again: the cache remembers what was committed.
 */
public final class Senders {
    private final ChatStore chats;
    private final ConversationCache cache;

    public Senders(ChatStore chats, ConversationCache cache) {
        this.chats = chats;
        this.cache = cache;
    }

    public void remember(UpdateContext context, User user, Chat chat) throws SQLException {
        if (user != null) {
            TelegramUser seen = new TelegramUser(user.getId(), user.getFirstName(), user.getUserName(),
                    user.getLanguageCode());
            if (!cache.isStored(seen)) {
                chats.upsertUser(context.tx(), seen);
                context.afterCommit(() -> cache.userStored(seen));
            }
        }
        ChatRow row = new ChatRow(chat.getId(), ChatKind.of(chat.getType()), chat.getTitle());
        if (!cache.isStored(row)) {
            chats.upsertChat(context.tx(), row.id(), row.kind(), row.title());
            context.afterCommit(() -> cache.chatStored(row));
        }
    }
}
