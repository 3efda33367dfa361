package ru.saigabot.inference.template;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * Meta's Llama-3 instruct format, which saiga_llama3_8b uses since its v4 ("I've changed the prompt format from ChatML
 * to the original Llama-3 format in v4"):
 * <pre>
 * &lt;|begin_of_text|&gt;&lt;|start_header_id|&gt;system&lt;|end_header_id|&gt;\n\n{system}&lt;|eot_id|&gt;
 * &lt;|start_header_id|&gt;user&lt;|end_header_id|&gt;\n\n{user}&lt;|eot_id|&gt; ...
 * &lt;|start_header_id|&gt;assistant&lt;|end_header_id|&gt;\n\n
 * </pre>
 * (no line breaks between messages). Every content is trimmed, as Meta's Jinja template ({@code message['content'] |
 * trim}) and llama.cpp's built-in {@code LLM_CHAT_TEMPLATE_LLAMA_3} do. An answer ends with {@code <|eot_id|>}.
 */
public final class Llama3Template implements ChatTemplate {

    static final String NAME = "llama3";
    private static final String BEGIN_OF_TEXT = "<|begin_of_text|>";
    private static final String START_HEADER = "<|start_header_id|>";
    private static final String END_HEADER = "<|end_header_id|>";
    private static final String END_OF_TURN = "<|eot_id|>";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String render(List<ChatMessage> messages) {
        StringBuilder prompt = new StringBuilder(BEGIN_OF_TEXT);
        for (ChatMessage message : messages) {
            header(prompt, roleName(message)).append(message.content().strip()).append(END_OF_TURN);
        }
        return header(prompt, "assistant").toString();
    }

    @Override
    public List<String> stopStrings() {
        return List.of(END_OF_TURN, "<|end_of_text|>");
    }

    @Override
    public String bosText() {
        return BEGIN_OF_TEXT;
    }

    @Override
    public List<String> controlTokens() {
        return List.of(BEGIN_OF_TEXT, START_HEADER, END_HEADER, END_OF_TURN);
    }

    private static StringBuilder header(StringBuilder prompt, String role) {
        return prompt.append(START_HEADER).append(role).append(END_HEADER).append("\n\n");
    }

    private static String roleName(ChatMessage message) {
        return switch (message.role()) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
        };
    }
}
