package ru.saigabot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import ru.saigabot.bot.settings.ChatSettings;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.store.ConversationCache.ChatRow;
import ru.saigabot.bot.store.ConversationCache.Turns;

class ConversationCacheTest {
    private final ConversationCache cache = new ConversationCache(10_000, Runnable::run);

    private static StoredMessage message(long id, String role, String text) {
        return new StoredMessage(id, 7, 1, role, text, id * 10);
    }

    @Test
    void anAnswerStoredAfterTheUsersNextMessageStillFollowsItsQuestion() {
        // The user wrote again (id 2) while answer 3 to their first message was being written.
        cache.turns(7, () -> new Turns("s", List.of(message(1, "user", "first"), message(2, "user", "second"))));
        cache.messageStored(StoredMessage.answer(3, 7, 1, "answer to first", 30L, 1));
        List<StoredMessage> context = cache.turns(7, () -> null).upTo(2);
        assertThat(context).extracting(StoredMessage::content).containsExactly("first", "answer to first", "second");

        cache.messageStored(StoredMessage.answer(4, 7, 1, "answer to second", 40L, 2));
        cache.messageStored(StoredMessage.answer(5, 7, 1, "regenerated answer to second", 50L, 2));
        assertThat(cache.turns(7, () -> null).upTo(2)).as("earlier answers to the question itself are left out")
                .extracting(StoredMessage::content).containsExactly("first", "answer to first", "second");
        assertThat(cache.turns(7, () -> null).messages()).extracting(StoredMessage::id).containsExactly(1L, 3L, 2L, 4L, 5L);
    }

    @Test
    void theContextIsRightEvenWhenItIsNotAPrefixOfTheConversation() {
        // An answer numbered before its question cannot happen with the database's ids; should it ever, the
        // context still leaves it out rather than cut the conversation short.
        Turns turns = new Turns("s", List.of(message(1, "user", "first"), StoredMessage.answer(2, 7, 1, "odd", 20L, 3),
                message(3, "user", "third")));
        assertThat(turns.messages()).extracting(StoredMessage::id).containsExactly(1L, 2L, 3L);
        assertThat(turns.upTo(3)).extracting(StoredMessage::id).containsExactly(1L, 3L);
        assertThat(turns.upTo(1)).extracting(StoredMessage::id).containsExactly(1L);
    }

    @Test
    void missesReadTheLoaderAndHitsDoNot() {
        Turns loaded = new Turns("system", List.of(message(1, "user", "a")));
        assertThat(cache.turns(7, () -> loaded)).isEqualTo(loaded);
        assertThat(cache.turns(7, () -> {
            throw new AssertionError("a hit must not reload");
        })).isEqualTo(loaded);
    }

    @Test
    void committedMessagesAreAddedInIdOrderAndOnlyOnce() {
        cache.turns(7, () -> new Turns("system", List.of(message(1, "user", "a"))));
        cache.messageStored(message(3, "user", "c"));
        cache.messageStored(message(2, "assistant", "b")); // committed later than 3, numbered earlier
        cache.messageStored(message(3, "user", "c")); // a reload raced the write-through
        assertThat(cache.turns(7, () -> null).messages()).extracting(StoredMessage::id).containsExactly(1L, 2L, 3L);
        assertThat(cache.turns(7, () -> null).upTo(2)).extracting(StoredMessage::id).containsExactly(1L, 2L);
    }

    @Test
    void holdsTheLatestTurnsAsAReloadWouldMovingTheWindowInSteps() {
        ConversationCache roomy = new ConversationCache(10_000_000, Runnable::run);
        roomy.turns(7, () -> new Turns("system", List.of(message(1, "user", "a"))));
        List<Long> firstKept = new java.util.ArrayList<>();
        int stored = MessageStore.MAX_TURNS_LOADED + 120;
        for (long id = 2; id <= stored; id++) {
            roomy.messageStored(message(id, id % 2 == 0 ? "assistant" : "user", "turn " + id));
            Turns turns = roomy.turns(7, () -> null);
            assertThat(turns.messages()).as("after message %d", id)
                    .hasSize(MessageStore.windowSize(id));
            firstKept.add(turns.messages().get(0).id());
        }
        Turns turns = roomy.turns(7, () -> null);
        assertThat(turns.messages()).extracting(StoredMessage::id).as("the latest turns, as the database returns them")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(
                        stored - MessageStore.windowSize(stored) + 1, stored).boxed().toList());
        assertThat(turns.truncated()).isTrue();
        assertThat(turns.weight()).as("kept up to date as turns come and go")
                .isEqualTo(new Turns("system", turns.messages()).weight());
        // the window's start moved three times in 320 messages, by 50 each time, not with each of the 120 past 200
        assertThat(firstKept.stream().distinct()).containsExactly(1L, 51L, 101L, 151L);

        roomy.messageStored(message(3, "user", "older than every turn kept"));
        assertThat(roomy.cachedConversations()).as("read again: the database says where the window starts").isZero();
    }

    @Test
    void theWindowSizeGrowsToTheBoundThenFallsBackByAStep() {
        assertThat(MessageStore.windowSize(0)).isZero();
        assertThat(MessageStore.windowSize(200)).isEqualTo(200);
        assertThat(MessageStore.windowSize(201)).isEqualTo(151);
        assertThat(MessageStore.windowSize(250)).isEqualTo(200);
        assertThat(MessageStore.windowSize(251)).isEqualTo(151);
        assertThat(MessageStore.windowSize(10_000_000_123L)).isBetween(151, 200);
    }

    @Test
    void aConversationNotCachedStaysUncached() {
        cache.messageStored(message(5, "user", "x"));
        assertThat(cache.cachedConversations()).isZero();
    }

    @Test
    void isBoundedByTextSize() {
        String big = "я".repeat(3_000);
        for (long conversation = 1; conversation <= 10; conversation++) {
            long id = conversation;
            cache.turns(id, () -> new Turns("s", List.of(new StoredMessage(id, id, 1, "user", big, id))));
        }
        assertThat(cache.cachedConversations()).isLessThanOrEqualTo(3);
    }

    @Test
    void forgetsChatsUsersAndConversations() {
        TelegramUser user = new TelegramUser(1, "Ада", null, "ru");
        ChatRow chat = new ChatRow(1, ChatKind.PRIVATE, null);
        cache.userStored(user);
        cache.chatStored(chat);
        cache.currentConversationStored(1, 0, 7);
        cache.currentConversationStored(1, 12, 8);
        cache.currentConversationStored(2, 0, 9);
        cache.settingsStored(1, ChatSettings.DEFAULTS.withTemperature(0.5));
        cache.turns(7, () -> new Turns("s", List.of()));
        assertThat(cache.isStored(user)).isTrue();
        assertThat(cache.isStored(new TelegramUser(1, "Ада", "ada", "ru"))).as("a changed user is written again").isFalse();

        cache.forget(List.of(1L), List.of(1L), List.of(7L));
        assertThat(cache.isStored(user)).isFalse();
        assertThat(cache.isStored(chat)).isFalse();
        assertThat(cache.currentConversation(1, 0)).isEmpty();
        assertThat(cache.currentConversation(1, 12)).as("every topic of the chat").isEmpty();
        assertThat(cache.currentConversation(2, 0)).as("other chats stay").contains(9L);
        assertThat(cache.settings(1, id -> ChatSettings.DEFAULTS)).isEqualTo(ChatSettings.DEFAULTS);
        assertThat(cache.cachedConversations()).isZero();
    }
}
