package ru.saigabot.inference.template;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/** Turns a conversation into the prompt text a model was trained on. */
public interface ChatTemplate {

    /** Short name, as chosen on the command line. */
    String name();

    /** The prompt for the whole conversation, ending where the model starts its answer. */
    String render(List<ChatMessage> messages);

    /** Strings that end an answer even when the model does not emit its end-of-sequence token. */
    List<String> stopStrings();
}
