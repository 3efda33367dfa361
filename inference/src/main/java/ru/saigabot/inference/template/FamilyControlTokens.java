package ru.saigabot.inference.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The control token strings of the model families behind the built-in chat formats, for text that is not tokenized
 * by a loaded model: a training export, whose records a trainer renders with the base model's chat template (which,
 * like llama.cpp, parses special strings in message content), or a remote backend whose vocabulary is unknown. With
 * a loaded model the engine reads the vocabulary itself ({@link ChatTemplates#specialTokens}).
 *
 * <p>Each family lists its vocabulary's special tokens, not only the ones its template writes: a reserved or tool
 * token typed in a message is just as much a token the user should not be able to produce.
 */
public final class FamilyControlTokens {

    private static final Set<String> SAIGA_V2 = Set.of("<s>", "</s>", "<unk>");
    private static final Set<String> LLAMA3 = with(List.of("<|begin_of_text|>", "<|end_of_text|>",
            "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>", "<|eom_id|>", "<|python_tag|>",
            "<|finetune_right_pad_id|>"), "<|reserved_special_token_%d|>", 256);
    /** ChatML as Saiga Llama-3 v2/v3 and Qwen-style vocabularies add it. */
    private static final Set<String> CHATML = Set.of("<|im_start|>", "<|im_end|>", "<|endoftext|>");
    /** Mistral's v3 (Tekken) vocabulary: its first 1000 ids are control tokens, most of them {@code <SPECIAL_n>}. */
    private static final Set<String> MISTRAL = with(List.of("<s>", "</s>", "<unk>", "<pad>", "[INST]", "[/INST]",
            "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]", "[/TOOL_RESULTS]", "[TOOL_CALLS]",
            "[TOOL_CONTENT]", "[PREFIX]", "[MIDDLE]", "[SUFFIX]", "[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]", "[IMG]",
            "[IMG_BREAK]", "[IMG_END]"), "<SPECIAL_%d>", 1000);
    private static final Set<String> ALL = union(SAIGA_V2, LLAMA3, CHATML, MISTRAL);

    private FamilyControlTokens() {
    }

    /**
     * The control strings of the family of the built-in template {@code templateName}; empty for {@code gguf}, whose
     * family is only known from a loaded vocabulary.
     *
     * @throws IllegalArgumentException for a name no template has
     */
    public static Set<String> of(String templateName) {
        String key = templateName == null ? "" : templateName.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case SaigaV2Template.NAME -> SAIGA_V2;
            case Llama3Template.NAME -> LLAMA3;
            case ChatMlTemplate.NAME -> CHATML;
            case MistralTemplate.NAME -> MISTRAL;
            case EmbeddedTemplate.NAME -> Set.of();
            default -> throw new IllegalArgumentException("unknown chat template '" + templateName
                    + "'; valid names: " + String.join(", ", ChatTemplates.NAMES));
        };
    }

    /** Every family's: for text whose base model is not known yet (a training export). */
    public static Set<String> all() {
        return ALL;
    }

    private static Set<String> with(List<String> named, String numbered, int count) {
        List<String> strings = new ArrayList<>(named);
        IntStream.range(0, count).mapToObj(i -> String.format(Locale.ROOT, numbered, i)).forEach(strings::add);
        return Set.copyOf(strings);
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }
}
