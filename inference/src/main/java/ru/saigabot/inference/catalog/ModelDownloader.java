package ru.saigabot.inference.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import ru.saigabot.inference.catalog.DownloadException.Reason;

/**
 * Downloads model files from a Hugging Face hub into a models directory.
 *
 * <p>The file is written as {@code {file}.part} next to its final place and renamed (atomically) only after its
 * size and SHA-256 were checked, so the final name never holds a partial or wrong file: whatever has that name
 * was verified. An interrupted download leaves the part, and the next run resumes it with a range request after
 * hashing the bytes already there. A dropped or stalled connection is retried with growing pauses.
 *
 * <p>Checks use the catalog's size and SHA-256 where it knows them, otherwise what the hub reports for Git LFS
 * files ({@code X-Linked-Size}, {@code X-Linked-Etag}), otherwise the response's length. When nobody knows the
 * SHA-256 (a non-LFS file on a hub that does not say), only the size is checked, and the result says so.
 */
public final class ModelDownloader {

    /** Least time between two progress reports. */
    public static final long PROGRESS_INTERVAL_MILLIS = 200;

    private static final int BUFFER_BYTES = 1 << 16;
    private static final long SPEED_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final DownloadSettings settings;
    private final HubClient hub;

    public ModelDownloader(DownloadSettings settings) {
        this.settings = settings;
        this.hub = new HubClient(settings);
    }

    /** Where {@code file} is downloaded from. */
    public URI sourceUri(RemoteFile file) {
        return hub.resolveUri(file);
    }

    /** Whether {@code file} was downloaded (and verified) into {@code modelsDir}. */
    public static boolean isDownloaded(RemoteFile file, Path modelsDir) {
        return Files.isRegularFile(file.localPath(modelsDir));
    }

    /** Bytes of an unfinished download of {@code file} in {@code modelsDir}, 0 if there is none. */
    public static long partialBytes(RemoteFile file, Path modelsDir) {
        try {
            Path part = file.partPath(modelsDir);
            return Files.isRegularFile(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Makes {@code file} present in {@code modelsDir}: returns at once if it already is, resumes an unfinished
     * download, or downloads it.
     *
     * @throws DownloadException when it cannot; the message names the file and what to do, and a partial
     *     download is kept for the next run unless its bytes proved wrong
     * @throws InterruptedException when the thread is interrupted; the partial download is kept
     */
    public DownloadResult download(RemoteFile file, Path modelsDir, DownloadListener listener)
            throws DownloadException, InterruptedException {
        Path target = file.localPath(modelsDir);
        if (Files.exists(target) && file.size().isPresent()) {
            return alreadyPresent(file, target, file.size());
        }
        ExpectedFile expected;
        try {
            expected = ExpectedFile.of(file).with(probe(file, listener), file, sourceUri(file));
        } catch (DownloadException e) {
            if (e.reason() == Reason.UNREACHABLE && Files.isRegularFile(target)) {
                // only a verified download ever gets the final name, so the file is good even if the hub is away
                return alreadyPresent(file, target, OptionalLong.empty());
            }
            throw e;
        }
        if (Files.exists(target)) {
            return alreadyPresent(file, target, expected.size());
        }
        try (PartFile part = PartFile.open(file.partPath(modelsDir))) {
            prepare(file, part, expected, listener);
            expected = transfer(file, part, expected, listener);
            return finish(file, part, target, expected);
        }
    }

    private HubFileInfo probe(RemoteFile file, DownloadListener listener) throws DownloadException, InterruptedException {
        for (int failures = 1; ; failures++) {
            String failure;
            try {
                HubClient.Probe probe = hub.probe(file);
                int status = probe.status();
                if (status < 300 || status < 400 && !probe.info().isEmpty()) {
                    return probe.info();
                }
                if (status == 401 || status == 403 || status == 404 || status == 410) {
                    throw DownloadFailures.refused(file, probe.uri(), status, probe.headers(),
                            settings.token().isPresent());
                }
                if (status != 408 && status != 429 && status < 500) {
                    return HubFileInfo.NONE; // e.g. no HEAD support: the GET will tell
                }
                failure = "HTTP " + status + " from " + probe.uri();
            } catch (IOException e) {
                failure = DownloadFailures.describe(e);
            }
            retryOrGiveUp(file, failures, failure, 0, listener);
        }
    }

    private void prepare(RemoteFile file, PartFile part, ExpectedFile expected, DownloadListener listener)
            throws DownloadException {
        if (expected.size().isPresent() && part.size() > expected.size().getAsLong()) {
            part.truncate(); // longer than the file: not a prefix of it
        } else if (part.size() > 0) {
            listener.onRehashing(file, part.size());
            part.rehash();
        }
        if (expected.size().isPresent()) {
            long needed = expected.size().getAsLong() - part.size();
            long free;
            try {
                free = Files.getFileStore(part.path()).getUsableSpace();
            } catch (IOException e) {
                throw PartFile.localFailure(part.path(), e);
            }
            if (free < needed) {
                throw new DownloadException(Reason.DISK_FULL, "not enough disk space for " + file.displayName()
                        + " in " + part.path().getParent() + ": " + ByteSizes.format(needed) + " more are needed, "
                        + ByteSizes.format(free) + " are free");
            }
        }
    }

    /** Fills the part file until it holds the whole file; returns the expectations completed by the hub's answers. */
    private ExpectedFile transfer(RemoteFile file, PartFile part, ExpectedFile expected, DownloadListener listener)
            throws DownloadException, InterruptedException {
        boolean discardedOnce = false;
        try (StallWatchdog watchdog = new StallWatchdog(settings.stallTimeout())) {
            for (int failures = 1; ; ) {
                if (expected.size().isPresent() && part.size() == expected.size().getAsLong()) {
                    return expected;
                }
                long before = part.size();
                Optional<String> failure;
                try (HubClient.Response response = hub.get(file, before)) {
                    expected = expected.with(response.info(), file, response.uri());
                    ResumePlanner.Plan plan = ResumePlanner.plan(before, response.status(), response.contentLength(),
                            response.contentRange(), expected.size());
                    if (plan instanceof ResumePlanner.Write write) {
                        if (write.from() == 0 && part.size() > 0) {
                            part.truncate(); // the server ignored the range and sends everything
                        }
                        failure = stream(file, response, part, write.total(), watchdog, listener);
                        if (failure.isEmpty()) {
                            return expected.withSizeIfUnknown(write.total());
                        }
                    } else if (plan instanceof ResumePlanner.AlreadyComplete complete) {
                        return expected.withSizeIfUnknown(OptionalLong.of(complete.total()));
                    } else if (plan instanceof ResumePlanner.DiscardPart discard) {
                        if (discardedOnce) {
                            throw new DownloadException(Reason.PROTOCOL, "the hub refuses every range of "
                                    + response.uri() + " (" + discard.why() + ")");
                        }
                        discardedOnce = true;
                        part.truncate();
                        continue;
                    } else if (plan instanceof ResumePlanner.Retry retry) {
                        failure = Optional.of(retry.why() + " from " + response.uri());
                    } else {
                        throw DownloadFailures.of(file, response, (ResumePlanner.Fail) plan, settings.token().isPresent());
                    }
                } catch (IOException e) {
                    failure = Optional.of(DownloadFailures.describe(e));
                }
                if (part.size() > before) {
                    failures = 1; // it moved: only failures in a row without progress count
                }
                retryOrGiveUp(file, failures++, failure.get(), part.size(), listener);
            }
        }
    }

    /** Copies the body into the part; returns why it stopped short, if it did. */
    private Optional<String> stream(RemoteFile file, HubClient.Response response, PartFile part, OptionalLong total,
            StallWatchdog watchdog, DownloadListener listener) throws DownloadException, InterruptedException {
        listener.onStart(file, part.size(), total);
        SpeedMeter speed = new SpeedMeter(System::nanoTime, SPEED_WINDOW_NANOS);
        speed.restart(part.size());
        double rate = 0;
        long lastReport = System.nanoTime();
        byte[] buffer = new byte[BUFFER_BYTES];
        InputStream body = response.body();
        Optional<String> failure = Optional.empty();
        watchdog.watch(body);
        try {
            while (true) {
                int n;
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    failure = Optional.of("the connection broke after " + part.size()
                            + (total.isPresent() ? " of " + total.getAsLong() : "") + " bytes ("
                            + DownloadFailures.describe(e) + ")");
                    break;
                }
                if (n < 0) {
                    break;
                }
                watchdog.activity();
                part.append(buffer, n);
                rate = speed.record(part.size());
                long now = System.nanoTime();
                if (now - lastReport >= TimeUnit.MILLISECONDS.toNanos(PROGRESS_INTERVAL_MILLIS)) {
                    listener.onProgress(new DownloadProgress(part.size(), total, rate));
                    lastReport = now;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("download of " + file.displayName() + " interrupted");
                }
            }
        } finally {
            watchdog.stop();
        }
        listener.onProgress(new DownloadProgress(part.size(), total, rate));
        if (watchdog.fired()) {
            return Optional.of(DownloadFailures.stalled(settings.stallTimeout(), response.uri()));
        }
        if (failure.isPresent()) {
            return failure;
        }
        if (total.isPresent() && part.size() < total.getAsLong()) {
            return Optional.of("the connection closed after " + part.size() + " of " + total.getAsLong() + " bytes");
        }
        return Optional.empty();
    }

    private DownloadResult finish(RemoteFile file, PartFile part, Path target, ExpectedFile expected)
            throws DownloadException {
        String sha256 = part.sha256();
        if (expected.size().isPresent() && part.size() != expected.size().getAsLong()) {
            part.delete();
            throw new DownloadException(Reason.CHECKSUM_MISMATCH, "the download of " + file.displayName() + " has "
                    + part.size() + " bytes instead of " + expected.size().getAsLong()
                    + "; it was deleted, try again");
        }
        if (expected.sha256().isPresent() && !expected.sha256().get().equals(sha256)) {
            part.delete();
            throw new DownloadException(Reason.CHECKSUM_MISMATCH, "the download of " + file.displayName()
                    + " is corrupt: its SHA-256 is " + sha256 + ", expected " + expected.sha256().get()
                    + "; it was deleted, try again (if it fails again, the hub's file is not the expected one)");
        }
        part.moveTo(target);
        return new DownloadResult(target, part.size(), Optional.of(sha256), expected.sha256().isPresent(), false);
    }

    private static DownloadResult alreadyPresent(RemoteFile file, Path target, OptionalLong expectedSize)
            throws DownloadException {
        long size;
        try {
            size = Files.size(target);
        } catch (IOException e) {
            throw PartFile.localFailure(target, e);
        }
        if (expectedSize.isPresent() && size != expectedSize.getAsLong()) {
            throw DownloadFailures.staleFile(file, target, size, expectedSize.getAsLong());
        }
        return new DownloadResult(target, size, Optional.empty(), false, true);
    }

    private void retryOrGiveUp(RemoteFile file, int failures, String failure, long keptBytes,
            DownloadListener listener) throws DownloadException, InterruptedException {
        int max = settings.retry().maxAttempts();
        if (failures >= max) {
            throw DownloadFailures.unreachable(file, settings.hubBaseUrl(), max, failure, keptBytes);
        }
        Duration delay = settings.retry().delayAfter(failures);
        listener.onRetry(failures, max, delay, failure);
        Thread.sleep(delay.toMillis());
    }
}
