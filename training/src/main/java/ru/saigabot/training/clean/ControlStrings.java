package ru.saigabot.training.clean;

import ru.saigabot.inference.template.FamilyControlTokens;
import ru.saigabot.inference.text.SpecialTokenText;

/**
 * Control token strings of the chat formats ({@code </s>}, {@code <|eot_id|>}, {@code [INST]}…) in exported texts
 * (issue #16). Trainers render records with the base model's chat template and tokenize the result with special
 * tokens parsed, as llama.cpp does, so such a string in a message would train the model on a forged turn. It is kept
 * as text exactly as the bot's prompts keep it: a zero-width space after its first character. The base model is not
 * known at export time ({@code train prepare} picks it later), so every built-in family's strings count.
 */
public final class ControlStrings {
    private static final SpecialTokenText FAMILIES = SpecialTokenText.of(FamilyControlTokens.all());

    private ControlStrings() {}

    /** {@code text} with every control token string kept as text; the same string when it has none. */
    public static String neutralise(String text) {
        return FAMILIES.neutralise(text);
    }
}
