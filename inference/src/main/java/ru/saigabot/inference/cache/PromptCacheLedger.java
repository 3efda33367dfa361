package ru.saigabot.inference.cache;

import java.util.Arrays;
import java.util.Objects;

/**
 * What each llama.cpp slot holds in its KV cache, as far as the engine can tell, so each request can report how
 * much of its prompt came from the cache and how much was evaluated.
 *
 * <p>Why a ledger: java-llama.cpp 4.2.0 hands back only the text of each token ({@code receiveCompletion} copies the
 * result's {@code content} and nothing else), so llama.cpp's own {@code tokens_cached} and {@code timings} never reach
 * Java. The ledger applies llama.cpp's rule (b4916, {@code update_slots} with {@code cache_prompt}) to the tokens the
 * engine sent: the reused part is the longest common prefix of the slot's cached tokens and the new prompt, less one
 * token when the whole prompt matches (llama.cpp always evaluates at least one token to get logits), and nothing
 * when the slot's LoRA setting changed (llama.cpp then clears the slot's cache). The cached tokens are the prompt
 * (exact: the engine tokenizes it with the model's tokenizer) followed by the answer's tokens but the last (which
 * is sampled, never evaluated); the answer's tokens are the re-tokenized answer text, since the ids are not
 * returned either, so when a model samples a non-canonical tokenization the ledger may miss a few answer tokens.
 *
 * <p>With chunk reuse on ({@code --cache-reuse N}), llama.cpp then walks the rest of the cache: a run of at least
 * {@code N} tokens that equals the prompt at its current position is shifted into place and counts as reused; a token
 * that does not start such a run is skipped. The ledger walks it the same way.
 *
 * <p>Thread-safe: each slot thread records its own slot.
 */
public final class PromptCacheLedger {
    private final Entry[] slots;
    private final int minChunk;

    private record Entry(int[] tokens, String loraSignature) {}

    public PromptCacheLedger(int slots) {
        this(slots, 0);
    }

    /** @param minChunk llama.cpp's {@code n_cache_reuse}: the shortest run reused at a shifted position; 0 is off */
    public PromptCacheLedger(int slots, int minChunk) {
        if (minChunk < 0) {
            throw new IllegalArgumentException("minChunk cannot be negative, got " + minChunk);
        }
        this.slots = new Entry[slots];
        this.minChunk = minChunk;
    }

    /**
     * How many leading tokens of {@code prompt} llama.cpp takes from slot {@code slot}'s cache instead of
     * evaluating them.
     *
     * @param loraSignature the request's adapters and scales, compared for equality only
     */
    public synchronized int reusable(int slot, int[] prompt, String loraSignature) {
        Entry entry = slots[slot];
        if (entry == null || !entry.loraSignature().equals(loraSignature)) {
            return 0;
        }
        int reused = commonPrefix(entry.tokens(), prompt);
        if (minChunk > 0) {
            reused = withShiftedChunks(entry.tokens(), prompt, reused);
        }
        return reused == prompt.length && reused > 0 ? reused - 1 : reused;
    }

    /** llama.cpp b4916's chunk walk ({@code update_slots}, {@code n_cache_reuse}) after the common prefix. */
    private int withShiftedChunks(int[] cache, int[] prompt, int prefix) {
        int reused = prefix;
        int headCache = prefix;
        int headPrompt = prefix;
        while (headCache < cache.length && headPrompt < prompt.length) {
            int match = 0;
            while (headCache + match < cache.length && headPrompt + match < prompt.length
                    && cache[headCache + match] == prompt[headPrompt + match]) {
                match++;
            }
            if (match >= minChunk) {
                reused += match;
                headCache += match;
                headPrompt += match;
            } else {
                headCache++;
            }
        }
        return reused;
    }

    /**
     * Records what slot {@code slot} holds after a generation: the prompt and the answer's tokens but the last.
     *
     * @param answer the answer's tokens as sampled (or as re-tokenized from its text)
     */
    public synchronized void record(int slot, int[] prompt, int[] answer, String loraSignature) {
        Objects.requireNonNull(loraSignature, "loraSignature");
        int kept = Math.max(0, answer.length - 1);
        int[] tokens = Arrays.copyOf(prompt, prompt.length + kept);
        System.arraycopy(answer, 0, tokens, prompt.length, kept);
        slots[slot] = new Entry(tokens, loraSignature);
    }

    /** How many tokens slot {@code slot}'s cache holds, as far as the ledger knows. */
    public synchronized int held(int slot) {
        Entry entry = slots[slot];
        return entry == null ? 0 : entry.tokens().length;
    }

    /** The slot's cache is unknown or empty (after an error, or with the prompt cache off). */
    public synchronized void forget(int slot) {
        slots[slot] = null;
    }

    static int commonPrefix(int[] a, int[] b) {
        int limit = Math.min(a.length, b.length);
        int i = 0;
        while (i < limit && a[i] == b[i]) {
            i++;
        }
        return i;
    }
}
