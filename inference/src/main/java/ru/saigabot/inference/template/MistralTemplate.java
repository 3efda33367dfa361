package ru.saigabot.inference.template;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * The Mistral v3-Tekken instruct format (Mistral Nemo) with the system prompt in front, exactly as the saiga_nemo_12b
 * model card gives it for v3 ("Original Misral Nemo prompt format, but the system prompt is in the beginning"):
 * <pre>
 * &lt;s&gt;{system}\n\n[INST]{user}[/INST]{assistant}&lt;/s&gt;[INST]{user}[/INST]
 * </pre>
 * No spaces around {@code [INST]}/{@code [/INST]} or the contents (Tekken, unlike the SentencePiece v1 format
 * {@code <s> [INST] user [/INST]}), {@code </s>} right after every answer, nothing between turns, and the prompt ends
 * with {@code [/INST]}. Mistral has no system role: Mistral's own templates prepend the system prompt to a user turn
 * ({@code [INST]{system}\n\n{user}[/INST]}, as llama.cpp's {@code LLM_CHAT_TEMPLATE_MISTRAL_V3_TEKKEN} does); Saiga
 * Nemo was trained with it before the first {@code [INST]}, and this template follows the model we serve. Only a
 * first message may be a system message.
 *
 * <p>{@code [INST]} and {@code [/INST]} are control tokens of the v3/Tekken vocabularies, so this format is only
 * chosen automatically for a file whose vocabulary has them ({@link #controlTokens()}).
 */
public final class MistralTemplate implements ChatTemplate {

    static final String NAME = "mistral";
    private static final String BOS = "<s>";
    private static final String EOS = "</s>";
    private static final String INST = "[INST]";
    private static final String END_INST = "[/INST]";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String render(List<ChatMessage> messages) {
        StringBuilder prompt = new StringBuilder(BOS);
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            switch (message.role()) {
                case SYSTEM -> {
                    if (i != 0) {
                        throw new IllegalArgumentException("the mistral format has no system role: a system message "
                                + "can only come first (message " + (i + 1) + " of " + messages.size() + " is one)");
                    }
                    prompt.append(message.content()).append("\n\n");
                }
                case USER -> prompt.append(INST).append(message.content()).append(END_INST);
                case ASSISTANT -> prompt.append(message.content()).append(EOS);
            }
        }
        return prompt.toString();
    }

    @Override
    public List<String> stopStrings() {
        return List.of(EOS, INST);
    }

    @Override
    public String bosText() {
        return BOS;
    }

    @Override
    public List<String> controlTokens() {
        return List.of(BOS, EOS, INST, END_INST);
    }
}
