package ru.saigabot.inference.template;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * Renders a conversation with the chat template embedded in the loaded model file, the way llama.cpp's own chat
 * endpoint does, ending with the generation prompt (the text that opens the assistant's answer).
 * {@link LlamaTemplateRenderer} is the implementation over java-llama.cpp.
 */
@FunctionalInterface
public interface NativeTemplateRenderer {

    String render(List<ChatMessage> messages);
}
