package ru.saigabot.bot.metrics;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.VoteCounts;
import ru.saigabot.bot.store.VoteCounts.Votes;

/**
 * The vote counts the metrics show, read from the database now and then rather than on every scrape:
 * a scrape must answer at once even while the database does not, and counting the votes table is a
 * scan. Counting in the database also counts every process's votes, and survives restarts.
 */
public final class FeedbackTally implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(FeedbackTally.class);

    private final Database database;
    private final VoteCounts counts = new VoteCounts();
    private final AtomicReference<Votes> latest = new AtomicReference<>(new Votes(0, 0));

    public FeedbackTally(Database database) {
        this.database = database;
    }

    /** Reads the counts again; on failure keeps the last ones (readiness reports the database). */
    @Override
    public void run() {
        try {
            latest.set(database.query(counts::read));
        } catch (RuntimeException e) {
            log.warn("vote counts for the metrics not refreshed: error={}", e.getMessage());
        }
    }

    public Votes latest() {
        return latest.get();
    }
}
