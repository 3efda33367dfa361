package ru.saigabot.bot.answer.telegram;

import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.telegram.TelegramCallException;

/**
 * Where an answer is shown while it is written: a message draft (private chats), or a placeholder
 * message that is edited. A draft turns into a placeholder when Telegram refuses drafts midway.
 */
final class AnswerTarget {
    private static final Logger log = LoggerFactory.getLogger(AnswerTarget.class);

    private final long chatId;
    private final int draftId;
    private final IntSupplier newPlaceholder;
    private final Runnable draftsRefused;
    private volatile Integer placeholder;

    private AnswerTarget(long chatId, int draftId, Integer placeholder, IntSupplier newPlaceholder,
                         Runnable draftsRefused) {
        this.chatId = chatId;
        this.draftId = draftId;
        this.placeholder = placeholder;
        this.newPlaceholder = newPlaceholder;
        this.draftsRefused = draftsRefused;
    }

    static AnswerTarget placeholder(long chatId, int messageId) {
        return new AnswerTarget(chatId, 0, messageId, () -> messageId, () -> {});
    }

    /**
     * @param newPlaceholder sends a placeholder message and returns its id, should drafts be refused
     * @param draftsRefused  remembers that this Telegram refuses drafts, so later answers start with a placeholder
     */
    static AnswerTarget draft(long chatId, int draftId, IntSupplier newPlaceholder, Runnable draftsRefused) {
        return new AnswerTarget(chatId, draftId, null, newPlaceholder, draftsRefused);
    }

    long chatId() {
        return chatId;
    }

    boolean isDraft() {
        return placeholder == null;
    }

    int draftId() {
        return draftId;
    }

    int placeholder() {
        return placeholder;
    }

    /** The placeholder message, or null while the answer is a draft (the final message is then a new one). */
    Integer placeholderOrNull() {
        return placeholder;
    }

    void fallBackToPlaceholder(TelegramCallException refusal) {
        log.warn("message drafts refused, using a placeholder message: chat_id={} error={}", chatId,
                refusal.getMessage());
        draftsRefused.run();
        placeholder = newPlaceholder.getAsInt();
    }

    /**
     * Telegram (an older Bot API server, or one without drafts) refuses drafts as such: "method not found" or a
     * refusal that names the method. Any other 400 ("chat not found") is about the chat, not about drafts: taking
     * it for one would switch drafts off for every chat until a restart.
     */
    static boolean refusesDrafts(TelegramCallException e) {
        String message = e.getMessage().toLowerCase(java.util.Locale.ROOT);
        // The message starts with the method's own name ("sendmessagedraft failed: …"): read Telegram's part.
        int at = message.indexOf("failed:");
        String description = at < 0 ? message : message.substring(at + "failed:".length());
        return e.errorCode() == 404 || e.errorCode() == 400 && (description.contains("draft")
                || description.contains("method"));
    }
}
