package ru.saigabot.bot.chat;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import ru.saigabot.bot.render.MessageSplitter;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;
import ru.saigabot.inference.GenerationListener;

/**
 * Shows an answer while it is written by editing the placeholder message, at most once per
 * interval: Telegram rate-limits edits, and a token-by-token edit would hit 429 at once.
 */
final class AnswerStream implements GenerationListener {
    private static final Logger log = LoggerFactory.getLogger(AnswerStream.class);
    private static final String CURSOR = " ▌";

    private final TelegramGateway telegram;
    private final long chatId;
    private final int messageId;
    private final StringBuilder text = new StringBuilder();
    private final ScheduledFuture<?> ticker;
    private String shown = "";
    private boolean closed;

    AnswerStream(TelegramGateway telegram, ScheduledExecutorService scheduler, long chatId, int messageId,
                 long intervalMillis) {
        this.telegram = telegram;
        this.chatId = chatId;
        this.messageId = messageId;
        this.ticker = scheduler.scheduleWithFixedDelay(this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void onText(String delta) {
        text.append(delta);
    }

    /** Stops editing; after this returns no streaming edit is in flight. */
    synchronized void close() {
        closed = true;
        ticker.cancel(false);
    }

    private synchronized void flush() {
        if (closed) {
            return;
        }
        String preview = preview();
        if (preview.equals(shown) || text.toString().isBlank()) {
            return;
        }
        try {
            telegram.call(EditMessageText.builder().chatId(chatId).messageId(messageId).text(preview).build());
            shown = preview;
        } catch (TelegramCallException e) {
            if (e.isNotModified()) {
                shown = preview;
                return;
            }
            // A missed preview is harmless: the final edit carries the whole answer.
            log.warn("streaming edit failed: chat_id={} message_id={} error={}", chatId, messageId, e.getMessage());
        }
    }

    /** The tail that fits one message: an answer that will be split shows its latest part. */
    private String preview() {
        String current = text.toString().strip();
        int room = MessageSplitter.TELEGRAM_LIMIT - CURSOR.length();
        if (current.length() > room) {
            current = "…" + current.substring(current.length() - room + 1);
        }
        return current + CURSOR;
    }
}
