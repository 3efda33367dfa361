package ru.saigabot.inference.catalog;

import java.time.Duration;
import java.util.OptionalLong;

/** Hears how a download goes; called on the downloading thread, so implementations should be quick. */
public interface DownloadListener {

    /** Ignores everything. */
    DownloadListener NONE = new DownloadListener() {
    };

    /** Bytes already in the part file are being read again to compute their checksum before resuming. */
    default void onRehashing(RemoteFile file, long bytes) {
    }

    /** Data starts to flow; {@code from} is above 0 when an earlier download is resumed. */
    default void onStart(RemoteFile file, long from, OptionalLong total) {
    }

    /** Called at most every {@value ModelDownloader#PROGRESS_INTERVAL_MILLIS} ms, and once at the end. */
    default void onProgress(DownloadProgress progress) {
    }

    /** An attempt failed for a reason that may pass (a dropped connection, a 5xx); the next one starts after {@code delay}. */
    default void onRetry(int failedAttempts, int maxAttempts, Duration delay, String reason) {
    }
}
