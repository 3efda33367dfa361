package ru.saigabot.bot.testing.telegram;

import java.util.ArrayList;
import java.util.List;

/**
 * The emulator's record of any message in a chat, from the bot or from a test user. Immutable: an edit
 * or a deletion replaces the stored instance, so readers never see a half-applied change.
 *
 * @param author     null when the bot sent it
 * @param senderChat the chat it was sent on behalf of (an anonymous admin's group, a channel), or null
 * @param document   the file of a sendDocument message (its text is then the caption), or null
 */
record StoredMessage(long chatId, int messageId, TestUser author, Integer replyToMessageId,
                     Integer messageThreadId, List<MessageVersion> history, boolean deleted, TestChat senderChat,
                     SentDocument document) {

    StoredMessage {
        history = List.copyOf(history);
    }

    StoredMessage(long chatId, int messageId, TestUser author, Integer replyToMessageId, Integer messageThreadId,
                  List<MessageVersion> history, boolean deleted, TestChat senderChat) {
        this(chatId, messageId, author, replyToMessageId, messageThreadId, history, deleted, senderChat, null);
    }

    StoredMessage(long chatId, int messageId, TestUser author, Integer replyToMessageId, Integer messageThreadId,
                  List<MessageVersion> history, boolean deleted) {
        this(chatId, messageId, author, replyToMessageId, messageThreadId, history, deleted, null, null);
    }

    boolean fromBot() {
        return author == null;
    }

    MessageVersion current() {
        return history.get(history.size() - 1);
    }

    boolean edited() {
        return history.size() > 1;
    }

    StoredMessage withVersion(MessageVersion version) {
        List<MessageVersion> versions = new ArrayList<>(history);
        versions.add(version);
        return new StoredMessage(chatId, messageId, author, replyToMessageId, messageThreadId, versions, deleted,
                senderChat, document);
    }

    StoredMessage asDeleted() {
        return new StoredMessage(chatId, messageId, author, replyToMessageId, messageThreadId, history, true,
                senderChat, document);
    }

    BotMessage toBotMessage() {
        return new BotMessage(chatId, messageId, replyToMessageId, messageThreadId, history, document);
    }
}
