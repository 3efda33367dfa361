package ru.saigabot.bot.chat;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import ru.saigabot.bot.render.AnswerFormat;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;
import ru.saigabot.inference.GenerationListener;

/**
 * Shows an answer while it is written by editing the placeholder message, at most once per
 * interval: Telegram rate-limits edits, and a token-by-token edit would hit 429 at once. Each edit
 * shows the text so far formatted ({@link AnswerFormat#preview}); once Telegram refuses the
 * formatting, the rest of the stream goes plain, so no edit is spent twice.
 */
final class AnswerStream implements GenerationListener {
    private static final Logger log = LoggerFactory.getLogger(AnswerStream.class);
    /** Telegram shows "typing" for about five seconds, or until the bot sends something. */
    private static final long TYPING_EVERY_NANOS = 4_500_000_000L;

    private final TelegramGateway telegram;
    private final HtmlMessages html;
    private final long chatId;
    private final int messageId;
    private final StringBuilder text = new StringBuilder();
    private final ScheduledFuture<?> ticker;
    /** Held while a Telegram call is in flight, so close() can wait for it. */
    private final Object flushLock = new Object();
    private String shown = "";
    private boolean plain;
    private boolean closed;
    private long typingSentAt;

    AnswerStream(TelegramGateway telegram, ScheduledExecutorService scheduler, long chatId, int messageId,
                 long intervalMillis) {
        this.telegram = telegram;
        this.html = new HtmlMessages(telegram);
        this.chatId = chatId;
        this.messageId = messageId;
        this.ticker = scheduler.scheduleWithFixedDelay(this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Called on the model's thread: only appends, never waits for Telegram. */
    @Override
    public void onText(String delta) {
        synchronized (text) {
            text.append(delta);
        }
    }

    /** Stops editing; after this returns no streaming edit is in flight. */
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
                edit();
            }
        }
    }

    private void edit() {
        String current;
        synchronized (text) {
            current = text.toString().strip();
        }
        if (current.isEmpty()) {
            return;
        }
        String preview = AnswerFormat.preview(current);
        if (preview.isEmpty() || preview.equals(shown)) {
            return; // e.g. only "<think>" so far: the placeholder says enough
        }
        try {
            if (plain) {
                html.editPlain(chatId, messageId, AnswerFormat.plainText(preview), null);
            } else {
                plain = !html.edit(chatId, messageId, preview, null);
            }
            shown = preview;
        } catch (TelegramCallException e) {
            // A missed preview is harmless: the final edit carries the whole answer.
            log.warn("streaming edit failed: chat_id={} message_id={} error={}", chatId, messageId, e.getMessage());
        }
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
