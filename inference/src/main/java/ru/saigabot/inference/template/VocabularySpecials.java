package ru.saigabot.inference.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import ru.saigabot.inference.gguf.GgufMetadata;
import ru.saigabot.inference.gguf.GgufValue;
import ru.saigabot.inference.gguf.GgufValueType;

/** Reads from a GGUF header which strings llama.cpp (b4916) will match as special tokens in a prompt. */
final class VocabularySpecials {

    static final String TOKEN_TYPES_KEY = "tokenizer.ggml.token_type";
    /** llama.cpp's {@code llama_token_type}: tokens it matches whole before the tokenizer runs. */
    private static final int UNKNOWN = 2;
    private static final int CONTROL = 3;
    private static final int USER_DEFINED = 4;

    /**
     * Strings llama.cpp makes control tokens whatever type the file gives them: its loader guesses the end-of-turn
     * and fill-in-the-middle tokens by their text and overrides the type ("control-looking token ... its type will
     * be overridden").
     */
    private static final Set<String> PROMOTED_BY_LLAMA_CPP = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>",
            "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>", "<｜end▁of▁sentence｜>",
            "<|eom_id|>", "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>",
            "<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|fim_middle|>",
            "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|fim_pad|>", "<fim-pad>",
            "<fim_pad>", "<PAD>", "<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>",
            "<|file_sep|>");

    private VocabularySpecials() {
    }

    /**
     * The CONTROL, UNKNOWN and USER_DEFINED tokens of the file's vocabulary ({@code tokenizer.ggml.tokens} and
     * {@code tokenizer.ggml.token_type}), and the tokens llama.cpp promotes to control. A USER_DEFINED token made only
     * of whitespace is left out: vocabularies such as Gemma's have runs of spaces and newlines as user-defined tokens
     * so that indentation tokenizes alike everywhere; they mark no structure, and breaking them would garble code.
     */
    static List<String> read(GgufMetadata metadata) {
        Optional<GgufValue> tokens = metadata.get(TemplateDetector.TOKENS_KEY);
        if (tokens.isEmpty() || !(tokens.get() instanceof GgufValue.ArrayValue tokenArray)
                || tokenArray.elementType() != GgufValueType.STRING) {
            return List.of();
        }
        List<GgufValue> types = metadata.get(TOKEN_TYPES_KEY)
                .filter(GgufValue.ArrayValue.class::isInstance)
                .map(value -> ((GgufValue.ArrayValue) value).elements())
                .filter(elements -> elements.size() == tokenArray.size())
                .orElse(List.of());
        List<String> specials = new ArrayList<>();
        for (int id = 0; id < tokenArray.size(); id++) {
            String text = ((GgufValue.StringValue) tokenArray.elements().get(id)).value();
            long type = !types.isEmpty() && types.get(id) instanceof GgufValue.IntValue value ? value.value() : 0;
            if (type == CONTROL || type == UNKNOWN || type == USER_DEFINED && !text.isBlank()
                    || PROMOTED_BY_LLAMA_CPP.contains(text)) {
                specials.add(text);
            }
        }
        return specials;
    }
}
