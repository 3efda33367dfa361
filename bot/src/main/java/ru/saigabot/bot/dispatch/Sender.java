package ru.saigabot.bot.dispatch;

import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Who sent an update and in which chat, whatever its kind; any may be null.
 *
 * @param senderChat the chat a message was sent on behalf of: an anonymous admin's group, or the channel someone
 *                   posts as. Telegram then names one shared account as the user (GroupAnonymousBot, Channel_Bot),
 *                   so the sender chat, not that account, is who wrote it.
 */
record Sender(User user, Chat chat, Chat senderChat) {
    static final Sender NOBODY = new Sender(null, null, null);

    static Sender of(Update update) {
        if (update.hasMessage()) {
            return of(update.getMessage());
        }
        if (update.hasEditedMessage()) {
            return of(update.getEditedMessage());
        }
        if (update.hasCallbackQuery()) {
            var query = update.getCallbackQuery();
            return new Sender(query.getFrom(), query.getMessage() == null ? null : query.getMessage().getChat(), null);
        }
        if (update.getMessageReaction() != null) {
            return new Sender(update.getMessageReaction().getUser(), update.getMessageReaction().getChat(),
                    update.getMessageReaction().getActorChat());
        }
        if (update.getMyChatMember() != null) {
            return new Sender(update.getMyChatMember().getFrom(), update.getMyChatMember().getChat(), null);
        }
        return NOBODY;
    }

    private static Sender of(Message message) {
        return new Sender(message.getFrom(), message.getChat(), message.getSenderChat());
    }

    String language() {
        return user == null || senderChat != null ? null : user.getLanguageCode();
    }

    /** Who wrote it, for limits and the stored messages: the sender chat when there is one, else the user. */
    Long authorId() {
        if (senderChat != null) {
            return senderChat.getId();
        }
        return user == null ? null : user.getId();
    }

    /** The author's name as the model reads it in a group: the sender chat's title, else the first name. */
    String authorName() {
        if (senderChat != null) {
            return senderChat.getTitle();
        }
        return user == null ? null : user.getFirstName();
    }
}
