package ru.saigabot.inference.template;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/** The four-message conversation of the Saiga model cards' prompt-format examples. */
final class SampleConversation {

    static final String SYSTEM = "Ты — Сайга, русскоязычный автоматический ассистент. Ты разговариваешь с людьми и "
            + "помогаешь им.";

    private SampleConversation() {
    }

    static List<ChatMessage> fourMessages() {
        return List.of(
                ChatMessage.system(SYSTEM),
                ChatMessage.user("Как дела?"),
                ChatMessage.assistant("Отлично, а у тебя?"),
                ChatMessage.user("Шикарно. Как пройти в библиотеку?"));
    }

    static List<ChatMessage> withoutSystem() {
        return fourMessages().subList(1, 4);
    }
}
