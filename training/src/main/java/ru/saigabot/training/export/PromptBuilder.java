package ru.saigabot.training.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ru.saigabot.inference.grounding.GivenPassage;
import ru.saigabot.inference.grounding.GroundedQuestion;

/**
 * The prompt an answer was generated from, rebuilt from the stored turns: the system message, then
 * the turns before the user message, then that message. Pure; works on one conversation's turns with
 * their texts already scrubbed.
 *
 * <p>Rules: failed answers never reached the model and are left out; of several answers to one user
 * message (regenerations) only the latest one before the prompt stays, as the model saw it; history
 * up to a cut-off answer is dropped, so no record teaches an unfinished answer; consecutive user
 * turns (common in groups) are merged into one, since several chat templates require alternation; a question
 * that was given passages of the chat's documents carries them as the model saw them ({@link #groundedMessages}).
 */
public final class PromptBuilder {
    private PromptBuilder() {}

    /**
     * @param turns        the conversation's turns, oldest first
     * @param texts        the exportable (scrubbed, labelled) text of each turn, same indexes
     * @param systemPrompt the scrubbed system prompt
     * @param promptIndex  index of the user turn being answered
     */
    public static List<ChatMessage> build(List<StoredTurn> turns, List<String> texts, String systemPrompt,
                                          int promptIndex) {
        return messages(turns, texts, systemPrompt, keptTurns(turns, promptIndex));
    }

    /** The indexes of the turns that make the prompt of the user turn at {@code promptIndex}, oldest first. */
    public static List<Integer> keptTurns(List<StoredTurn> turns, int promptIndex) {
        long promptId = turns.get(promptIndex).id();
        Map<Long, Integer> latestAnswer = new HashMap<>();
        long lastUser = -1;
        for (int i = 0; i < promptIndex; i++) {
            StoredTurn turn = turns.get(i);
            if (turn.isUser()) {
                lastUser = turn.id();
            } else if (!"failed".equals(turn.status()) && turn.id() < promptId) {
                latestAnswer.put(answered(turn, lastUser), i);
            }
        }
        List<Integer> kept = new ArrayList<>();
        lastUser = -1;
        for (int i = 0; i < promptIndex; i++) {
            StoredTurn turn = turns.get(i);
            if (turn.isUser()) {
                lastUser = turn.id();
                kept.add(i);
            } else if (Integer.valueOf(i).equals(latestAnswer.get(answered(turn, lastUser)))) {
                if (!turn.isFinished()) {
                    kept.clear();
                } else {
                    kept.add(i);
                }
            }
        }
        kept.add(promptIndex);
        return kept;
    }

    /** The prompt's messages from the {@code kept} turns' texts, consecutive user turns merged. */
    public static List<ChatMessage> messages(List<StoredTurn> turns, List<String> texts, String systemPrompt,
                                             List<Integer> kept) {
        List<ChatMessage> messages = new ArrayList<>(kept.size() + 1);
        messages.add(ChatMessage.system(systemPrompt));
        for (int index : kept) {
            String role = turns.get(index).isUser() ? "user" : "assistant";
            ChatMessage last = messages.get(messages.size() - 1);
            if (last.role().equals(role)) {
                messages.set(messages.size() - 1, new ChatMessage(role, last.content() + "\n\n" + texts.get(index)));
            } else {
                messages.add(new ChatMessage(role, texts.get(index)));
            }
        }
        return messages;
    }

    /**
     * The prompt's messages with its question carrying the passages it was given, as the bot built its last turn
     * ({@code PromptAssembler}): {@link GroundedQuestion#parts} of the question's parts, joined by line breaks as
     * {@code ChatMessage.userParts} joins them. The question's parts are, in a group, every message since the last
     * answer (one "Участник N: текст" part each, as the bot's turn of a group is), in a private chat the question
     * alone; a private question right after a failed answer then follows the unanswered one as merged turns do.
     * Only this turn is grounded: the bot gives passages to the question being answered, never to history.
     *
     * @param passages the passages given, their texts already as the export writes them (scrubbed, control
     *                 strings kept as text); empty gives the plain {@link #messages}
     */
    public static List<ChatMessage> groundedMessages(List<StoredTurn> turns, List<String> texts, String systemPrompt,
                                                     List<Integer> kept, boolean group, List<GivenPassage> passages) {
        if (passages.isEmpty()) {
            return messages(turns, texts, systemPrompt, kept);
        }
        int from = kept.size() - 1;
        while (group && from > 0 && turns.get(kept.get(from - 1)).isUser()) {
            from--;
        }
        List<String> questionParts = new ArrayList<>(kept.size() - from);
        for (int index : kept.subList(from, kept.size())) {
            questionParts.add(texts.get(index));
        }
        List<ChatMessage> messages = messages(turns, texts, systemPrompt, kept.subList(0, from));
        String question = String.join("\n", GroundedQuestion.parts(passages, questionParts));
        ChatMessage last = messages.get(messages.size() - 1);
        if (last.role().equals("user")) {
            messages.set(messages.size() - 1, ChatMessage.user(last.content() + "\n\n" + question));
        } else {
            messages.add(ChatMessage.user(question));
        }
        return messages;
    }

    /** The text a prompt is split and deduplicated by: its turns without the system message, one per line. */
    public static String promptText(List<ChatMessage> prompt) {
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : prompt) {
            if (!message.role().equals("system")) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(message.content());
            }
        }
        return text.toString();
    }

    private static long answered(StoredTurn answer, long lastUser) {
        return answer.replyToId() != null ? answer.replyToId() : lastUser;
    }
}
