package ru.saigabot.bot.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;

/**
 * Whether the author of a group message may change the group's settings: its creator and admins, as
 * Telegram says (asked once a minute at most per person), plus the bot's own admins.
 */
public final class GroupAdmins {
    private static final Logger log = LoggerFactory.getLogger(GroupAdmins.class);
    private static final Set<String> ADMIN_STATUSES = Set.of("creator", "administrator");
    /** Telegram's account for admins who post anonymously "as the group". */
    private static final long ANONYMOUS_ADMIN_BOT = 1087968824L;

    private final TelegramGateway telegram;
    private final AccessRules rules;
    private final Cache<String, Boolean> known = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(1)).executor(Runnable::run).build();

    public GroupAdmins(TelegramGateway telegram, AccessRules rules) {
        this.telegram = telegram;
        this.rules = rules;
    }

    /** True in private chats (a user owns their chat), and for group admins in groups. */
    public boolean mayChangeSettings(Message message) {
        if (message.getChat().isUserChat()) {
            return true;
        }
        long userId = message.getFrom().getId();
        if (rules.isAdmin(userId)) {
            return true;
        }
        if (userId == ANONYMOUS_ADMIN_BOT && message.getSenderChat() != null
                && message.getSenderChat().getId().equals(message.getChatId())) {
            return true; // only admins can post as the group itself
        }
        return mayChangeSettings(message.getChatId(), false, userId);
    }

    /** The same for a button press, where only the chat and the person who pressed are known. */
    public boolean mayChangeSettings(long chatId, boolean privateChat, long userId) {
        if (privateChat || rules.isAdmin(userId)) {
            return true;
        }
        return known.get(chatId + ":" + userId, key -> ask(chatId, userId));
    }

    private boolean ask(long chatId, long userId) {
        try {
            // One attempt: this runs in the update's transaction on the dispatcher's thread, where a retry's wait
            // (a 429's retry_after, a backoff) would hold up every chat.
            ChatMember member = telegram.callOnce(GetChatMember.builder().chatId(chatId).userId(userId).build());
            return ADMIN_STATUSES.contains(member.getStatus());
        } catch (TelegramCallException e) {
            // Without an answer the change is refused: a setting is easy to retry, a takeover is not.
            log.warn("admin check failed, change refused: chat_id={} user_id={} error={}", chatId, userId,
                    e.getMessage());
            return false;
        }
    }
}
