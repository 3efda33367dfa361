package ru.saigabot.training.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PromptSplitTest {

    /**
     * Unsigned MurmurHash3 x86_32, seed 0, of the UTF-8 bytes. "foo" is mmh3's documented example
     * (mmh3.hash("foo", signed=False) == 4138058784), "hello" and the fox are the usual reference
     * vectors; the Russian and CJK ones exercise every tail length with bytes above 0x7f, where
     * commons-codec's deprecated hash32 used to differ from the reference.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|0",
            "foo|84",
            "hello|51",
            "The quick brown fox jumps over the lazy dog|47",
            "Привет|16",
            "Объясни, что такое LoRA?|84",
            "ёж|77",
            "日本|58"})
    void bucketIsTheReferenceHashModulo100(String text, int bucket) {
        assertThat(PromptSplit.bucket(text)).isEqualTo(bucket);
    }

    @Test
    void fullHashMatchesTheReferenceVectors() {
        assertThat(unsigned("foo")).isEqualTo(4138058784L);
        assertThat(unsigned("hello")).isEqualTo(613153351L);
        assertThat(unsigned("The quick brown fox jumps over the lazy dog")).isEqualTo(776992547L);
        assertThat(unsigned("Привет")).isEqualTo(698543816L);
        assertThat(unsigned("ёж")).isEqualTo(3018035177L);
    }

    @Test
    void bucketsBelowHundredMinusValPercentAreTraining() {
        PromptSplit split = new PromptSplit(16);
        assertThat(split.isTrain("Привет")).as("bucket 16 < 84").isTrue();
        assertThat(split.isTrain("foo")).as("bucket 84 is the first validation bucket").isFalse();
        assertThat(new PromptSplit(0).isTrain("foo")).isTrue();
        assertThat(new PromptSplit(100).isTrain("")).isFalse();
    }

    @Test
    void stableAcrossCallsAndInstances() {
        for (int i = 0; i < 1000; i++) {
            String prompt = "Вопрос номер " + i;
            assertThat(new PromptSplit(3).isTrain(prompt)).isEqualTo(new PromptSplit(3).isTrain(prompt));
        }
    }

    @Test
    void roughlyValPercentGoToValidation() {
        PromptSplit split = new PromptSplit(10);
        int validation = 0;
        for (int i = 0; i < 10_000; i++) {
            if (!split.isTrain("Сообщение " + i)) {
                validation++;
            }
        }
        assertThat(validation).isBetween(800, 1200);
    }

    @Test
    void refusesPercentOutOfRange() {
        assertThatThrownBy(() -> new PromptSplit(101)).hasMessageContaining("--val-percent");
    }

    private static long unsigned(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Integer.toUnsignedLong(org.apache.commons.codec.digest.MurmurHash3.hash32x86(bytes, 0, bytes.length, 0));
    }
}
