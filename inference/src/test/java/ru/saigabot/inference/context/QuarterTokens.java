package ru.saigabot.inference.context;

/**
 * A fake tokenizer for exact expectations: one token per four characters, rounded up.
 *
 * @param addsBos whether it stands for a tokenizer that puts BOS in front of a prompt
 */
record QuarterTokens(boolean addsBos) implements TokenCounter {

    @Override
    public int count(String text) {
        return (text.length() + 3) / 4;
    }
}
