package ru.saigabot.bot.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import ru.saigabot.inference.catalog.ByteSizes;
import ru.saigabot.inference.catalog.DownloadListener;
import ru.saigabot.inference.catalog.DownloadProgress;
import ru.saigabot.inference.catalog.RemoteFile;

/**
 * Download progress on stderr: on a terminal one line redrawn in place ({@code \r}), otherwise (a log, a pipe,
 * systemd) a plain line every 10%, so logs stay readable.
 */
final class ModelsProgressBar implements DownloadListener {
    private static final int BAR_WIDTH = 24;
    /** Without a known total, a line every this many bytes. */
    private static final long UNKNOWN_TOTAL_STEP = 500_000_000L;

    private final PrintWriter err;
    private final String label;
    private final boolean interactive;
    private int drawnWidth;
    private long nextStep;

    ModelsProgressBar(PrintWriter err, String label, boolean interactive) {
        this.err = err;
        this.label = label;
        this.interactive = interactive;
    }

    @Override
    public void onRehashing(RemoteFile file, long bytes) {
        line(label + ": checking the " + ByteSizes.format(bytes) + " downloaded before");
    }

    @Override
    public void onStart(RemoteFile file, long from, OptionalLong total) {
        String size = total.isPresent() ? ByteSizes.format(total.getAsLong()) : "size unknown";
        line(label + ": " + (from > 0 ? "resuming at " + ByteSizes.format(from) + " of " + size
                : "downloading " + file.displayName() + " (" + size + ")"));
        nextStep = nextStep(from, total);
    }

    @Override
    public void onProgress(DownloadProgress progress) {
        if (interactive) {
            String text = render(label, progress);
            err.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
            drawnWidth = text.length();
            err.flush();
        } else if (progress.bytesDone() >= nextStep) {
            line(render(label, progress));
            nextStep = nextStep(progress.bytesDone(), progress.totalBytes());
        }
    }

    @Override
    public void onRetry(int failedAttempts, int maxAttempts, Duration delay, String reason) {
        line(label + ": " + reason + "; retrying in " + duration(delay) + " (attempt " + (failedAttempts + 1) + " of "
                + maxAttempts + ")");
    }

    /** Ends a line being redrawn, so that what follows starts on its own line. */
    void endLine() {
        if (drawnWidth > 0) {
            err.println();
            err.flush();
            drawnWidth = 0;
        }
    }

    private void line(String text) {
        endLine();
        err.println(text);
        err.flush();
    }

    /** The byte count at which the next line is due: the next 10% step, or the next fixed step without a total. */
    static long nextStep(long done, OptionalLong total) {
        if (total.isEmpty() || total.getAsLong() <= 0) {
            return (done / UNKNOWN_TOTAL_STEP + 1) * UNKNOWN_TOTAL_STEP;
        }
        long all = total.getAsLong();
        long tenths = done * 10 / all;
        return tenths >= 10 ? Long.MAX_VALUE : Math.min(all, (long) Math.ceil((tenths + 1) * all / 10.0));
    }

    /** {@code saiga_llama3_8b [#########---------------]  38%  1.87 GB / 4.92 GB  21.4 MB/s  ETA 2m 23s}. */
    static String render(String label, DownloadProgress progress) {
        String speed = progress.bytesPerSecond() > 0 ? ByteSizes.format((long) progress.bytesPerSecond()) + "/s" : "";
        if (progress.fraction().isEmpty()) {
            return join(label, ByteSizes.format(progress.bytesDone()), speed);
        }
        double fraction = progress.fraction().getAsDouble();
        int filled = (int) Math.floor(fraction * BAR_WIDTH);
        String bar = "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
        long total = progress.totalBytes().getAsLong();
        String percent = String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100));
        String eta = progress.bytesPerSecond() > 0 && progress.bytesDone() < total
                ? "ETA " + duration(Duration.ofSeconds((long) Math.ceil((total - progress.bytesDone())
                        / progress.bytesPerSecond())))
                : "";
        return join(label + " " + bar, percent, ByteSizes.format(progress.bytesDone()) + " / "
                + ByteSizes.format(total), speed, eta);
    }

    /** {@code 45 s}, {@code 3m 05s}, {@code 1h 02m}. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds == 0 && duration.toMillis() > 0 ? duration.toMillis() + " ms" : seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }

    private static String join(String... parts) {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            if (!part.isEmpty()) {
                text.append(text.length() == 0 ? "" : "  ").append(part);
            }
        }
        return text.toString();
    }
}
