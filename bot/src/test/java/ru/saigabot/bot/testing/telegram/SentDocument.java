package ru.saigabot.bot.testing.telegram;

import java.nio.charset.StandardCharsets;

/**
 * The file of a message: one the bot sent with sendDocument, as uploaded, or one a test user sent.
 *
 * @param mimeType the part's Content-Type as sent (the user's MIME type); null when it had none
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

    /** The number of bytes, without copying them. */
    public int size() {
        return content.length;
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
