package ru.saigabot.bot.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import ru.saigabot.bot.settings.ChatSettings;

/**
 * What every message reads, kept in memory: who the user is, which conversation a chat is in, and
 * the turns of recent conversations. Write-through: callers add to it only after their transaction
 * committed, so it never holds what the database does not; a miss reads the database.
 */
public final class ConversationCache {
    private static final int BYTES_PER_MESSAGE_OVERHEAD = 64;

    private final Cache<Long, TelegramUser> users;
    private final Cache<Long, ChatRow> chats;
    private final Cache<ThreadKey, Long> currentConversationByThread;
    private final Cache<Long, ChatSettings> settingsByChat;
    private final Cache<Long, Turns> turnsByConversation;

    /** A chat, or one forum topic of it (thread 0 outside forums). */
    public record ThreadKey(long chatId, long threadId) {}

    /** A chat as last stored. */
    public record ChatRow(long id, ChatKind kind, String title) {}

    /**
     * A conversation as the model sees it: its system prompt and its latest turns in conversation order
     * (failed answers left out), {@link MessageStore#windowSize} of them, as a reload from the database would hold: a
     * restart must not change what a prompt contains.
     */
    public record Turns(String systemPrompt, List<StoredMessage> messages, int weight, boolean truncated) {
        /**
         * @param weight    what the cache's bound counts: the characters held, plus an overhead per turn
         * @param truncated older turns of the conversation are left out of the window
         */
        public Turns {
            messages = List.copyOf(messages); // no copy when it is immutable already
        }

        public Turns(String systemPrompt, List<StoredMessage> messages) {
            this(systemPrompt, messages, false);
        }

        public Turns(String systemPrompt, List<StoredMessage> messages, boolean truncated) {
            this(systemPrompt, messages, weightOf(systemPrompt, messages), truncated);
        }

        /**
         * Adds {@code message} in conversation order; past the bound, the {@link MessageStore#WINDOW_STEP} oldest
         * turns go at once, so that the window (and the prompt's start) stays put for the next messages. A message
         * already present (a racing reload) is not added twice. One copy of the list per message. Null when the
         * message goes before a window that left older turns out (an answer to a question the window moved past):
         * where the window starts then is the database's to say, and the conversation is read again.
         */
        Turns with(StoredMessage message) {
            int size = messages.size();
            int at = size;
            // A new message almost always goes last: look for its place from the end.
            while (at > 0 && StoredMessage.CONVERSATION_ORDER.compare(messages.get(at - 1), message) >= 0) {
                if (messages.get(at - 1).id() == message.id()) {
                    return this;
                }
                at--;
            }
            if (at == 0 && truncated) {
                return null;
            }
            StoredMessage[] all = new StoredMessage[size + 1];
            for (int i = 0; i < at; i++) {
                all[i] = messages.get(i);
            }
            all[at] = message;
            for (int i = at; i < size; i++) {
                all[i + 1] = messages.get(i);
            }
            int drop = size + 1 > MessageStore.MAX_TURNS_LOADED ? MessageStore.WINDOW_STEP : 0;
            int weight = this.weight + weightOf(message);
            for (int i = 0; i < drop; i++) {
                weight -= weightOf(all[i]);
            }
            return new Turns(systemPrompt, List.of(all).subList(drop, all.length), weight, truncated || drop > 0);
        }

        /**
         * The context of user message {@code questionId}: everything before it in conversation order
         * (including answers to earlier questions that were stored after it was written), then the
         * question itself; earlier answers to the same question (regenerated ones) are left out.
         */
        public List<StoredMessage> upTo(long questionId) {
            // In conversation order the context is a prefix (what follows the question comes last): then it
            // is a view of the cached list, with no copy per message.
            int kept = 0;
            int end = 0;
            for (int i = 0; i < messages.size(); i++) {
                if (isContextOf(messages.get(i), questionId)) {
                    kept++;
                    end = i + 1;
                }
            }
            if (kept == end) {
                return messages.subList(0, end);
            }
            return messages.stream().filter(message -> isContextOf(message, questionId)).toList();
        }

        private static boolean isContextOf(StoredMessage message, long questionId) {
            return message.position() < questionId || message.id() == questionId;
        }

        private static int weightOf(String systemPrompt, List<StoredMessage> messages) {
            int weight = systemPrompt.length();
            for (StoredMessage message : messages) {
                weight += weightOf(message);
            }
            return weight;
        }

        private static int weightOf(StoredMessage message) {
            return message.content().length() + BYTES_PER_MESSAGE_OVERHEAD;
        }
    }

    /**
     * @param maxCharacters bound on the text held for conversations (about two bytes each)
     * @param executor      where Caffeine does maintenance; tests pass {@code Runnable::run} for determinism
     */
    public ConversationCache(long maxCharacters, Executor executor) {
        this.users = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(6))
                .executor(executor).build();
        this.chats = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(6))
                .executor(executor).build();
        this.currentConversationByThread = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterAccess(Duration.ofHours(6)).executor(executor).build();
        this.settingsByChat = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterAccess(Duration.ofHours(6)).executor(executor).build();
        this.turnsByConversation = Caffeine.newBuilder().maximumWeight(maxCharacters)
                .weigher((Long id, Turns turns) -> turns.weight())
                .expireAfterAccess(Duration.ofHours(2)).executor(executor).build();
    }

    /** True when {@code user} is stored exactly like this already, so its upsert can be skipped. */
    public boolean isStored(TelegramUser user) {
        return user.equals(users.getIfPresent(user.id()));
    }

    public void userStored(TelegramUser user) {
        users.put(user.id(), user);
    }

    /** True when {@code chat} is stored exactly like this (and active), so its upsert can be skipped. */
    public boolean isStored(ChatRow chat) {
        return chat.equals(chats.getIfPresent(chat.id()));
    }

    public void chatStored(ChatRow chat) {
        chats.put(chat.id(), chat);
    }

    /** After a 403: the next message from that chat must re-activate it in the database. */
    public void chatDeactivated(long chatId) {
        chats.invalidate(chatId);
    }

    public Optional<Long> currentConversation(long chatId, long threadId) {
        return Optional.ofNullable(currentConversationByThread.getIfPresent(new ThreadKey(chatId, threadId)));
    }

    public void currentConversationStored(long chatId, long threadId, long conversationId) {
        currentConversationByThread.put(new ThreadKey(chatId, threadId), conversationId);
    }

    public ChatSettings settings(long chatId,
            Function<Long, ChatSettings> loader) {
        return settingsByChat.get(chatId, loader);
    }

    public void settingsStored(long chatId, ChatSettings settings) {
        settingsByChat.put(chatId, settings);
    }

    /** A conversation's turns changed other than by appending (an answer replaced, a message edited). */
    public void turnsChanged(long conversationId) {
        turnsByConversation.invalidate(conversationId);
    }

    public Turns turns(long conversationId, Supplier<Turns> loader) {
        return turnsByConversation.get(conversationId, id -> loader.get());
    }

    /** Adds a committed message to its conversation, if that conversation is cached (or forgets it, see {@code with}). */
    public void messageStored(StoredMessage message) {
        turnsByConversation.asMap().computeIfPresent(message.conversationId(), (id, turns) -> turns.with(message));
    }

    /** Drops everything cached about a chat and the given conversations (after /forget or a purge). */
    public void forget(Collection<Long> chatIds, Collection<Long> userIds, Collection<Long> conversationIds) {
        currentConversationByThread.asMap().keySet().removeIf(key -> chatIds.contains(key.chatId()));
        settingsByChat.invalidateAll(chatIds);
        chats.invalidateAll(chatIds);
        users.invalidateAll(userIds);
        turnsByConversation.invalidateAll(conversationIds);
    }

    /** For tests and statistics: conversations currently held. */
    public long cachedConversations() {
        turnsByConversation.cleanUp();
        return turnsByConversation.estimatedSize();
    }
}
