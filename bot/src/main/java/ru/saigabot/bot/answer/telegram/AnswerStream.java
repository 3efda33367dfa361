package ru.saigabot.bot.answer.telegram;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import ru.saigabot.bot.render.AnswerFormat;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.render.TelegramHtml;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;
import ru.saigabot.inference.GenerationListener;

/**
 * Shows an answer while it is written, at most once per interval (Telegram rate-limits edits; a
 * token-by-token edit would hit 429 at once): as a message draft in private chats, or by editing the
 * placeholder message where drafts are refused and in groups. Before the first text it shows the place
 * in line, then "thinking". Each preview is the text so far formatted ({@link AnswerFormat#preview});
 * once Telegram refuses the formatting, the rest of the stream goes plain.
 */
final class AnswerStream implements GenerationListener {
    private static final Logger log = LoggerFactory.getLogger(AnswerStream.class);
    /** Telegram shows "typing" for about five seconds, or until the bot sends something. */
    private static final long TYPING_EVERY_NANOS = 4_500_000_000L;
    /** A draft is a 30-second preview: it is sent again before it fades, even when nothing changed. */
    private static final long DRAFT_REFRESH_NANOS = 20_000_000_000L;

    private final TelegramGateway telegram;
    private final HtmlMessages html;
    private final AnswerTarget target;
    private final long chatId;
    private final StringBuilder text = new StringBuilder();
    private final ScheduledFuture<?> ticker;
    /** Held while a Telegram call is in flight, so close() can wait for it. */
    private final Object flushLock = new Object();
    private final String thinkingText;
    private final String language;
    /** The text so far as one HTML message ({@link AnswerFormat#preview}, or JSON's). */
    private final UnaryOperator<String> formatted;
    /** The place in line the engine last reported; 0 once a slot took the request. */
    private volatile int position;
    private String shown;
    private long shownAt;
    private boolean plain;
    private boolean closed;
    private long typingSentAt;

    /** @param formatted the text so far as one HTML message; empty while there is nothing to show */
    AnswerStream(TelegramGateway telegram, HtmlMessages html, ScheduledExecutorService scheduler, AnswerTarget target,
                 long intervalMillis, String language, UnaryOperator<String> formatted) {
        this.telegram = telegram;
        this.formatted = formatted;
        this.html = html;
        this.target = target;
        this.chatId = target.chatId();
        this.thinkingText = TelegramHtml.escape(Phrase.THINKING.in(language));
        this.language = language;
        this.shown = thinkingText; // what the placeholder or the first draft says
        this.shownAt = System.nanoTime();
        this.ticker = scheduler.scheduleWithFixedDelay(this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** The engine's queue moved; the next flush shows the user their place in line. */
    @Override
    public void onQueued(int place) {
        position = place;
    }

    @Override
    public void onStarted() {
        position = 0;
    }

    /** Called on the model's thread: only appends, never waits for Telegram. */
    @Override
    public void onText(String delta) {
        synchronized (text) {
            text.append(delta);
        }
    }

    /** Stops streaming; after this returns no preview is in flight. */
    void close() {
        synchronized (flushLock) {
            closed = true;
            ticker.cancel(false);
        }
    }

    private void flush() {
        synchronized (flushLock) {
            if (!closed) {
                showTyping();
                show(nextPreview());
            }
        }
    }

    /** The text so far formatted; before any, the place in line or "thinking". */
    private String nextPreview() {
        String current;
        synchronized (text) {
            current = text.toString().strip();
        }
        String preview = current.isEmpty() ? "" : formatted.apply(current);
        if (!preview.isEmpty()) {
            return preview;
        }
        int place = position; // e.g. only "<think>" so far: the status says enough
        return place > 0 ? TelegramHtml.escape(Phrase.QUEUE_POSITION.in(language, place)) : thinkingText;
    }

    private void show(String preview) {
        boolean fading = target.isDraft() && System.nanoTime() - shownAt > DRAFT_REFRESH_NANOS;
        if (preview.equals(shown) && !fading) {
            return;
        }
        try {
            boolean sent = target.isDraft() ? sendDraft(preview) : editPlaceholder(preview);
            if (sent) {
                shown = preview;
                shownAt = System.nanoTime();
            }
        } catch (TelegramCallException e) {
            // A missed preview is harmless: the final message carries the whole answer.
            log.warn("streaming preview failed: chat_id={} error={}", chatId, e.getMessage());
        }
    }

    private boolean sendDraft(String preview) {
        try {
            plain = !html.draft(chatId, target.draftId(), preview, plain);
            return true;
        } catch (TelegramCallException e) {
            if (!AnswerTarget.refusesDrafts(e)) {
                throw e;
            }
            // Drafts refused (an older Bot API server, a client without them): a placeholder from now on.
            target.fallBackToPlaceholder(e);
            return editPlaceholder(preview);
        }
    }

    private boolean editPlaceholder(String preview) {
        var result = html.preview(chatId, target.placeholder(), preview, plain);
        result.ifPresent(formatted -> plain = !formatted);
        return result.isPresent();
    }

    private void showTyping() {
        long now = System.nanoTime();
        if (typingSentAt != 0 && now - typingSentAt < TYPING_EVERY_NANOS) {
            return;
        }
        typingSentAt = now;
        try {
            telegram.call(SendChatAction.builder().chatId(chatId).action(ActionType.TYPING.toString()).build());
        } catch (TelegramCallException e) {
            log.debug("typing action failed: chat_id={} error={}", chatId, e.getMessage());
        }
    }
}
