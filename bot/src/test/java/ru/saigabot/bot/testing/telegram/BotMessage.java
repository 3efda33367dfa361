package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of a message the bot sent, with its whole edit history. Accessors without a version
 * describe the current state (the last element of {@code history}).
 *
 * @param history  the original send followed by every successful edit, oldest first; never empty
 * @param document the file of a sendDocument message, whose text is its caption; null for other messages
 */
public record BotMessage(long chatId, int messageId, Integer replyToMessageId, Integer messageThreadId,
                         List<MessageVersion> history, SentDocument document) {

    public BotMessage {
        history = List.copyOf(history);
        if (history.isEmpty()) {
            throw new IllegalArgumentException("a message has at least its original version");
        }
    }

    public MessageVersion current() {
        return history.get(history.size() - 1);
    }

    public String text() {
        return current().text();
    }

    public String plainText() {
        return current().plainText();
    }

    /** Formatting of {@link #plainText()} as Telegram parsed it (empty for plain messages). */
    public List<TextEntity> entities() {
        return current().entities();
    }

    public String parseMode() {
        return current().parseMode();
    }

    public JsonNode replyMarkup() {
        return current().replyMarkup();
    }

    public List<List<InlineButton>> keyboard() {
        return current().inlineKeyboard();
    }

    public List<InlineButton> buttons() {
        return keyboard().stream().flatMap(List::stream).toList();
    }

    public Optional<InlineButton> button(String text) {
        return buttons().stream().filter(b -> b.text().equals(text)).findFirst();
    }

    public boolean hasDocument() {
        return document != null;
    }

    public Instant sentAt() {
        return history.get(0).at();
    }

    public int editCount() {
        return history.size() - 1;
    }

    @Override
    public String toString() {
        return "BotMessage[" + chatId + "/" + messageId + ", edits=" + editCount() + (document == null ? ""
                : ", document=" + document.fileName()) + ", text=" + text()
                + (buttons().isEmpty() ? "" : ", buttons=" + buttons().stream().map(InlineButton::text).toList())
                + "]";
    }
}
