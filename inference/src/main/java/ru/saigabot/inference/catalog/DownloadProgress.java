package ru.saigabot.inference.catalog;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How far a download is.
 *
 * @param bytesDone bytes in the part file, including those kept from an earlier run
 * @param totalBytes the file's size, when known
 * @param bytesPerSecond recent transfer rate (a few seconds' window), 0 before the first measurement
 */
public record DownloadProgress(long bytesDone, OptionalLong totalBytes, double bytesPerSecond) {

    /** Done fraction in [0, 1], when the total is known. */
    public OptionalDouble fraction() {
        if (totalBytes.isEmpty() || totalBytes.getAsLong() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.min(1.0, (double) bytesDone / totalBytes.getAsLong()));
    }
}
