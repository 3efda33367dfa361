package ru.saigabot.bot.dispatch;

import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;

/** Who sent an update and in which chat, whatever its kind; either may be null. */
record Sender(User user, Chat chat) {
    static final Sender NOBODY = new Sender(null, null);

    static Sender of(Update update) {
        if (update.hasMessage()) {
            return new Sender(update.getMessage().getFrom(), update.getMessage().getChat());
        }
        if (update.hasEditedMessage()) {
            return new Sender(update.getEditedMessage().getFrom(), update.getEditedMessage().getChat());
        }
        if (update.hasCallbackQuery()) {
            var query = update.getCallbackQuery();
            return new Sender(query.getFrom(), query.getMessage() == null ? null : query.getMessage().getChat());
        }
        if (update.getMessageReaction() != null) {
            return new Sender(update.getMessageReaction().getUser(), update.getMessageReaction().getChat());
        }
        if (update.getMyChatMember() != null) {
            return new Sender(update.getMyChatMember().getFrom(), update.getMyChatMember().getChat());
        }
        return NOBODY;
    }

    String language() {
        return user == null ? null : user.getLanguageCode();
    }
}
