package ru.saigabot.inference.context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.template.ChatTemplate;

/**
 * Fits a conversation into a slot's context: the prompt may take {@code contextSize - answerTokens} tokens, and when
 * the whole conversation needs more, the oldest turns are dropped whole (a user message goes with the answer after
 * it) until it fits. The system prompt and the last user message are always kept; when even they do not fit and the
 * last message is made of parts (a group's messages since the bot's last answer), its oldest parts are left out; when
 * its last part alone does not fit, a {@link PromptTooLongException} says so, with the numbers. Nothing is ever cut
 * inside a message or a part.
 *
 * <h2>Counting</h2>
 * What is counted is the rendered prompt, exactly as llama.cpp will read it, with the model's own tokenizer: the
 * template adds tokens around every message, and they are not additive per message (Mistral puts the system prompt in
 * front of the first {@code [INST]}, Llama-3 trims contents, an embedded Jinja template may do anything, and a BPE
 * tokenizer can merge across a boundary). So each candidate prompt (the system prompt plus the newest {@code n - k}
 * turns) is rendered and counted whole. Its size shrinks as {@code k} grows, so the smallest {@code k} that fits is
 * found by binary search: one count when the conversation fits (the usual case), otherwise two more (all turns
 * dropped but the last, to fail fast) and {@code log2(turns)} in between: 9 counts for 100 turns, each a linear pass
 * of the tokenizer, instead of one per dropped turn. The returned prompt is always one that was counted and fits:
 * were a template ever to break the shrinking (no built-in one can), the search could drop a turn more than needed,
 * never return a prompt that is too long.
 *
 * <h2>Keeping the start steady</h2>
 * llama.cpp reuses a slot's cache only up to the first token that differs from the previous prompt. Dropping the
 * fewest turns that make a long conversation fit changes the text right after the system prompt on every turn, and
 * then nearly the whole prompt is evaluated again every time. {@link #fitKeepingStart} therefore drops in a step: when
 * the conversation no longer fits, down to a low-water mark (a share of the room), and then keeps starting at that
 * same turn, recognised by its {@link PromptStart}, for as long as the prompt fits. Between two drops every prompt
 * begins with the whole previous one, and only the new turn is evaluated.
 */
public final class ContextBudget {
    /**
     * When a conversation outgrows its context, its oldest turns go until the prompt takes this share of the room:
     * the turns that follow fit without dropping again, each evaluating only its own text, and a drop costs one
     * evaluation of this share of the context.
     */
    public static final double LOW_WATER = 0.5;
    /**
     * The share when a drop costs no evaluation, because llama.cpp shifts the kept turns into place (chunk reuse):
     * then a prompt keeps more of the conversation, and drops come more often at no cost but the shift.
     */
    public static final double LOW_WATER_WITH_CHUNK_REUSE = 0.75;

    private ContextBudget() {
    }

    /**
     * @param conversation  the messages, oldest first; leading system messages are kept, and there must be a user
     *                      message
     * @param contextSize   tokens of one conversation's context (a slot)
     * @param answerTokens  tokens kept free for the answer
     * @throws PromptTooLongException   when the system prompt and the last turn alone need more than
     *                                  {@code contextSize - answerTokens}
     * @throws IllegalArgumentException for an answer budget that leaves no room, or no user message
     */
    public static FittedPrompt fit(List<ChatMessage> conversation, ChatTemplate template, TokenCounter counter,
                                   int contextSize, int answerTokens) {
        int available = room(conversation, template, counter, contextSize, answerTokens);
        return fewest(new Candidates(Turns.of(conversation), template, counter), available, contextSize,
                answerTokens);
    }

    private static int room(List<ChatMessage> conversation, ChatTemplate template, TokenCounter counter,
                            int contextSize, int answerTokens) {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(counter, "counter");
        if (answerTokens < 0 || answerTokens >= contextSize) {
            throw new IllegalArgumentException("the answer budget (" + answerTokens + " tokens) must be at least 0 "
                    + "and smaller than the context (" + contextSize + " tokens)");
        }
        return contextSize - answerTokens;
    }

    /** The fewest oldest turns dropped (then parts of the last) that make the prompt fit {@code available}. */
    private static FittedPrompt fewest(Candidates candidates, int available, int contextSize, int answerTokens) {
        FittedPrompt whole = candidates.dropping(0);
        if (whole.promptTokens() <= available) {
            return whole;
        }
        int last = candidates.turnCount() - 1;
        FittedPrompt shortest = candidates.dropping(last);
        if (shortest.promptTokens() > available) {
            return candidates.trimmingLastTurn(available, contextSize, answerTokens);
        }
        return candidates.fewestDropped(0, last, available);
    }

    /**
     * Like {@link #fit}, but starts at the turn the conversation's previous prompt started with while the prompt
     * fits; when it does not (or there is no such turn), drops the fewest oldest turns that bring the prompt down to
     * {@code lowWater} of the room, so that the next turns fit without dropping again. The result's
     * {@link FittedPrompt#start()} is where the next turn should start.
     *
     * @param previous where the previous prompt of this conversation started, if it dropped anything
     * @param lowWater the share of the room ({@code contextSize - answerTokens}) a prompt is brought down to when turns
     *                 are dropped, in (0, 1]; 1 drops as few as {@link #fit}
     */
    public static FittedPrompt fitKeepingStart(List<ChatMessage> conversation, ChatTemplate template,
                                               TokenCounter counter, int contextSize, int answerTokens,
                                               Optional<PromptStart> previous, double lowWater) {
        if (!(lowWater > 0 && lowWater <= 1)) {
            throw new IllegalArgumentException("lowWater must be in (0, 1], got " + lowWater);
        }
        int available = room(conversation, template, counter, contextSize, answerTokens);
        Candidates candidates = new Candidates(Turns.of(conversation), template, counter);
        FittedPrompt fewest = fewest(candidates, available, contextSize, answerTokens);
        if (fewest.droppedTurns() == 0 || fewest.droppedParts() > 0) {
            return fewest;
        }
        int last = candidates.turnCount() - 1;
        if (previous.isPresent()) {
            int start = candidates.indexOf(previous.get(), fewest.droppedTurns());
            if (start >= 0 && candidates.dropping(start).promptTokens() <= available) {
                return candidates.dropping(start);
            }
        }
        int target = (int) Math.floor(available * lowWater);
        if (candidates.dropping(last).promptTokens() > target) {
            return fewest; // even the last turn alone is above the mark: as few as fit
        }
        return candidates.fewestDropped(fewest.droppedTurns() - 1, last, target);
    }

    /** The candidate prompts, each rendered and counted at most once. */
    private static final class Candidates {
        private final Turns turns;
        private final ChatTemplate template;
        private final TokenCounter counter;
        private final Map<Integer, FittedPrompt> counted = new HashMap<>();

        Candidates(Turns turns, ChatTemplate template, TokenCounter counter) {
            this.turns = turns;
            this.template = template;
            this.counter = counter;
        }

        int turnCount() {
            return turns.turns().size();
        }

        /**
         * The prompt dropping the fewest turns that takes at most {@code limit} tokens, by binary search between
         * {@code tooFew} dropped turns, which take more, and {@code enough}, which take no more.
         */
        FittedPrompt fewestDropped(int tooFew, int enough, int limit) {
            while (enough - tooFew > 1) {
                int middle = (tooFew + enough) >>> 1;
                if (dropping(middle).promptTokens() <= limit) {
                    enough = middle;
                } else {
                    tooFew = middle;
                }
            }
            return dropping(enough);
        }

        /** The first turn from {@code from} on whose messages begin as {@code start} says, or -1. */
        int indexOf(PromptStart start, int from) {
            for (int i = from; i < turns.turns().size(); i++) {
                if (start.begins(messagesFrom(i))) {
                    return i;
                }
            }
            return -1;
        }

        private List<ChatMessage> messagesFrom(int turn) {
            List<ChatMessage> messages = new ArrayList<>();
            turns.turns().subList(turn, turns.turns().size()).forEach(messages::addAll);
            return messages;
        }

        FittedPrompt dropping(int dropped) {
            return counted.computeIfAbsent(dropped, k -> count(turns.keepingFrom(k), k, 0));
        }

        /**
         * Every older turn is left out and the last still does not fit: when it is made of parts (a group's messages
         * since the last answer), its oldest parts go too, as few as needed (binary search, as for turns). Only
         * when its last part alone does not fit is the prompt too long.
         */
        FittedPrompt trimmingLastTurn(int available, int contextSize, int answerTokens) {
            int dropped = turnCount() - 1;
            List<ChatMessage> kept = turns.keepingFrom(dropped);
            ChatMessage last = kept.get(kept.size() - 1);
            int parts = last.parts().size();
            FittedPrompt shortest = parts > 1 ? trimmed(kept, dropped, parts - 1) : dropping(dropped);
            if (shortest.promptTokens() > available) {
                throw new PromptTooLongException(shortest.promptTokens(), contextSize, answerTokens);
            }
            int tooFew = 0;
            int enough = parts - 1;
            while (enough - tooFew > 1) {
                int middle = (tooFew + enough) >>> 1;
                if (trimmed(kept, dropped, middle).promptTokens() <= available) {
                    enough = middle;
                } else {
                    tooFew = middle;
                }
            }
            return trimmed(kept, dropped, enough);
        }

        private FittedPrompt trimmed(List<ChatMessage> kept, int droppedTurns, int droppedParts) {
            List<ChatMessage> messages = new ArrayList<>(kept);
            int last = messages.size() - 1;
            messages.set(last, messages.get(last).withoutOldestParts(droppedParts));
            return count(messages, droppedTurns, droppedParts);
        }

        private FittedPrompt count(List<ChatMessage> kept, int droppedTurns, int droppedParts) {
            String prompt = template.renderForCompletion(kept, counter.addsBos());
            int tokens = counter.count(prompt) + (counter.addsBos() ? 1 : 0);
            PromptStart start = droppedTurns == 0 ? null : PromptStart.of(messagesFrom(droppedTurns));
            return new FittedPrompt(prompt, kept, droppedTurns, droppedParts, tokens, start);
        }
    }
}
