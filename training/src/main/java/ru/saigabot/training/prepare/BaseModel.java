package ru.saigabot.training.prepare;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The model an adapter is trained on: its transformers weights, as a Hugging Face repository or a local folder.
 *
 * @param name what the operator called it ({@code saiga_llama3_8b}), used in names and the README
 * @param weights a Hugging Face repository {@code owner/name} or the path of a local folder with config.json
 * @param template the chat format the model was trained with (one of {@link #TEMPLATES}), for rulm's config
 */
public record BaseModel(String name, String weights, Optional<String> template) {

    public static final Set<String> TEMPLATES = Set.of("saiga_v2", "llama3", "chatml", "mistral");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");

    public BaseModel {
        if (name.isBlank() || weights.isBlank()) {
            throw new IllegalArgumentException("a base model needs a name and weights");
        }
        template.ifPresent(t -> {
            if (!TEMPLATES.contains(t)) {
                throw new PrepareException("unknown chat template '" + t + "'; use one of " + TEMPLATES);
            }
        });
    }

    /** True when {@code weights} names a Hugging Face repository rather than a local folder. */
    public boolean onHub() {
        return REPOSITORY.matcher(weights).matches() && !weights.startsWith(".");
    }
}
