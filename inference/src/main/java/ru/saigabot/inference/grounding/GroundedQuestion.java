package ru.saigabot.inference.grounding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A question with the passages found for it, as the model reads it: one user turn of parts (see
 * {@code ChatMessage.userParts}), the passages first, then an instruction, then the question's own parts. The
 * context budget leaves out a turn's oldest parts first when even the system prompt and this turn do not fit, so
 * the passages come in reverse order ([1], the best, right before the instruction): the worst passage gives way
 * first, the instruction only once no passage is left, and the question never.
 *
 * <p>The bot builds its prompts here and {@code train export} rebuilds them here, so a dataset holds the turn
 * exactly as the model saw it.
 */
public final class GroundedQuestion {
    /** Russian, as the models served are: the question's language does not change the instruction. */
    static final String INSTRUCTION = "Выше — фрагменты документов этого чата, [1] — самый подходящий. Ответь на "
            + "вопрос ниже, опираясь на них, и ставь после сказанного номер фрагмента в квадратных скобках, "
            + "например [1]. Если во фрагментах ответа нет, так и скажи.";

    private GroundedQuestion() {
    }

    /**
     * @param passages      the passages given, numbered from 1 (any order)
     * @param questionParts the question turn's parts: the question, or a group's messages since the last answer
     * @return the turn's parts; just {@code questionParts} when there are no passages
     */
    public static List<String> parts(List<GivenPassage> passages, List<String> questionParts) {
        if (passages.isEmpty()) {
            return List.copyOf(questionParts);
        }
        List<GivenPassage> worstFirst = new ArrayList<>(passages);
        worstFirst.sort(Comparator.comparingInt(GivenPassage::number).reversed());
        List<String> parts = new ArrayList<>(worstFirst.size() + 1 + questionParts.size());
        for (GivenPassage passage : worstFirst) {
            // The blank line after each passage comes from the part ending in a line break: parts join with one.
            parts.add("[" + passage.number() + "] " + passage.origin() + "\n" + passage.text().strip() + "\n");
        }
        parts.add(INSTRUCTION);
        parts.addAll(questionParts);
        return List.copyOf(parts);
    }
}
