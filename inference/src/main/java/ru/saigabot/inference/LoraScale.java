package ru.saigabot.inference;

import java.util.Objects;

/**
 * A LoRA adapter to apply to one request, by the name it was registered under when the model was loaded.
 *
 * @param scale how strongly: 1 as trained, 0 turns it off (the same as leaving it out)
 */
public record LoraScale(String adapter, double scale) {

    public LoraScale {
        Objects.requireNonNull(adapter, "adapter");
        if (adapter.isBlank()) {
            throw new IllegalArgumentException("a LoRA adapter name cannot be blank");
        }
        if (!(scale >= 0 && scale <= 4)) {
            throw new IllegalArgumentException("LoRA scale of " + adapter + " = " + scale
                    + " is out of range; allowed: 0..4 (1 as trained, 0 turns it off)");
        }
    }
}
