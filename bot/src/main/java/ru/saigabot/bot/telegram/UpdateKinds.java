package ru.saigabot.bot.telegram;

import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** What an update is and which chat it belongs to, for the inbox's columns. */
public final class UpdateKinds {
    private UpdateKinds() {}

    public static String kindOf(Update update) {
        if (update.hasMessage()) {
            return "message";
        }
        if (update.hasEditedMessage()) {
            return "edited_message";
        }
        if (update.hasCallbackQuery()) {
            return "callback_query";
        }
        if (update.getMessageReaction() != null) {
            return "message_reaction";
        }
        if (update.getMyChatMember() != null) {
            return "my_chat_member";
        }
        return "other";
    }

    public static Long chatIdOf(Update update) {
        if (update.hasMessage()) {
            return update.getMessage().getChatId();
        }
        if (update.hasEditedMessage()) {
            return update.getEditedMessage().getChatId();
        }
        if (update.hasCallbackQuery() && update.getCallbackQuery().getMessage() != null) {
            return update.getCallbackQuery().getMessage().getChatId();
        }
        if (update.getMessageReaction() != null) {
            return update.getMessageReaction().getChat().getId();
        }
        if (update.getMyChatMember() != null) {
            return update.getMyChatMember().getChat().getId();
        }
        return null;
    }

    /** Removes the entities of an update's message (the text stays): what serialising it may fail on. */
    public static void dropEntities(Update update) {
        for (Message message : java.util.Arrays.asList(update.getMessage(), update.getEditedMessage(),
                update.getChannelPost(), update.getEditedChannelPost())) {
            if (message != null) {
                message.setEntities(null);
                message.setCaptionEntities(null);
            }
        }
    }
}
