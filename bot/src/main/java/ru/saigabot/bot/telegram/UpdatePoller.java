package ru.saigabot.bot.telegram;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Long polling that loses nothing. A batch is confirmed to Telegram (by the offset of the next
 * getUpdates) only after the {@link UpdateSink} has made it safe. The loop survives every error: 429 waits
 * for Telegram's retry_after, 5xx and network errors back off up to 30 s, a sink failure (a database
 * outage) re-polls the same batch. Only a revoked token stops it, through {@code onFatal}.
 *
 * <p>No offset is kept across restarts: Telegram re-sends unconfirmed updates, and the sink drops the
 * ones it has already recorded.
 */
public final class UpdatePoller implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(UpdatePoller.class);
    /** Explicit, because Telegram otherwise keeps whatever set an earlier getUpdates or webhook asked for. */
    public static final List<String> ALLOWED_UPDATES =
            List.of("message", "edited_message", "callback_query", "message_reaction", "my_chat_member");
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final TelegramGateway telegram;
    private final int pollTimeoutSeconds;
    private final UpdateSink sink;
    private final Consumer<String> onFatal;
    private volatile boolean running = true;
    private volatile Instant lastPoll = Instant.now();
    private Integer offset;

    public UpdatePoller(TelegramGateway telegram, int pollTimeoutSeconds, UpdateSink sink,
                        Consumer<String> onFatal) {
        this.telegram = telegram;
        this.pollTimeoutSeconds = pollTimeoutSeconds;
        this.sink = sink;
        this.onFatal = onFatal;
    }

    @Override
    public void run() {
        int failures = 0;
        while (running) {
            try {
                pollOnce();
                failures = 0;
            } catch (TelegramCallException e) {
                if (!running) {
                    return;
                }
                if (e.isUnauthorized()) {
                    onFatal.accept("Telegram refused the bot token (" + e.getMessage()
                            + "); check --token / TELEGRAM_BOT_TOKEN, or get a new one from @BotFather");
                    return;
                }
                failures++;
                long wait = e.errorCode() == 429 ? Math.max(1, e.retryAfterSeconds()) * 1000L : backoff(failures);
                log.warn("getUpdates failed: error_code={} failures={} wait_ms={} error={}", e.errorCode(), failures,
                        wait, e.getMessage());
                sleep(wait);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                failures++;
                long wait = backoff(failures);
                log.error("recording updates failed, the batch will be fetched again: failures={} wait_ms={} error={}",
                        failures, wait, e.getMessage(), e);
                sleep(wait);
            }
        }
    }

    private void pollOnce() {
        GetUpdates request = GetUpdates.builder()
                .offset(offset)
                .limit(100)
                .timeout(pollTimeoutSeconds)
                .allowedUpdates(ALLOWED_UPDATES)
                .build();
        List<Update> updates = telegram.poll(request, Duration.ofSeconds(pollTimeoutSeconds + 15L));
        lastPoll = Instant.now();
        if (updates.isEmpty()) {
            return;
        }
        List<Update> batch = updates.stream().sorted(Comparator.comparing(Update::getUpdateId)).toList();
        sink.accept(batch);
        offset = batch.get(batch.size() - 1).getUpdateId() + 1;
        log.debug("updates recorded: received={} next_offset={}", batch.size(), offset);
    }

    /** When getUpdates last answered; readiness checks turn red when this grows old. */
    public Instant lastPoll() {
        return lastPoll;
    }

    public void stop() {
        running = false;
        telegram.cancelPolls();
    }

    private static long backoff(int failures) {
        return Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(failures - 1, 10));
    }

    private void sleep(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (running && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
