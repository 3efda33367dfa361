package ru.saigabot.training.split;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Train/validation split by a stable hash of the prompt, so one prompt never lands in both files
 * and the same prompt lands on the same side in every export: unsigned MurmurHash3 x86_32 with seed 0
 * of the prompt's UTF-8 bytes, modulo 100; buckets below {@code 100 - valPercent} are training data.
 * This is the rule rulm's dataset scripts use ({@code mmh3.hash(text, signed=False) % 100}), so
 * splits made here agree with theirs.
 */
public record PromptSplit(int valPercent) {

    public PromptSplit {
        if (valPercent < 0 || valPercent > 100) {
            throw new IllegalArgumentException("--val-percent = " + valPercent + " is out of range; allowed 0..100");
        }
    }

    /** The prompt's bucket, 0..99. */
    public static int bucket(String promptText) {
        byte[] bytes = promptText.getBytes(StandardCharsets.UTF_8);
        // hash32x86, not the deprecated hash32: the latter sign-extends trailing bytes and differs
        // from the reference implementation for non-ASCII text (every Russian prompt).
        long unsigned = Integer.toUnsignedLong(MurmurHash3.hash32x86(bytes, 0, bytes.length, 0));
        return (int) (unsigned % 100);
    }

    public boolean isTrain(String promptText) {
        return bucket(promptText) < 100 - valPercent;
    }
}
