package ru.saigabot.bot.testing.telegram;

import java.nio.charset.StandardCharsets;

/**
 * A file the bot sent with sendDocument, as uploaded.
 *
 * @param mimeType the part's Content-Type as sent; null when it had none
 */
public record SentDocument(String fileName, String mimeType, byte[] content) {

    public SentDocument {
        content = content.clone();
    }

    /** A copy: the message history is immutable. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content read as UTF-8 text. */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SentDocument[" + fileName + ", " + content.length + " bytes]";
    }
}
