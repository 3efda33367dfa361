package ru.saigabot.bot.chat;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import ru.saigabot.bot.render.Keyboards;
import ru.saigabot.bot.render.MessageSplitter;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.render.Texts;
import ru.saigabot.bot.store.AnswerRecord;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.GenerationJob;
import ru.saigabot.bot.store.GenerationStore;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.bot.store.StoredMessage;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;
import ru.saigabot.inference.EngineBusyException;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.context.PromptTooLongException;
import ru.saigabot.inference.GenerationResult;

/**
 * Puts answers in front of users and in the database. The final Telegram message and the stored
 * answer cannot be made atomic (Telegram has no idempotency key); the window between them is kept
 * to the final call: the answer and the request's "done" commit together right after it.
 */
public final class AnswerDelivery {
    private static final Logger log = LoggerFactory.getLogger(AnswerDelivery.class);

    private final TelegramGateway telegram;
    private final Database database;
    private final GenerationStore generations;
    private final MessageStore messages;
    private final ChatStore chats;
    private final ConversationCache cache;

    public AnswerDelivery(TelegramGateway telegram, Database database, GenerationStore generations,
                          MessageStore messages, ChatStore chats, ConversationCache cache) {
        this.telegram = telegram;
        this.database = database;
        this.generations = generations;
        this.messages = messages;
        this.chats = chats;
        this.cache = cache;
    }

    TelegramGateway telegram() {
        return telegram;
    }

    /**
     * The message the answer will be written into: the one from an earlier attempt, or a new one. The
     * placeholder itself shows that an answer is coming; the stream adds "typing" while it lasts.
     */
    int ensurePlaceholder(GenerationJob job) {
        if (job.placeholderTgMessageId() != null) {
            return job.placeholderTgMessageId().intValue();
        }
        // In groups the answer replies to the message that asked, so everyone sees what it answers.
        SendMessage placeholder = SendMessage.builder().chatId(job.chatId()).messageThreadId(threadOf(job))
                .text(Texts.forLanguage(job.languageCode()).thinking)
                .replyParameters(job.group() && job.userTgMessageId() != null
                        ? ReplyParameters.builder().messageId(job.userTgMessageId().intValue())
                                .allowSendingWithoutReply(true).build()
                        : null)
                .build();
        try {
            return telegram.call(placeholder).getMessageId();
        } catch (TelegramCallException e) {
            throw handleForbidden(job.chatId(), e);
        }
    }

    void deliver(GenerationJob job, int placeholder, GenerationResult result, String paramsJson) {
        Texts texts = Texts.forLanguage(job.languageCode());
        String answer = result.text().strip();
        if (answer.isEmpty()) {
            String shown = result.finishReason() == FinishReason.CANCELLED
                    ? Phrase.ANSWER_STOPPED.in(job.languageCode()) : texts.emptyAnswer;
            int shownIn = write(job.chatId(), threadOf(job), placeholder, shown, null);
            store(job, result, paramsJson, "", "failed", shownIn, "the model produced no text");
            return;
        }
        List<String> parts = MessageSplitter.split(answer, MessageSplitter.TELEGRAM_LIMIT);
        InlineKeyboardMarkup buttons = Keyboards.feedback(job.id());
        int lastMessage = write(job.chatId(), threadOf(job), placeholder, parts.get(0), parts.size() == 1 ? buttons : null);
        for (int i = 1; i < parts.size(); i++) {
            lastMessage = send(job.chatId(), threadOf(job), parts.get(i), i == parts.size() - 1 ? buttons : null)
                    .getMessageId();
        }
        String status = result.finishReason() == FinishReason.STOP ? "complete" : "cut";
        store(job, result, paramsJson, answer, status, lastMessage, null);
        log.info("answer delivered: chat_id={} generation_id={} parts={} prompt_tokens={} tokens={} ttft_ms={} "
                        + "tokens_per_s={}", job.chatId(), job.id(), parts.size(), result.stats().promptTokens(),
                result.stats().generatedTokens(), result.stats().timeToFirstToken().toMillis(),
                String.format(java.util.Locale.ROOT, "%.1f", result.stats().tokensPerSecond()));
    }

    /** Tells the user in their language why there is no answer, and closes the request as failed. */
    void fail(GenerationJob job, int placeholder, Throwable error) {
        Texts texts = Texts.forLanguage(job.languageCode());
        String shown;
        if (error instanceof PromptTooLongException) {
            PromptTooLongException tooLong = (PromptTooLongException) error;
            shown = String.format(texts.messageTooLong, tooLong.neededTokens(), tooLong.availableTokens());
        } else if (error instanceof EngineBusyException) {
            shown = texts.modelBusy;
        } else {
            shown = texts.generationError;
        }
        try {
            write(job.chatId(), threadOf(job), placeholder, shown, Keyboards.retry(job.id()));
        } catch (TelegramCallException e) {
            log.warn("could not tell the user about a failed answer: chat_id={} error={}", job.chatId(), e.getMessage());
        }
        database.inTransaction(tx -> {
            generations.markFailed(tx, job.id(), String.valueOf(error.getMessage()));
            return null;
        });
    }

    void showRestarting(GenerationJob job, int placeholder) {
        try {
            write(job.chatId(), threadOf(job), placeholder, Texts.forLanguage(job.languageCode()).restarting, null);
        } catch (TelegramCallException e) {
            log.debug("restart notice not shown: chat_id={} error={}", job.chatId(), e.getMessage());
        }
    }

    private void store(GenerationJob job, GenerationResult result, String paramsJson, String text, String status,
                       int tgMessageId, String error) {
        var stats = result.stats();
        AnswerRecord record = new AnswerRecord(text, status, result.model(), paramsJson, stats.promptTokens(),
                stats.generatedTokens(), stats.queueWait().toMillis(), stats.timeToFirstToken().toMillis(),
                stats.total().toMillis(), tgMessageId);
        long answerId = database.query(connection -> messages.addAnswer(connection, job.conversationId(),
                job.chatId(), job.userMessageId(), record, job.id(), error));
        if (error == null) {
            cache.messageStored(new StoredMessage(answerId, job.conversationId(), job.chatId(), "assistant", text,
                    (long) tgMessageId));
        }
    }

    /** Edits the placeholder into {@code text}; sends a new message when the placeholder is gone. */
    private int write(long chatId, Integer threadId, int messageId, String text, InlineKeyboardMarkup buttons) {
        try {
            telegram.call(EditMessageText.builder().chatId(chatId).messageId(messageId).text(text)
                    .replyMarkup(buttons).build());
            return messageId;
        } catch (TelegramCallException e) {
            if (e.isNotModified()) {
                return messageId;
            }
            if (e.errorCode() == 400) {
                log.info("placeholder not editable, sending a new message: chat_id={} message_id={} error={}", chatId,
                        messageId, e.getMessage());
                return send(chatId, threadId, text, buttons).getMessageId();
            }
            throw handleForbidden(chatId, e);
        }
    }

    private static Integer threadOf(GenerationJob job) {
        return job.threadId() == 0 ? null : (int) job.threadId();
    }

    private Message send(long chatId, Integer threadId, String text, InlineKeyboardMarkup buttons) {
        try {
            return telegram.call(SendMessage.builder().chatId(chatId).messageThreadId(threadId).text(text)
                    .replyMarkup(buttons).build());
        } catch (TelegramCallException e) {
            throw handleForbidden(chatId, e);
        }
    }

    private TelegramCallException handleForbidden(long chatId, TelegramCallException e) {
        if (e.isForbidden()) {
            database.query(connection -> {
                chats.markInactive(connection, chatId);
                return null;
            });
            cache.chatDeactivated(chatId);
            log.info("chat marked inactive after 403: chat_id={}", chatId);
        }
        return e;
    }
}
