package ru.saigabot.inference.bench;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * Conversations for {@link BenchRunner}: {@link #users()} of them at once, each {@link #turns()} user turns long,
 * every turn answered before the next is asked. Fixed by a seed, so that two runs (prompt cache on and off, two
 * machines) send the same text.
 */
public interface BenchConversations {

    /** Conversations held at the same time, one thread each. */
    int users();

    /** User turns of each conversation: each is one request. */
    int turns();

    /** The longest answer in tokens. */
    int maxTokens();

    /** What conversation {@code user} (0-based) says in each turn, as the bot puts it in the prompt. */
    List<ChatMessage> userTurns(int user);

    /** The sampling seed of one answer. */
    long answerSeed(int user, int turn);
}
