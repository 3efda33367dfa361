package ru.saigabot.bot.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
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

    Message send(long chatId, String html, InlineKeyboardMarkup buttons) {
        try {
            return telegram.call(SendMessage.builder().chatId(chatId).text(html).parseMode(ParseMode.HTML)
                    .replyMarkup(buttons).build());
        } catch (TelegramCallException e) {
            if (!isRefusedFormatting(e)) {
                throw e;
            }
            log.warn("formatting refused, message sent as plain text: chat_id={} error={}", chatId, e.getMessage());
            return telegram.call(SendMessage.builder().chatId(chatId).text(AnswerFormat.plainText(html))
                    .replyMarkup(buttons).build());
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
     * "can't parse entities" for markup Telegram cannot read, and any other 400 about entities (their
     * bounds or size): each is a problem of the formatting, never of the text, so the text goes plain.
     */
    static boolean isRefusedFormatting(TelegramCallException e) {
        return e.errorCode() == 400 && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("entit");
    }
}
