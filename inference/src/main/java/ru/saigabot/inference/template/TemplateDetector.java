package ru.saigabot.inference.template;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import ru.saigabot.inference.gguf.GgufMetadata;
import ru.saigabot.inference.gguf.GgufValue;
import ru.saigabot.inference.gguf.GgufValueType;
import ru.saigabot.inference.template.TemplateDetection.Outcome;

/**
 * Recognises the built-in formats in a file's Jinja chat template by the strings each one must write, the way
 * llama.cpp's {@code llm_chat_detect_template} does (families are tried in a fixed order and the first match wins;
 * ChatML first, as there). A match is only taken when the vocabulary has the format's control tokens.
 */
final class TemplateDetector {

    static final String TEMPLATE_KEY = "tokenizer.chat_template";
    static final String TOKENS_KEY = "tokenizer.ggml.tokens";

    /** A string literal starting with bot ('bot', "bot\n") or {@code <s>bot}: Saiga calls the assistant "bot". */
    private static final Pattern SAIGA_BOT_ROLE = Pattern.compile("(['\"]|<s>)bot\\b");

    private record Family(String description, Predicate<String> matches, Supplier<ChatTemplate> template) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("ChatML (it writes <|im_start|> and <|im_end|>)",
                    jinja -> jinja.contains("<|im_start|>") && jinja.contains("<|im_end|>")
                            && !jinja.contains("<|im_sep|>"), // Phi-4 uses ChatML markers with its own separator
                    ChatMlTemplate::new),
            new Family("Llama-3 (it writes <|start_header_id|>...<|end_header_id|> headers)",
                    jinja -> jinja.contains("<|start_header_id|>") && jinja.contains("<|end_header_id|>"),
                    Llama3Template::new),
            new Family("Mistral Tekken ([INST]...[/INST] with no spaces around the markers)",
                    TemplateDetector::isTekkenInstruct, MistralTemplate::new),
            new Family("Saiga (<s>{role}, the assistant called \"bot\")",
                    jinja -> SAIGA_BOT_ROLE.matcher(jinja).find()
                            && (jinja.contains("<s>") || jinja.contains("bos_token")),
                    SaigaV2Template::new));

    private TemplateDetector() {
    }

    static TemplateDetection detect(GgufMetadata metadata) {
        Optional<String> jinja = chatTemplate(metadata);
        if (jinja.isEmpty()) {
            return new TemplateDetection(new SaigaV2Template(), Outcome.DEFAULTED, "the file has no chat template ("
                    + TEMPLATE_KEY + "); assuming saiga_v2, the format of the Saiga Mistral and Llama-2 models; "
                    + "choose a template by name if the answers look wrong");
        }
        for (Family family : FAMILIES) {
            if (family.matches().test(jinja.get())) {
                ChatTemplate template = family.template().get();
                List<String> missing = missingTokens(metadata, template.controlTokens());
                if (!missing.isEmpty()) {
                    return new TemplateDetection(EmbeddedTemplate.of(jinja.get()), Outcome.EMBEDDED,
                            "the file's chat template looks like " + family.description() + ", but its vocabulary "
                                    + "has no " + String.join(", ", missing) + " token, so the built-in "
                                    + template.name() + " format does not fit; llama.cpp renders the file's own");
                }
                return new TemplateDetection(template, Outcome.RECOGNISED,
                        "the file's chat template is " + family.description() + "; using " + template.name());
            }
        }
        return new TemplateDetection(EmbeddedTemplate.of(jinja.get()), Outcome.EMBEDDED,
                "the file's chat template is none of the built-in formats (" + String.join(", ",
                        ChatTemplates.NAMES.subList(0, ChatTemplates.NAMES.size() - 1))
                        + "); llama.cpp renders the file's own (gguf)");
    }

    private static Optional<String> chatTemplate(GgufMetadata metadata) {
        return metadata.get(TEMPLATE_KEY)
                .filter(GgufValue.StringValue.class::isInstance)
                .map(value -> ((GgufValue.StringValue) value).value())
                .filter(jinja -> !jinja.isBlank());
    }

    /**
     * Mistral v3-Tekken writes {@code '[INST]' + content + '[/INST]'}; the SentencePiece formats (Mistral v1/v3,
     * Llama 2) put spaces around the markers and Llama 2 has {@code <<SYS>>}, v7 {@code [SYSTEM_PROMPT]}: those are
     * different formats, left to llama.cpp.
     */
    private static boolean isTekkenInstruct(String jinja) {
        return jinja.contains("[INST]") && jinja.contains("[/INST]")
                && !jinja.contains("[INST] ") && !jinja.contains(" [INST]") && !jinja.contains(" [/INST]")
                && !jinja.contains("<<SYS>>") && !jinja.contains("[SYSTEM_PROMPT]");
    }

    /** The control tokens the vocabulary lacks; none when the file has no token list to check against. */
    private static List<String> missingTokens(GgufMetadata metadata, List<String> required) {
        Optional<GgufValue> tokens = metadata.get(TOKENS_KEY);
        if (tokens.isEmpty() || !(tokens.get() instanceof GgufValue.ArrayValue array)
                || array.elementType() != GgufValueType.STRING) {
            return List.of();
        }
        Set<String> wanted = new HashSet<>(required);
        for (GgufValue token : array.elements()) {
            wanted.remove(((GgufValue.StringValue) token).value());
            if (wanted.isEmpty()) {
                return List.of();
            }
        }
        return required.stream().filter(wanted::contains).toList();
    }
}
