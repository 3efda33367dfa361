package ru.saigabot.bot.answer.telegram;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendMessageDraft;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import ru.saigabot.bot.render.AnswerFormat;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;

/**
 * Sends and edits messages written in Telegram HTML. When Telegram refuses the formatting (400 "can't parse
 * entities"), the same text goes again as the user would have read it, without formatting: an answer is never
 * lost to its markup. Other errors are the caller's to handle.
 */
final class HtmlMessages {
    private static final Logger log = LoggerFactory.getLogger(HtmlMessages.class);

    private final TelegramGateway telegram;

    HtmlMessages(TelegramGateway telegram) {
        this.telegram = telegram;
    }

    TelegramGateway telegram() {
        return telegram;
    }

    /**
     * Sends {@code html} as a new message.
     *
     * @param threadId the forum topic, or null
     * @param replyTo  the message it answers (shown as a reply; sent anyway if that one is gone), or null
     */
    Message send(long chatId, Integer threadId, Integer replyTo, String html, InlineKeyboardMarkup buttons) {
        ReplyParameters reply = replyTo == null ? null
                : ReplyParameters.builder().messageId(replyTo).allowSendingWithoutReply(true).build();
        try {
            return telegram.call(SendMessage.builder().chatId(chatId).messageThreadId(threadId).replyParameters(reply)
                    .text(html).parseMode(ParseMode.HTML).replyMarkup(buttons).build());
        } catch (TelegramCallException e) {
            if (!isRefusedFormatting(e)) {
                throw e;
            }
            log.warn("formatting refused, message sent as plain text: chat_id={} error={}", chatId, e.getMessage());
            return telegram.call(SendMessage.builder().chatId(chatId).messageThreadId(threadId).replyParameters(reply)
                    .text(AnswerFormat.plainText(html)).replyMarkup(buttons).build());
        }
    }

    /**
     * A streamed preview: one attempt, none at all when Telegram's sending limits are near (the next
     * preview or the final message replaces it anyway).
     *
     * @return empty when skipped; otherwise whether it went formatted (false: refused, sent plain)
     */
    Optional<Boolean> preview(long chatId, int messageId, String html, boolean plain) {
        try {
            Optional<?> sent = telegram.callUnlessThrottled(EditMessageText.builder().chatId(chatId)
                    .messageId(messageId).text(plain ? AnswerFormat.plainText(html) : html)
                    .parseMode(plain ? null : ParseMode.HTML).build());
            return sent.isPresent() ? Optional.of(!plain) : Optional.empty();
        } catch (TelegramCallException e) {
            if (e.isNotModified()) {
                return Optional.of(!plain);
            }
            if (plain || !isRefusedFormatting(e)) {
                throw e;
            }
            log.warn("formatting refused, preview shown as plain text: chat_id={} message_id={} error={}", chatId,
                    messageId, e.getMessage());
            return preview(chatId, messageId, html, true).map(formatted -> false);
        }
    }

    /**
     * Edits a message into {@code html}; "message is not modified" counts as done.
     *
     * @return false when the formatting was refused and the text went plain
     */
    boolean edit(long chatId, int messageId, String html, InlineKeyboardMarkup buttons) {
        try {
            editOnce(chatId, messageId, html, ParseMode.HTML, buttons);
            return true;
        } catch (TelegramCallException e) {
            if (!isRefusedFormatting(e)) {
                throw e;
            }
            log.warn("formatting refused, message edited as plain text: chat_id={} message_id={} error={}", chatId,
                    messageId, e.getMessage());
        }
        editPlain(chatId, messageId, AnswerFormat.plainText(html), buttons);
        return false;
    }

    /** Edits a message into plain {@code text}; "message is not modified" counts as done. */
    void editPlain(long chatId, int messageId, String text, InlineKeyboardMarkup buttons) {
        editOnce(chatId, messageId, text, null, buttons);
    }

    private void editOnce(long chatId, int messageId, String text, String parseMode, InlineKeyboardMarkup buttons) {
        try {
            telegram.call(EditMessageText.builder().chatId(chatId).messageId(messageId).text(text).parseMode(parseMode)
                    .replyMarkup(buttons).build());
        } catch (TelegramCallException e) {
            if (!e.isNotModified()) {
                throw e;
            }
        }
    }

    /**
     * Shows {@code html} as the message draft {@code draftId} of a private chat.
     *
     * @return false when the formatting was refused and the draft went plain
     */
    boolean draft(long chatId, int draftId, String html, boolean plain) {
        if (!plain) {
            try {
                telegram.call(SendMessageDraft.builder().chatId(chatId).draftId(draftId).text(html)
                        .parseMode(ParseMode.HTML).build());
                return true;
            } catch (TelegramCallException e) {
                if (!isRefusedFormatting(e)) {
                    throw e;
                }
                log.warn("formatting refused, draft shown as plain text: chat_id={} error={}", chatId, e.getMessage());
            }
        }
        telegram.call(SendMessageDraft.builder().chatId(chatId).draftId(draftId).text(AnswerFormat.plainText(html))
                .build());
        return false;
    }

    /**
     * "can't parse entities" for markup Telegram cannot read, and any other 400 about entities (their
     * bounds or size): each is a problem of the formatting, never of the text, so the text goes plain.
     */
    static boolean isRefusedFormatting(TelegramCallException e) {
        return e.errorCode() == 400 && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("entit");
    }
}
