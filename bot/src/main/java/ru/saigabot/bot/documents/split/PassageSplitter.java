package ru.saigabot.bot.documents.split;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;
import ru.saigabot.bot.documents.read.DocumentPart;
import ru.saigabot.bot.documents.read.ReadDocument;

/**
 * Splits a read document into passages of about {@code target} tokens, never more than {@code max}, each within one
 * part (so never across two PDF pages or two sections). Passages end at paragraph ends where they can, else at
 * sentence ends; several short paragraphs share a passage. A sentence longer than {@code target} is cut between words
 * (a "word" longer still, such as a long link, between characters). A passage repeats the last sentence of the one
 * before it in the same part, when that sentence is at most {@code maxOverlap} tokens: an answer that straddles the
 * boundary is then found whole in one of them.
 *
 * <p>Tokens are counted by the function given: the model's tokenizer, or {@link EstimatedTokens}. Each sentence is
 * measured once and a passage's size is planned as the sum of its sentences'; the passage itself is then measured
 * once to hold the cap exactly (a tokenizer need not be additive), so a document costs about two passes of the
 * counter. Thread-safe if the counter is.
 */
public final class PassageSplitter {

    /**
     * A passage ends at the first paragraph end past the target, or at a page's end, so passages come out smaller
     * than it: with these defaults they average about 300 tokens (317 over the evaluation documents of
     * bot/eval/documents), the size retrieval is measured at. A target of 300 gave passages of 243 tokens on
     * average and recall@4 0.74 instead of 0.80.
     */
    public static final int DEFAULT_TARGET_TOKENS = 400;
    public static final int DEFAULT_MAX_TOKENS = 520;
    public static final int DEFAULT_MAX_OVERLAP_TOKENS = 60;

    private final ToIntFunction<String> tokens;
    private final int target;
    private final int max;
    private final int maxOverlap;

    /** Defaults, with {@link EstimatedTokens} for a Llama 3 family model. */
    public PassageSplitter() {
        this(new EstimatedTokens());
    }

    public PassageSplitter(ToIntFunction<String> tokens) {
        this(tokens, DEFAULT_TARGET_TOKENS, DEFAULT_MAX_TOKENS, DEFAULT_MAX_OVERLAP_TOKENS);
    }

    /**
     * @param target     the size passages are filled to
     * @param max        the hard cap, at least the target (room for the overlap and for sentences that do not fit)
     * @param maxOverlap the longest sentence repeated from the previous passage; 0 for no overlap
     */
    public PassageSplitter(ToIntFunction<String> tokens, int target, int max, int maxOverlap) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        if (target < 1 || max < target || maxOverlap < 0 || maxOverlap >= target) {
            throw new IllegalArgumentException("need 0 < target <= max and 0 <= overlap < target: target " + target
                    + ", max " + max + ", overlap " + maxOverlap);
        }
        this.target = target;
        this.max = max;
        this.maxOverlap = maxOverlap;
    }

    public List<PassageDraft> split(ReadDocument document) {
        List<PassageDraft> passages = new ArrayList<>();
        for (int part = 0; part < document.parts().size(); part++) {
            split(part, document.parts().get(part), passages);
        }
        return passages;
    }

    private void split(int partIndex, DocumentPart part, List<PassageDraft> passages) {
        String text = part.text();
        List<Unit> units = new Units(text, tokens, target).all();
        Unit overlap = null;
        int next = 0;
        while (next < units.size()) {
            Unit first = units.get(next);
            boolean overlapped = overlap != null && overlap.tokens() + first.tokens() <= max;
            int planned = (overlapped ? overlap.tokens() : 0) + first.tokens();
            int end = next + 1;
            for (; end < units.size(); end++) {
                Unit unit = units.get(end);
                if (planned + unit.tokens() > target || unit.paragraphStart() && planned >= target / 2
                        && planned + unit.paragraphTokens() > target) {
                    break; // full, or a good place: a paragraph's end before a paragraph that would not fit
                }
                planned += unit.tokens();
            }
            int start = overlapped ? overlap.start() : first.start();
            String passage = text.substring(start, units.get(end - 1).end());
            int measured = tokens.applyAsInt(passage);
            while (measured > max && (overlapped || end - 1 > next)) {
                // The plan was off (the counter is not additive): shed the overlap, then sentences from the end.
                if (overlapped) {
                    overlapped = false;
                    start = first.start();
                } else {
                    end--;
                }
                passage = text.substring(start, units.get(end - 1).end());
                measured = tokens.applyAsInt(passage);
            }
            passages.add(new PassageDraft(passages.size(), partIndex, part.page(), part.section(), start,
                    start + passage.length(), passage, measured));
            Unit last = units.get(end - 1);
            overlap = maxOverlap > 0 && last.tokens() <= maxOverlap && end < units.size() ? last : null;
            next = end;
        }
    }
}
