package ru.saigabot.bot.testing.telegram;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Chats and every message in them. Message ids are allocated per chat and shared by the bot and the
 * users, as in Telegram's private chats and basic groups.
 */
final class ChatStore {

    private final Monitor monitor = new Monitor();
    private final Map<Long, TestChat> chats = new HashMap<>();
    private final Map<Long, TreeMap<Integer, StoredMessage>> messages = new HashMap<>();
    private final Map<String, String> reactions = new HashMap<>();
    private final Map<String, String> memberStatuses = new HashMap<>();

    void setMemberStatus(long chatId, TestUser user, String status) {
        monitor.write(() -> memberStatuses.put(chatId + ":" + user.id(), status));
    }

    /** "administrator" for those made admins, "member" for everyone else. */
    String memberStatus(long chatId, long userId) {
        return monitor.read(() -> memberStatuses.getOrDefault(chatId + ":" + userId, "member"));
    }

    TestChat register(TestChat chat) {
        monitor.write(() -> chats.put(chat.id(), chat));
        return chat;
    }

    Optional<TestChat> chat(long chatId) {
        return monitor.read(() -> Optional.ofNullable(chats.get(chatId)));
    }

    /**
     * The chat a request's chat_id names. Telegram answers "chat not found" for chats the bot has never
     * seen (and for {@code @username}s, which the emulator does not resolve); tests create chats first.
     */
    TestChat requireChat(RequestParams params) {
        String chatId = params.string("chat_id").orElseThrow(() -> ApiError.badRequest("chat_id is empty"));
        try {
            return chat(Long.parseLong(chatId.trim())).orElseThrow(() -> ApiError.badRequest("chat not found"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("chat not found");
        }
    }

    /** The message {@code message} replies to, if it still exists. */
    Optional<StoredMessage> replyTarget(StoredMessage message) {
        return message.replyToMessageId() == null ? Optional.empty()
                : find(message.chatId(), message.replyToMessageId());
    }

    /** Allocates the chat's next message id and stores the message {@code create} builds for it. */
    StoredMessage add(long chatId, IntFunction<StoredMessage> create) {
        return monitor.write(() -> {
            TreeMap<Integer, StoredMessage> chatMessages = messages.computeIfAbsent(chatId, id -> new TreeMap<>());
            int messageId = chatMessages.isEmpty() ? 1 : chatMessages.lastKey() + 1;
            StoredMessage message = create.apply(messageId);
            chatMessages.put(messageId, message);
            return message;
        });
    }

    /** A message that exists and was not deleted. */
    Optional<StoredMessage> find(long chatId, int messageId) {
        return monitor.read(() -> live(chatId, messageId));
    }

    /**
     * Atomically replaces a live message with {@code change(message)}; {@code change} may throw (an
     * {@link ApiError} for the bot, an IllegalArgumentException for a test) to reject the modification.
     */
    StoredMessage modify(long chatId, int messageId, Supplier<? extends RuntimeException> notFound,
                         UnaryOperator<StoredMessage> change) {
        return monitor.write(() -> {
            StoredMessage changed = change.apply(live(chatId, messageId).orElseThrow(notFound));
            messages.get(chatId).put(messageId, changed);
            return changed;
        });
    }

    boolean isDeleted(long chatId, int messageId) {
        return monitor.read(() -> Optional.ofNullable(messages.get(chatId))
                .map(m -> m.get(messageId)).map(StoredMessage::deleted).orElse(false));
    }

    /** Current state of the bot's live messages in a chat, oldest first. */
    List<BotMessage> botMessages(long chatId) {
        return monitor.read(() -> liveBotMessages(chatId));
    }

    /** The newest live bot message matching {@code filter}, waiting for one to appear or be edited. */
    Optional<BotMessage> awaitBotMessage(long chatId, Predicate<BotMessage> filter, Duration timeout) {
        return monitor.awaitUninterruptibly(() -> {
            List<BotMessage> current = liveBotMessages(chatId);
            for (int i = current.size() - 1; i >= 0; i--) {
                if (filter.test(current.get(i))) {
                    return Optional.of(current.get(i));
                }
            }
            return Optional.empty();
        }, timeout);
    }

    /** Records a user's reaction to a message and returns the previous one (null if none). */
    String swapReaction(long chatId, int messageId, long userId, String emoji) {
        return monitor.write(() -> {
            String key = chatId + "/" + messageId + "/" + userId;
            return emoji == null ? reactions.remove(key) : reactions.put(key, emoji);
        });
    }

    private Optional<StoredMessage> live(long chatId, int messageId) {
        return Optional.ofNullable(messages.get(chatId)).map(m -> m.get(messageId)).filter(m -> !m.deleted());
    }

    private List<BotMessage> liveBotMessages(long chatId) {
        return messages.getOrDefault(chatId, new TreeMap<>()).values().stream()
                .filter(m -> m.fromBot() && !m.deleted())
                .map(StoredMessage::toBotMessage)
                .toList();
    }
}
