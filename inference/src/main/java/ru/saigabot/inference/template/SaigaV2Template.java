package ru.saigabot.inference.template;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * The format Saiga models (Mistral and Llama-2 based) were trained on: every message is
 * {@code <s>{role}\n{content}</s>\n} with roles system, user and bot, and {@code <s>bot} opens the answer.
 * The {@code <s>} and {@code </s>} here are the tokenizer's BOS/EOS control tokens, so llama.cpp must
 * parse special tokens in the prompt (its server does). Source: the Saiga model cards ("message_template":
 * {@code "<s>{role}\n{content}</s>\n"}, roles system, user, bot) and IlyaGusev's {@code Conversation} class, which
 * ends the prompt with {@code <s>bot}.
 *
 * <p>The first {@code <s>} is the prompt's BOS ({@link #bosText()}); the later ones open messages, as in training.
 */
public final class SaigaV2Template implements ChatTemplate {

    static final String NAME = "saiga_v2";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String render(List<ChatMessage> messages) {
        StringBuilder prompt = new StringBuilder();
        for (ChatMessage message : messages) {
            prompt.append("<s>").append(roleName(message)).append('\n')
                    .append(message.content()).append("</s>\n");
        }
        return prompt.append("<s>bot").toString();
    }

    @Override
    public List<String> stopStrings() {
        return List.of("</s>");
    }

    @Override
    public String bosText() {
        return "<s>";
    }

    @Override
    public List<String> controlTokens() {
        return List.of("<s>", "</s>");
    }

    private static String roleName(ChatMessage message) {
        switch (message.role()) {
            case SYSTEM:
                return "system";
            case USER:
                return "user";
            case ASSISTANT:
                return "bot";
            default:
                throw new IllegalArgumentException("unknown role " + message.role());
        }
    }
}
