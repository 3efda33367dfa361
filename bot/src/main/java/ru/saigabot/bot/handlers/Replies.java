package ru.saigabot.bot.handlers;

import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.telegram.ReplyOutbox;
import ru.saigabot.bot.telegram.ReplyOutbox.Kind;

/**
 * Short answers to commands and button presses, handed to the {@link ReplyOutbox} once the update's transaction
 * committed (a database error rolls the update back for a retry, and the user must not get the same reply twice):
 * the dispatcher never waits for Telegram, and a chat whose sending budget is spent holds up nobody else.
 */
public final class Replies {
    private final ReplyOutbox outbox;

    public Replies(ReplyOutbox outbox) {
        this.outbox = outbox;
    }

    /** Replies in the message's chat and forum topic; may give way to newer replies while the budget is spent. */
    public void to(UpdateContext context, Message message, String text) {
        to(context, message, text, null);
    }

    public void to(UpdateContext context, Message message, String text, InlineKeyboardMarkup keyboard) {
        SendMessage reply = reply(message, text, keyboard);
        context.afterCommit(() -> outbox.send(message.getChatId(), reply, Kind.COMMAND));
    }

    /** Like {@link #to}, for a reply the user acts on or waits for: never dropped. */
    public void needed(UpdateContext context, Message message, String text) {
        needed(context, message, text, null);
    }

    public void needed(UpdateContext context, Message message, String text, InlineKeyboardMarkup keyboard) {
        SendMessage reply = reply(message, text, keyboard);
        context.afterCommit(() -> outbox.send(message.getChatId(), reply, Kind.NEEDED));
    }

    /**
     * Stops the spinner on a pressed button, with a short notice (none when {@code text} is null); for use after
     * the commit. Telegram drops answers to callbacks older than about 15 s; what the button did is stored either
     * way, so a lost answer is only logged.
     */
    public void acknowledge(CallbackQuery query, String text) {
        long chatId = query.getMessage() != null ? query.getMessage().getChatId() : query.getFrom().getId();
        outbox.send(chatId, AnswerCallbackQuery.builder().callbackQueryId(query.getId()).text(text).build(),
                Kind.NEEDED);
    }

    /** A reply the user waits for, from an afterCommit action: never dropped. */
    public void now(Message message, String text) {
        outbox.send(message.getChatId(), reply(message, text, null), Kind.NEEDED);
    }

    /** A menu's new state (an edit of its message), from an afterCommit action: a newer one replaces it. */
    public void edit(long chatId, BotApiMethod<?> edit) {
        outbox.send(chatId, edit, Kind.COMMAND);
    }

    /** Any message or edit the user needs, from an afterCommit action, in order with the chat's other replies. */
    public void send(long chatId, BotApiMethod<?> method) {
        outbox.send(chatId, method, Kind.NEEDED);
    }

    private static SendMessage reply(Message message, String text, InlineKeyboardMarkup keyboard) {
        Integer thread = Boolean.TRUE.equals(message.getIsTopicMessage()) ? message.getMessageThreadId() : null;
        return SendMessage.builder().chatId(message.getChatId()).messageThreadId(thread).text(text)
                .replyMarkup(keyboard).build();
    }

    /** The topic a message belongs to in a forum supergroup, 0 elsewhere. */
    public static long threadOf(Message message) {
        return Boolean.TRUE.equals(message.getIsTopicMessage()) && message.getMessageThreadId() != null
                ? message.getMessageThreadId() : 0;
    }
}
