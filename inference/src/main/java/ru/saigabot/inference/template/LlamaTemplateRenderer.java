package ru.saigabot.inference.template;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.Role;

/**
 * Renders with the loaded model's own chat template through java-llama.cpp's {@code LlamaModel.applyTemplate}, which
 * runs llama.cpp's chat-completion preprocessing ({@code common_chat_templates_apply}, generation prompt included).
 *
 * <p>java-llama.cpp's {@code setMessages} takes one optional system message, put first, then user and assistant
 * messages; a system message anywhere else is refused here rather than silently moved. Emoji and other characters
 * outside the BMP are passed through placeholders ({@link NativeTemplateText}): java-llama.cpp 4.2.0 would garble
 * them and cut the result short.
 */
public final class LlamaTemplateRenderer implements NativeTemplateRenderer {

    private final LlamaModel model;

    /** @param model loaded with {@code ModelParameters.enableJinja()} for templates llama.cpp does not know built-in */
    public LlamaTemplateRenderer(LlamaModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public String render(List<ChatMessage> messages) {
        NativeTemplateText text = NativeTemplateText.escape(messages);
        return text.restore(model.applyTemplate(parameters(text.messages())));
    }

    private static InferenceParameters parameters(List<ChatMessage> messages) {
        String system = null;
        List<Pair<String, String>> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message.role() == Role.SYSTEM) {
                if (i != 0) {
                    throw new IllegalArgumentException("llama.cpp's template rendering takes a system message only "
                            + "first; message " + (i + 1) + " of " + messages.size() + " is one");
                }
                system = message.content();
            } else {
                turns.add(new Pair<>(message.role() == Role.USER ? "user" : "assistant", message.content()));
            }
        }
        return new InferenceParameters("").setMessages(system, turns);
    }
}
