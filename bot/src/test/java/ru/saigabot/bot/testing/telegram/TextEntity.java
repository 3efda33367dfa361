package ru.saigabot.bot.testing.telegram;

/**
 * A Bot API {@code MessageEntity}. Offsets and lengths are in UTF-16 code units, exactly as Telegram
 * counts them (and as Java strings index).
 *
 * @param url      only for {@code text_link}
 * @param language only for {@code pre} (from {@code <pre><code class="language-x">}); null otherwise
 */
public record TextEntity(String type, int offset, int length, String url, String language) {

    public TextEntity(String type, int offset, int length, String url) {
        this(type, offset, length, url, null);
    }

    public int end() {
        return offset + length;
    }

    /** The part of {@code text} this entity formats. */
    public String textIn(String text) {
        return text.substring(offset, end());
    }
}
