package ru.saigabot.bot.handlers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;

/**
 * Short answers to commands, sent once the update's transaction committed: a database error rolls the
 * update back for a retry, and the user must not get the same reply twice.
 */
public final class Replies {
    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final TelegramGateway telegram;

    public Replies(TelegramGateway telegram) {
        this.telegram = telegram;
    }

    /** Replies in the message's chat and forum topic. */
    public void to(UpdateContext context, Message message, String text) {
        to(context, message, text, null);
    }

    public void to(UpdateContext context, Message message, String text, InlineKeyboardMarkup keyboard) {
        long chatId = message.getChatId();
        Integer thread = Boolean.TRUE.equals(message.getIsTopicMessage()) ? message.getMessageThreadId() : null;
        context.afterCommit(() -> send(SendMessage.builder().chatId(chatId).messageThreadId(thread).text(text)
                .replyMarkup(keyboard).build(), chatId));
    }

    /**
     * Stops the spinner on a pressed button, with a short notice. Telegram drops answers to callbacks
     * older than about 15 s; what the button did is stored either way, so a lost answer is only logged.
     */
    public void acknowledge(CallbackQuery query, String text) {
        try {
            telegram.call(AnswerCallbackQuery.builder().callbackQueryId(query.getId()).text(text).build());
        } catch (TelegramCallException e) {
            log.warn("callback not acknowledged: callback_id={} error={}", query.getId(), e.getMessage());
        }
    }

    /** Replies at once: for use after the commit, in an afterCommit action. */
    public void now(Message message, String text) {
        long chatId = message.getChatId();
        Integer thread = Boolean.TRUE.equals(message.getIsTopicMessage()) ? message.getMessageThreadId() : null;
        send(SendMessage.builder().chatId(chatId).messageThreadId(thread).text(text).build(), chatId);
    }

    private void send(SendMessage message, long chatId) {
        try {
            telegram.call(message);
        } catch (TelegramCallException e) {
            // What it answered is stored; a lost reply to a command is re-asked by the user.
            log.warn("reply not delivered: chat_id={} error={}", chatId, e.getMessage());
        }
    }

    /** The topic a message belongs to in a forum supergroup, 0 elsewhere. */
    public static long threadOf(Message message) {
        return Boolean.TRUE.equals(message.getIsTopicMessage()) && message.getMessageThreadId() != null
                ? message.getMessageThreadId() : 0;
    }
}
