package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.ConversationCache;

/**
 * The bot's own membership: blocked by a user or removed from a group marks the chat inactive (nothing
 * is sent there any more); unblocked or added back makes it active again.
 */
public final class MembershipHandler {
    private static final Logger log = LoggerFactory.getLogger(MembershipHandler.class);
    private static final Set<String> GONE = Set.of("left", "kicked");

    private final Senders senders;
    private final ChatStore chats;
    private final ConversationCache cache;

    public MembershipHandler(Senders senders, ChatStore chats, ConversationCache cache) {
        this.senders = senders;
        this.chats = chats;
        this.cache = cache;
    }

    public Route route() {
        return new Route("my-chat-member", update -> update.getMyChatMember() != null, this::handle);
    }

    private void handle(UpdateContext context) throws SQLException {
        ChatMemberUpdated change = context.update().getMyChatMember();
        long chatId = change.getChat().getId();
        String status = change.getNewChatMember().getStatus();
        if (GONE.contains(status)) {
            senders.remember(context, null, change.getChat());
            chats.markInactive(context.tx(), chatId);
            context.afterCommit(() -> cache.chatDeactivated(chatId));
            log.info("bot removed from chat, marked inactive: chat_id={} status={}", chatId, status);
        } else {
            senders.remember(context, change.getFrom(), change.getChat()); // upsert re-activates
        }
    }
}
