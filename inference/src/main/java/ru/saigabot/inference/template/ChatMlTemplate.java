package ru.saigabot.inference.template;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * ChatML, as llama.cpp's built-in {@code LLM_CHAT_TEMPLATE_CHATML} writes it and saiga_llama3_8b v2/v3 used it:
 * every message is {@code <|im_start|>{role}\n{content}<|im_end|>\n} and {@code <|im_start|>assistant\n} opens the
 * answer. ChatML itself writes no BOS: models that want one (a Llama-3 vocabulary) get it from the tokenizer.
 */
public final class ChatMlTemplate implements ChatTemplate {

    static final String NAME = "chatml";
    private static final String START = "<|im_start|>";
    private static final String END = "<|im_end|>";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String render(List<ChatMessage> messages) {
        StringBuilder prompt = new StringBuilder();
        for (ChatMessage message : messages) {
            prompt.append(START).append(roleName(message)).append('\n').append(message.content()).append(END)
                    .append('\n');
        }
        return prompt.append(START).append("assistant\n").toString();
    }

    @Override
    public List<String> stopStrings() {
        return List.of(END, START);
    }

    @Override
    public List<String> controlTokens() {
        return List.of(START, END);
    }

    private static String roleName(ChatMessage message) {
        return switch (message.role()) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
        };
    }
}
