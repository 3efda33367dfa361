package ru.saigabot.inference.remote;

import ru.saigabot.inference.context.TokenCounter;

/**
 * A pessimistic token count for servers whose tokenizer is not here: one token per two characters. Russian takes
 * about two to four characters a token on the tokenizers Saiga models use (fewer on older Llama-2/Mistral
 * vocabularies), English about four, so this overestimates: a conversation may lose a turn more than needed, but
 * a prompt it lets through fits.
 */
final class EstimatedTokens implements TokenCounter {

    @Override
    public int count(String text) {
        int chars = text.codePointCount(0, text.length());
        return (chars + 1) / 2;
    }
}
