package ru.saigabot.bot.chat;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import ru.saigabot.bot.render.AnswerFormat;
import ru.saigabot.bot.render.Keyboards;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.render.TelegramHtml;
import ru.saigabot.bot.render.Texts;
import ru.saigabot.bot.store.AnswerRecord;
import ru.saigabot.bot.render.ArenaView;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.GenerationJob;
import ru.saigabot.bot.store.GenerationStore;
import ru.saigabot.bot.store.LiveBattleStore;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.bot.store.SqlFunction;
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
 *
 * <p>Everything is sent as Telegram HTML ({@link AnswerFormat}); the model's own text is what is stored.
 */
public final class AnswerDelivery {
    private static final Logger log = LoggerFactory.getLogger(AnswerDelivery.class);

    private final TelegramGateway telegram;
    private final HtmlMessages html;
    private final Database database;
    private final GenerationStore generations;
    private final MessageStore messages;
    private final ChatStore chats;
    private final ConversationCache cache;
    private final GenerationObserver observer;
    /** Cleared once Telegram refuses a draft: every later answer starts with a placeholder message. */
    private final AtomicBoolean draftsAllowed = new AtomicBoolean(true);

    private final LiveBattleStore battles;

    public AnswerDelivery(TelegramGateway telegram, Database database, GenerationStore generations,
                          MessageStore messages, ChatStore chats, ConversationCache cache, LiveBattleStore battles,
                          GenerationObserver observer) {
        this.battles = battles;
        this.observer = observer;
        this.telegram = telegram;
        this.html = new HtmlMessages(telegram);
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
     * Where the answer will be shown while it is written: the placeholder of an earlier attempt; a
     * message draft in a private chat (its first frame sent here, so a refusal is known at once); or a
     * new placeholder message, which itself shows that an answer is coming.
     */
    AnswerTarget open(GenerationJob job) {
        if (job.placeholderTgMessageId() != null) {
            return AnswerTarget.placeholder(job.chatId(), job.placeholderTgMessageId().intValue());
        }
        String thinking = TelegramHtml.escape(Texts.forLanguage(job.languageCode()).thinking);
        if (job.group() || !draftsAllowed.get()) {
            return AnswerTarget.placeholder(job.chatId(), sendPlaceholder(job, thinking));
        }
        AnswerTarget draft = AnswerTarget.draft(job.chatId(), draftId(job), () -> sendPlaceholder(job, thinking),
                () -> draftsAllowed.set(false));
        try {
            html.draft(job.chatId(), draft.draftId(), thinking, false);
        } catch (TelegramCallException e) {
            if (e.errorCode() != 400 && e.errorCode() != 404) {
                throw handleForbidden(job.chatId(), e);
            }
            draft.fallBackToPlaceholder(e);
        }
        return draft;
    }

    /** Non-zero and stable for the request, so every frame animates the same draft. */
    private static int draftId(GenerationJob job) {
        int id = (int) (job.id() % Integer.MAX_VALUE);
        return id == 0 ? 1 : id;
    }

    private int sendPlaceholder(GenerationJob job, String text) {
        // In groups the answer replies to the message that asked, so everyone sees what it answers.
        Integer replyTo = job.group() && job.userTgMessageId() != null ? job.userTgMessageId().intValue() : null;
        try {
            return html.send(job.chatId(), threadOf(job), replyTo, text, null).getMessageId();
        } catch (TelegramCallException e) {
            throw handleForbidden(job.chatId(), e);
        }
    }

    /** Shows the answer (into the placeholder, or as new messages after a draft) and stores it. */
    void deliver(GenerationJob job, Integer placeholder, GenerationResult result, String paramsJson) {
        Texts texts = Texts.forLanguage(job.languageCode());
        String answer = result.text().strip();
        List<String> parts = AnswerFormat.messages(answer);
        if (job.arena() != null && !parts.isEmpty()) {
            parts = ArenaView.labelled(parts, job.arena().shownFirst(), job.languageCode());
        }
        if (parts.isEmpty()) {
            String shown = result.finishReason() == FinishReason.CANCELLED
                    ? Phrase.ANSWER_STOPPED.in(job.languageCode()) : texts.emptyAnswer;
            int shownIn = write(job.chatId(), threadOf(job), placeholder, TelegramHtml.escape(shown), null);
            store(job, result, paramsJson, "", "failed", shownIn, "the model produced no text");
            observer.ended(result.finishReason() == FinishReason.CANCELLED ? RequestOutcome.STOPPED
                    : RequestOutcome.EMPTY, result.stats());
            return;
        }
        // A live battle is voted on under answer "B", the second to come: 👍/👎 and 🔄 are for ordinary answers.
        InlineKeyboardMarkup buttons = job.arena() == null ? Keyboards.feedback(job.id())
                : job.arena().shownFirst() ? null : ArenaView.buttons(job.arena().voteId(), job.languageCode(), false);
        int lastMessage = write(job.chatId(), threadOf(job), placeholder, parts.get(0),
                parts.size() == 1 ? buttons : null);
        for (int i = 1; i < parts.size(); i++) {
            lastMessage = send(job.chatId(), threadOf(job), parts.get(i), i == parts.size() - 1 ? buttons : null)
                    .getMessageId();
        }
        String status = result.finishReason() == FinishReason.STOP ? "complete" : "cut";
        store(job, result, paramsJson, answer, status, lastMessage, null);
        observer.ended(result.finishReason() == FinishReason.STOP ? RequestOutcome.COMPLETE
                : result.finishReason() == FinishReason.LENGTH ? RequestOutcome.CUT : RequestOutcome.STOPPED,
                result.stats());
        log.info("answer delivered: chat_id={} generation_id={} parts={} prompt_tokens={} tokens={} ttft_ms={} "
                        + "tokens_per_s={}", job.chatId(), job.id(), parts.size(), result.stats().promptTokens(),
                result.stats().generatedTokens(), result.stats().timeToFirstToken().toMillis(),
                String.format(java.util.Locale.ROOT, "%.1f", result.stats().tokensPerSecond()));
    }

    /** Tells the user in their language why there is no answer, and closes the request as failed. */
    void fail(GenerationJob job, Integer placeholder, Throwable error) {
        Texts texts = Texts.forLanguage(job.languageCode());
        String shown;
        if (error instanceof PromptTooLongException) {
            PromptTooLongException tooLong = (PromptTooLongException) error;
            shown = String.format(texts.messageTooLong, tooLong.neededTokens(), tooLong.availableTokens());
            observer.ended(RequestOutcome.TOO_LONG, null);
        } else if (error instanceof EngineBusyException) {
            shown = texts.modelBusy;
            observer.ended(RequestOutcome.BUSY, null);
        } else {
            shown = texts.generationError;
            observer.ended(RequestOutcome.FAILED, null);
        }
        try {
            write(job.chatId(), threadOf(job), placeholder, TelegramHtml.escape(shown), Keyboards.retry(job.id()));
        } catch (TelegramCallException e) {
            log.warn("could not tell the user about a failed answer: chat_id={} error={}", job.chatId(), e.getMessage());
        }
        database.inTransaction(tx -> {
            generations.markFailed(tx, job.id(), String.valueOf(error.getMessage()));
            return null;
        });
    }

    /** A restart notice where the answer was being shown; a draft fades by itself if the restart is long. */
    void showRestarting(GenerationJob job, AnswerTarget target) {
        String notice = TelegramHtml.escape(Texts.forLanguage(job.languageCode()).restarting);
        try {
            if (target.isDraft()) {
                html.draft(job.chatId(), target.draftId(), notice, false);
            } else {
                write(job.chatId(), threadOf(job), target.placeholder(), notice, null);
            }
        } catch (TelegramCallException e) {
            log.debug("restart notice not shown: chat_id={} error={}", job.chatId(), e.getMessage());
        }
    }

    private void store(GenerationJob job, GenerationResult result, String paramsJson, String text, String status,
                       int tgMessageId, String error) {
        var stats = result.stats();
        AnswerRecord record = new AnswerRecord(text, status, result.model(), paramsJson, stats.promptTokens(),
                stats.cachedPromptTokens(),
                stats.generatedTokens(), stats.queueWait().toMillis(), stats.timeToFirstToken().toMillis(),
                stats.total().toMillis(), tgMessageId);
        SqlFunction<Connection, Long> work = connection -> {
            long id = messages.addAnswer(connection, job.conversationId(), job.chatId(), job.userMessageId(), record,
                    job.id(), error);
            if (job.arena() != null && error == null) {
                battles.liveAnswered(connection, job.arena().taskId(), job.arena().side(), text, id,
                        job.arena().shownFirst());
            }
            return id;
        };
        // An ordinary answer is one statement; a battle's side also fills its task, in the same transaction.
        long answerId = job.arena() == null ? database.query(work) : database.inTransaction(work);
        if (error == null) {
            cache.messageStored(StoredMessage.answer(answerId, job.conversationId(), job.chatId(), text,
                    (long) tgMessageId, job.userMessageId()));
            if (job.arena() != null && !job.arena().shownFirst()) {
                cache.turnsChanged(job.conversationId()); // answer "B" waits superseded until it is chosen
            }
        }
    }

    /**
     * Edits the placeholder into {@code text} (HTML); sends a new message when there is none (the answer
     * was a draft) or it is gone.
     */
    private int write(long chatId, Integer threadId, Integer messageId, String text, InlineKeyboardMarkup buttons) {
        if (messageId == null) {
            return send(chatId, threadId, text, buttons).getMessageId();
        }
        try {
            html.edit(chatId, messageId, text, buttons);
            return messageId;
        } catch (TelegramCallException e) {
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

    /** Sends {@code text} (HTML) as a new message, in the forum topic when there is one. */
    private Message send(long chatId, Integer threadId, String text, InlineKeyboardMarkup buttons) {
        try {
            return html.send(chatId, threadId, null, text, buttons);
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
