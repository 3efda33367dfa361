package ru.saigabot.bot.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.store.InboxUpdate;
import ru.saigabot.bot.store.UpdateInbox;

/**
 * Long polling that loses nothing. A batch is confirmed to Telegram (by the offset of the next
 * getUpdates) only after it is stored in the inbox. The loop survives every error: 429 waits for
 * Telegram's retry_after, 5xx and network errors back off up to 30 s, a database outage re-polls the
 * same batch. Only a revoked token stops it, through {@code onFatal}.
 *
 * <p>No offset is kept across restarts: Telegram re-sends unconfirmed updates, and the inbox key
 * drops the ones already stored.
 */
public final class UpdatePoller implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(UpdatePoller.class);
    /** Explicit, because Telegram otherwise keeps whatever set an earlier getUpdates or webhook asked for. */
    public static final List<String> ALLOWED_UPDATES =
            List.of("message", "edited_message", "callback_query", "message_reaction", "my_chat_member");
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final TelegramGateway telegram;
    private final UpdateInbox inbox;
    private final ObjectMapper json;
    private final int pollTimeoutSeconds;
    private final Consumer<List<ReceivedUpdate>> onStored;
    private final Consumer<String> onFatal;
    private volatile boolean running = true;
    private volatile Instant lastPoll = Instant.now();
    private Integer offset;

    public UpdatePoller(TelegramGateway telegram, UpdateInbox inbox, ObjectMapper json, int pollTimeoutSeconds,
                        Consumer<List<ReceivedUpdate>> onStored, Consumer<String> onFatal) {
        this.telegram = telegram;
        this.inbox = inbox;
        this.json = json;
        this.pollTimeoutSeconds = pollTimeoutSeconds;
        this.onStored = onStored;
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
                failures++;
                long wait = backoff(failures);
                log.error("storing updates failed, the batch will be fetched again: failures={} wait_ms={} error={}",
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
        List<InboxUpdate> batch = new ArrayList<>(updates.size());
        int maxId = Integer.MIN_VALUE;
        for (Update update : updates) {
            batch.add(toInbox(update));
            maxId = Math.max(maxId, update.getUpdateId());
        }
        Set<Long> added = inbox.store(batch);
        offset = maxId + 1;
        log.debug("updates stored: received={} new={} next_offset={}", updates.size(), added.size(), offset);
        if (!added.isEmpty()) {
            // Handed over with the parsed update: the dispatcher need not read it back nor parse it again.
            List<ReceivedUpdate> fresh = new ArrayList<>(added.size());
            for (int i = 0; i < updates.size(); i++) {
                if (added.contains(batch.get(i).updateId())) {
                    fresh.add(new ReceivedUpdate(batch.get(i), updates.get(i)));
                }
            }
            onStored.accept(fresh);
        }
    }

    private InboxUpdate toInbox(Update update) {
        try {
            return new InboxUpdate(update.getUpdateId(), UpdateKinds.kindOf(update), UpdateKinds.chatIdOf(update),
                    json.writeValueAsString(update), 0);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("update " + update.getUpdateId() + " cannot be serialised", e);
        }
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
