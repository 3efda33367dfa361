package ru.saigabot.bot.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is older than the retention period ({@code --retention-days}; 0 keeps conversations
 * forever) and the raw updates that are no longer needed. Runs periodically; a failure is logged and
 * the next run tries again.
 */
public final class RetentionJob implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final Database database;
    private final PrivacyStore privacy;
    private final int retentionDays;

    public RetentionJob(Database database, PrivacyStore privacy, int retentionDays) {
        this.database = database;
        this.privacy = privacy;
        this.retentionDays = retentionDays;
    }

    @Override
    public void run() {
        try {
            if (retentionDays > 0) {
                PrivacyStore.Removed removed = database.transact(tx -> privacy.purgeOlderThan(tx, retentionDays));
                if (!removed.conversationIds().isEmpty()) {
                    log.info("old conversations deleted: count={} retention_days={}", removed.conversationIds().size(),
                            retentionDays);
                }
            } else {
                database.inTransaction(privacy::purgeHandledUpdates);
            }
        } catch (RuntimeException e) {
            log.error("retention purge failed, retrying at the next run: error={}", e.getMessage(), e);
        }
    }
}
