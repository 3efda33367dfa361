package ru.saigabot.bot.worker;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.store.Database;

/**
 * What {@code run --inference queue} knows of its workers, read from the database now and then so that
 * {@code /readyz} and {@code /metrics} answer at once even while the database does not.
 */
public final class WorkerTally implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(WorkerTally.class);

    /** A worker beats every third of its lease (30 s by default): two missed beats and more are "gone". */
    public static final int LIVE_WITHIN_SECONDS = 60;

    /** Workers seen lately, and jobs published that no worker has claimed yet. */
    public record Counts(int liveWorkers, int waitingJobs) {}

    private final Database database;
    private final InferenceQueue queue;
    private final AtomicReference<Counts> latest = new AtomicReference<>();

    public WorkerTally(Database database, InferenceQueue queue) {
        this.database = database;
        this.queue = queue;
    }

    /** Reads the counts again; on failure keeps the last ones (readiness reports the database itself). */
    @Override
    public void run() {
        try {
            latest.set(database.query(tx -> new Counts(queue.liveWorkers(tx, LIVE_WITHIN_SECONDS), queue.waiting(tx))));
        } catch (RuntimeException e) {
            log.warn("inference worker counts not refreshed: error={}", e.getMessage());
        }
    }

    public Counts latest() {
        Counts counts = latest.get();
        return counts == null ? new Counts(0, 0) : counts;
    }

    /** For /readyz: users wait for nothing while no worker is there to answer. */
    public Optional<String> problem() {
        if (latest.get() == null) {
            return Optional.of("not counted yet");
        }
        return latest().liveWorkers() > 0 ? Optional.empty()
                : Optional.of("no inference worker seen in the last " + LIVE_WITHIN_SECONDS + " s; start one: "
                        + "saiga-bot worker --db-url <this bot's database> --model <file.gguf>");
    }
}
