package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.store.ChatStore;

/**
 * The bot's own membership: blocked by a user or removed from a group marks the chat inactive (nothing is sent
 * there any more); unblocked or added back makes it active again (the middleware records the chat as active).
 */
public final class MembershipHandler {
    private static final Logger log = LoggerFactory.getLogger(MembershipHandler.class);
    private static final Set<String> GONE = Set.of("left", "kicked");

    private final ChatStore chats;

    public MembershipHandler(ChatStore chats) {
        this.chats = chats;
    }

    public void register(RouteTable routes) {
        routes.add(new Route<>("my-chat-member", Route.Stage.EVENT,
                update -> Optional.ofNullable(update.getMyChatMember()), this::handle));
    }

    private void handle(UpdateContext context, ChatMemberUpdated change) throws SQLException {
        long chatId = change.getChat().getId();
        String status = change.getNewChatMember().getStatus();
        if (GONE.contains(status)) {
            chats.markInactive(context, chatId);
            log.info("bot removed from chat, marked inactive: chat_id={} status={}", chatId, status);
        }
    }
}
