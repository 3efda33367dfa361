package ru.saigabot.bot.answer.telegram;

import java.io.ByteArrayInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.telegram.TelegramCallException;

/**
 * Sends and edits the messages that show answers, in Telegram HTML ({@link HtmlMessages}), in the question's
 * chat and forum topic. A 403 (the user blocked the bot, or it was removed from the group) marks the chat
 * inactive before the error goes on to the caller.
 */
final class AnswerMessages {
    private static final Logger log = LoggerFactory.getLogger(AnswerMessages.class);

    private final HtmlMessages html;
    private final Database database;
    private final ChatStore chats;

    AnswerMessages(HtmlMessages html, Database database, ChatStore chats) {
        this.html = html;
        this.database = database;
        this.chats = chats;
    }

    HtmlMessages html() {
        return html;
    }

    /**
     * A new message; in groups a placeholder replies to the question, so everyone sees what it answers.
     *
     * @return its message id
     */
    int sendPlaceholder(GenerationJob job, String text) {
        Long question = job.question().tgMessageId();
        Integer replyTo = job.place().group() && question != null ? question.intValue() : null;
        return send(job, replyTo, text, null).getMessageId();
    }

    /** Sends {@code text} (HTML) as a new message. */
    Message send(GenerationJob job, Integer replyTo, String text, InlineKeyboardMarkup buttons) {
        try {
            return html.send(job.chatId(), job.place().threadOrNull(), replyTo, text, buttons);
        } catch (TelegramCallException e) {
            throw forbiddenNoted(job.chatId(), e);
        }
    }

    /** Sends {@code content} as the file {@code fileName}, with a plain {@code caption} under it. */
    Message sendDocument(GenerationJob job, String fileName, byte[] content, String caption) {
        try {
            return html.telegram().sendDocument(SendDocument.builder().chatId(job.chatId())
                    .messageThreadId(job.place().threadOrNull())
                    .document(new InputFile(new ByteArrayInputStream(content), fileName)).caption(caption).build());
        } catch (TelegramCallException e) {
            throw forbiddenNoted(job.chatId(), e);
        }
    }

    /**
     * Edits the placeholder into {@code text} (HTML); sends a new message when there is none (the answer was a
     * draft) or it is gone. Returns the id of the message that shows it.
     */
    int write(GenerationJob job, Integer placeholder, String text, InlineKeyboardMarkup buttons) {
        if (placeholder == null) {
            return send(job, null, text, buttons).getMessageId();
        }
        try {
            html.edit(job.chatId(), placeholder, text, buttons);
            return placeholder;
        } catch (TelegramCallException e) {
            if (e.errorCode() == 400) {
                log.info("placeholder not editable, sending a new message: chat_id={} message_id={} error={}",
                        job.chatId(), placeholder, e.getMessage());
                return send(job, null, text, buttons).getMessageId();
            }
            throw forbiddenNoted(job.chatId(), e);
        }
    }

    /** Deletes one of the bot's messages; a failure is only logged (the message stays, saying "thinking"). */
    void delete(GenerationJob job, int messageId) {
        try {
            html.telegram().call(DeleteMessage.builder().chatId(job.chatId()).messageId(messageId).build());
        } catch (TelegramCallException e) {
            log.info("placeholder not deleted: chat_id={} message_id={} error={}", job.chatId(), messageId,
                    e.getMessage());
        }
    }

    /** Marks the chat inactive on a 403, so nothing more is sent there until it writes again. */
    TelegramCallException forbiddenNoted(long chatId, TelegramCallException e) {
        if (e.isForbidden()) {
            database.autoCommit(tx -> {
                chats.markInactive(tx, chatId);
                return null;
            });
            log.info("chat marked inactive after 403: chat_id={}", chatId);
        }
        return e;
    }
}
