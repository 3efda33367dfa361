package ru.saigabot.bot.answer.telegram;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.answer.AnswerView;
import ru.saigabot.bot.answer.Destination;
import ru.saigabot.bot.answer.DestinationException;
import ru.saigabot.bot.documents.GivenSources;
import ru.saigabot.bot.documents.QuestionGrounding;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.render.AnswerFormat;
import ru.saigabot.bot.render.JsonAnswer;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.render.TelegramHtml;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.StoreException;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;

/**
 * Answers in Telegram chats: a message draft in private chats while the answer is written (a placeholder message
 * in groups, or where drafts are refused), previews at most once per stream interval, then the final message with
 * its buttons. An extraction's answer (its conversation's purpose says so, for 🔄 too) is shown as JSON.
 */
public final class TelegramDestination implements Destination {
    private static final Logger log = LoggerFactory.getLogger(TelegramDestination.class);
    private final TelegramGateway telegram;
    private final AnswerMessages messages;
    private final ScheduledExecutorService scheduler;
    private final long streamIntervalMillis;
    /** Cleared once Telegram refuses a draft: every later answer starts with a placeholder message. */
    private final AtomicBoolean draftsAllowed = new AtomicBoolean(true);
    private final Database database;
    private final QuestionGrounding grounding;

    /**
     * @param scheduler            runs the previews of answers being written
     * @param streamIntervalMillis the least time between two previews of one answer (Telegram rate-limits edits)
     */
    public TelegramDestination(TelegramGateway telegram, Database database, ChatStore chats,
                               ScheduledExecutorService scheduler, long streamIntervalMillis,
                               QuestionGrounding grounding) {
        this.telegram = telegram;
        this.database = database;
        this.grounding = grounding;
        this.messages = new AnswerMessages(new HtmlMessages(telegram), database, chats);
        this.scheduler = scheduler;
        this.streamIntervalMillis = streamIntervalMillis;
    }

    @Override
    public AnswerView open(GenerationJob job) {
        AnswerTarget target;
        try {
            target = target(job);
        } catch (TelegramCallException e) {
            // Only what may pass is tried again: a network failure, 429, 5xx. Telegram's "chat not found" or a
            // 403 stays as it is, and retrying every 15 s would keep the request open forever.
            throw e.isRetryable() ? DestinationException.unreachable(e.getMessage(), e)
                    : DestinationException.gone(e.getMessage(), e);
        }
        AnswerStream stream = new AnswerStream(telegram, messages.html(), scheduler, target, streamIntervalMillis,
                job.language(), TelegramAnswer.showsJson(job) ? JsonAnswer::preview : AnswerFormat::preview);
        // A placeholder of an earlier attempt may show that attempt's answer: only one sent here is taken back.
        boolean sentHere = job.state().placeholderTgMessageId() == null;
        return new TelegramAnswer(job, target, stream, messages, sentHere, this::sources);
    }

    /** The sources to show under the answer; none when they cannot be read now (the answer matters more). */
    private GivenSources sources(GenerationJob job) {
        try {
            return database.query(connection -> grounding.stored(connection, job.question().messageId()));
        } catch (StoreException e) {
            log.warn("answer shown without its sources: chat_id={} generation_id={} error={}", job.chatId(), job.id(),
                    e.getMessage());
            return GivenSources.NOT_SEARCHED;
        }
    }

    /**
     * Where the answer will be shown while it is written: the placeholder of an earlier attempt; a message draft
     * in a private chat (its first frame sent here, so a refusal is known at once); or a new placeholder message,
     * which itself shows that an answer is coming.
     */
    private AnswerTarget target(GenerationJob job) {
        Long earlier = job.state().placeholderTgMessageId();
        if (earlier != null) {
            return AnswerTarget.placeholder(job.chatId(), earlier.intValue());
        }
        String thinking = TelegramHtml.escape(Phrase.THINKING.in(job.language()));
        if (job.place().group() || !draftsAllowed.get()) {
            return AnswerTarget.placeholder(job.chatId(), messages.sendPlaceholder(job, thinking));
        }
        AnswerTarget draft = AnswerTarget.draft(job.chatId(), draftId(job),
                () -> messages.sendPlaceholder(job, thinking), () -> draftsAllowed.set(false));
        try {
            messages.html().draft(job.chatId(), draft.draftId(), thinking, false);
        } catch (TelegramCallException e) {
            if (!AnswerTarget.refusesDrafts(e)) {
                throw messages.forbiddenNoted(job.chatId(), e);
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
}
