package ru.saigabot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.generation.AnswerStatus;
import ru.saigabot.bot.generation.FinishedAnswer;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.inference.GenerationStats;

/** A conversation as {@link MessageStore#loadTurns} reads it back from the database, without the cache. */
@ExtendWith(FreshDatabase.class)
class MessageStoreIT {
    private static final long CHAT = 801;
    private static final long USER = 801;

    private final ConversationCache cache = new ConversationCache(1_000_000, Runnable::run);
    private final ChatStore chats = new ChatStore(cache);
    private final GenerationRepository generations = new GenerationRepository(cache, new LiveBattleStore(cache));
    private final MessageStore messages = new MessageStore(cache);
    private Database database;
    private long conversation;

    @BeforeEach
    void aChat(DatabaseUrl db) {
        database = Database.open(db.jdbcUrl(), 2);
        conversation = database.transact(tx -> {
            chats.upsertUser(tx.connection(), new TelegramUser(USER, "Оля", null, "ru"));
            chats.upsertChat(tx.connection(), CHAT, ChatKind.PRIVATE, null);
            return chats.currentConversation(tx, CHAT, 0, "system");
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    /**
     * The user wrote again while the first answer was being written, so that answer's id is above the second
     * question's: only its reply_to puts it back after the question it answers.
     */
    @Test
    void anAnswerReloadedFromTheDatabaseKeepsTheMessageItAnswers() {
        GenerationJob first = ask("Сколько будет 2+2?", 10);
        GenerationJob second = ask("А 3+3?", 11);
        long firstAnswer = database.transact(tx -> generations.start(tx.connection(), first.id(), null)
                ? generations.finish(tx, first, answer("4", 12)) : -1);
        long secondAnswer = database.transact(tx -> generations.start(tx.connection(), second.id(), null)
                ? generations.finish(tx, second, answer("6", 13)) : -1);
        long q1 = first.question().messageId();
        long q2 = second.question().messageId();

        List<StoredMessage> turns = database.query(connection ->
                messages.loadTurns(connection, CHAT, conversation)).messages();

        assertThat(turns).extracting(StoredMessage::id).containsExactly(q1, firstAnswer, q2, secondAnswer);
        assertThat(turns).extracting(StoredMessage::replyToId).containsExactly(null, q1, null, q2);
        assertThat(turns).extracting(StoredMessage::position).containsExactly(q1, q1, q2, q2);
        assertThat(turns).extracting(StoredMessage::authorName).containsExactly("Оля", null, "Оля", null);
        assertThat(turns).isSortedAccordingTo(StoredMessage.CONVERSATION_ORDER);
        assertThat(new ConversationCache.Turns("system", turns).upTo(q2)).extracting(StoredMessage::id)
                .as("the second question's context holds the first answer").containsExactly(q1, firstAnswer, q2);
    }

    /** A busy group's window moves in steps; a reload after a restart holds exactly what the cache held. */
    @Test
    void aReloadHoldsTheSameStepwiseWindowAsTheCache() {
        int total = MessageStore.MAX_TURNS_LOADED + 60;
        database.query(connection -> messages.turns(connection, CHAT, conversation)); // cached from here on
        database.transact(tx -> {
            for (int i = 0; i < total; i++) {
                messages.addContextMessage(tx, conversation, CHAT, USER, "Оля", "сообщение " + i, 1000 + i);
            }
            return null;
        });
        List<StoredMessage> cached = database.query(connection -> messages.turns(connection, CHAT, conversation))
                .messages();
        ConversationCache.Turns reloaded = database.query(connection -> messages.loadTurns(connection, CHAT,
                conversation));

        assertThat(reloaded.messages()).hasSize(MessageStore.windowSize(total)).isEqualTo(cached);
        assertThat(reloaded.messages().get(0).content()).isEqualTo("сообщение 100");
        assertThat(reloaded.truncated()).isTrue();
    }

    private GenerationJob ask(String text, long tgMessageId) {
        return database.transact(tx -> generations.enqueueMessage(tx, new GenerationRepository.NewQuestion(
                new Place(CHAT, 0, false), conversation, USER, "Оля", "ru", text, tgMessageId), 100).job());
    }

    private static FinishedAnswer answer(String text, long shownIn) {
        return new FinishedAnswer(text, AnswerStatus.COMPLETE, "tiny", "{}", new GenerationStats(10, 0, 1,
                Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(3), 0), shownIn, null);
    }
}
