package ru.saigabot.inference.template;

import java.util.ArrayList;
import java.util.List;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.text.SpecialTokenText;

/**
 * A template whose messages cannot write the model's special tokens: every content is neutralised before the
 * template sees it, so the only control tokens in the prompt are the ones the template writes. Built by
 * {@link ChatTemplates#guarded}; the messages themselves (and what is stored) are not changed.
 */
final class GuardedTemplate implements ChatTemplate {

    private final ChatTemplate template;
    private final SpecialTokenText special;

    GuardedTemplate(ChatTemplate template, SpecialTokenText special) {
        this.template = template;
        this.special = special;
    }

    @Override
    public String name() {
        return template.name();
    }

    @Override
    public String render(List<ChatMessage> messages) {
        return template.render(neutralised(messages));
    }

    @Override
    public String renderForCompletion(List<ChatMessage> messages, boolean tokenizerAddsBos) {
        return template.renderForCompletion(neutralised(messages), tokenizerAddsBos);
    }

    @Override
    public List<String> stopStrings() {
        return template.stopStrings();
    }

    @Override
    public String bosText() {
        return template.bosText();
    }

    @Override
    public List<String> controlTokens() {
        return template.controlTokens();
    }

    private List<ChatMessage> neutralised(List<ChatMessage> messages) {
        List<ChatMessage> safe = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            String content = special.neutralise(message.content());
            safe.add(content == message.content() ? message : new ChatMessage(message.role(), content));
        }
        return safe;
    }

    @Override
    public String toString() {
        return template + " guarded by " + special;
    }
}
