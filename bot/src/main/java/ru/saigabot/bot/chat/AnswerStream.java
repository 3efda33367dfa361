package ru.saigabot.bot.chat;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import ru.saigabot.bot.render.MessageSplitter;
import ru.saigabot.bot.render.Texts;
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
    /** Telegram shows "typing" for about five seconds, or until the bot sends something. */
    private static final long TYPING_EVERY_NANOS = 4_500_000_000L;

    private final TelegramGateway telegram;
    private final long chatId;
    private final int messageId;
    private final StringBuilder text = new StringBuilder();
    private final ScheduledFuture<?> ticker;
    /** Held while a Telegram call is in flight, so close() can wait for it. */
    private final Object flushLock = new Object();
    private final String thinkingText;
    private final String queueText;
    /** The place in line the engine last reported; 0 once a slot took the request. */
    private volatile int position;
    private String shownStatus;
    private String shown = "";
    private boolean closed;
    private long typingSentAt;

    AnswerStream(TelegramGateway telegram, ScheduledExecutorService scheduler, long chatId, int messageId,
                 long intervalMillis, Texts texts) {
        this.thinkingText = texts.thinking;
        this.queueText = texts.queuePosition;
        this.shownStatus = texts.thinking; // what the placeholder says when it is sent
        this.telegram = telegram;
        this.chatId = chatId;
        this.messageId = messageId;
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
            showStatus();
            return;
        }
        String preview = preview(current);
        if (preview.equals(shown)) {
            return;
        }
        try {
            if (telegram.callUnlessThrottled(EditMessageText.builder().chatId(chatId).messageId(messageId)
                    .text(preview).build()).isPresent()) {
                shown = preview;
            }
        } catch (TelegramCallException e) {
            if (e.isNotModified()) {
                shown = preview;
                return;
            }
            // A missed preview is harmless: the final edit carries the whole answer.
            log.warn("streaming edit failed: chat_id={} message_id={} error={}", chatId, messageId, e.getMessage());
        }
    }

    /** Before the first text: "you are 3rd in line" while waiting, "thinking" once a slot took it. */
    private void showStatus() {
        int place = position;
        String status = place > 0 ? String.format(queueText, place) : thinkingText;
        if (status.equals(shownStatus)) {
            return;
        }
        try {
            if (telegram.callUnlessThrottled(EditMessageText.builder().chatId(chatId).messageId(messageId)
                    .text(status).build()).isPresent()) {
                shownStatus = status;
            }
        } catch (TelegramCallException e) {
            if (e.isNotModified()) {
                shownStatus = status;
                return;
            }
            log.warn("queue position not shown: chat_id={} message_id={} error={}", chatId, messageId, e.getMessage());
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

    /** The tail that fits one message: an answer that will be split shows its latest part. */
    private static String preview(String current) {
        int room = MessageSplitter.TELEGRAM_LIMIT - CURSOR.length();
        if (current.length() > room) {
            int from = current.length() - room + 1;
            if (Character.isLowSurrogate(current.charAt(from))) {
                from++; // never show half of an emoji
            }
            return "…" + current.substring(from) + CURSOR;
        }
        return current + CURSOR;
    }
}
