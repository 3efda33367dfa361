package ru.saigabot.bot.web.admin;

/**
 * A model as an answer stores it ({@code message.model}): the base model, then each LoRA adapter that was on, as
 * {@code "saiga_llama3_8b+style"} or {@code "saiga_llama3_8b+style@0.5"} at another scale than 1. The dashboard
 * shows base and adapters apart, so an adapter's answers can be compared with its base model's.
 *
 * @param label   the label as stored
 * @param base    the model without its adapters
 * @param adapter what follows the base ("style", "style@0.5+tone"); null for the base model alone
 */
record ModelLabel(String label, String base, String adapter) {

    static ModelLabel of(String label) {
        int plus = label.indexOf('+');
        return plus <= 0 ? new ModelLabel(label, label, null)
                : new ModelLabel(label, label.substring(0, plus), label.substring(plus + 1));
    }
}
