package ru.saigabot.inference.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import ru.saigabot.inference.gguf.GgufMetadata;
import ru.saigabot.inference.gguf.GgufValue;
import ru.saigabot.inference.text.SpecialTokenText;

/** The built-in chat templates: chosen by name, or detected from a model file's metadata. */
public final class ChatTemplates {

    /** The names {@link #byName} accepts, in the order help texts list them. */
    public static final List<String> NAMES = List.of(SaigaV2Template.NAME, Llama3Template.NAME, ChatMlTemplate.NAME,
            MistralTemplate.NAME, EmbeddedTemplate.NAME);

    static final String ADD_BOS_KEY = "tokenizer.ggml.add_bos_token";
    static final String TOKENIZER_MODEL_KEY = "tokenizer.ggml.model";

    private ChatTemplates() {
    }

    /**
     * The template called {@code name} (case and surrounding spaces ignored). {@code gguf} gives an unbound
     * {@link EmbeddedTemplate}: the engine binds it to the loaded model.
     *
     * @throws IllegalArgumentException naming the valid names, for an unknown name
     */
    public static ChatTemplate byName(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case SaigaV2Template.NAME -> new SaigaV2Template();
            case Llama3Template.NAME -> new Llama3Template();
            case ChatMlTemplate.NAME -> new ChatMlTemplate();
            case MistralTemplate.NAME -> new MistralTemplate();
            case EmbeddedTemplate.NAME -> EmbeddedTemplate.of(null);
            default -> throw new IllegalArgumentException("unknown chat template '" + name + "'; valid names: "
                    + String.join(", ", NAMES));
        };
    }

    /**
     * The template for a model file, from its {@code tokenizer.chat_template}: a built-in format when the Jinja
     * template is recognisably one (and the vocabulary has its control tokens), llama.cpp's rendering of the file's
     * own template when it is something else, and saiga_v2 when the file has none.
     */
    public static TemplateDetection detect(GgufMetadata metadata) {
        return TemplateDetector.detect(metadata);
    }

    /**
     * Whether llama.cpp puts BOS in front of a completion prompt for this model: {@code tokenizer.ggml.add_bos_token}
     * when the file has it; otherwise llama.cpp's default, which is true for SentencePiece ("llama") vocabularies and
     * false for the others (Llama-3 files always carry the key).
     */
    public static boolean tokenizerAddsBos(GgufMetadata metadata) {
        Optional<GgufValue> value = metadata.get(ADD_BOS_KEY);
        if (value.isPresent() && value.get() instanceof GgufValue.BoolValue bool) {
            return bool.value();
        }
        return metadata.findString(TOKENIZER_MODEL_KEY).map("llama"::equals).orElse(false);
    }

    /**
     * The strings that the tokenizer of the model with header {@code metadata} reads as special tokens: its
     * vocabulary's CONTROL, UNKNOWN and USER_DEFINED tokens and those llama.cpp promotes to control, and the control
     * strings of {@code template}'s family, which are the template's structure even where a vocabulary types them as
     * ordinary pieces.
     */
    public static SpecialTokenText specialTokens(GgufMetadata metadata, ChatTemplate template) {
        List<String> strings = new ArrayList<>(VocabularySpecials.read(metadata));
        strings.addAll(FamilyControlTokens.of(template.name()));
        strings.addAll(template.controlTokens());
        return SpecialTokenText.of(strings);
    }

    /**
     * {@code template}, with every message's content neutralised ({@link SpecialTokenText#neutralise}) before it is
     * rendered: what people write (messages, system prompts, names in group turns) stays text, and the prompt's
     * control tokens are exactly the template's. The engine renders every prompt through it.
     */
    public static ChatTemplate guarded(ChatTemplate template, SpecialTokenText special) {
        return new GuardedTemplate(template, special);
    }

    /** {@code template} guarded against the special tokens of the model with header {@code metadata}. */
    public static ChatTemplate guarded(ChatTemplate template, GgufMetadata metadata) {
        return guarded(template, specialTokens(metadata, template));
    }
}
