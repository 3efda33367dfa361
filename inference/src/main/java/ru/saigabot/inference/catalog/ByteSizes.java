package ru.saigabot.inference.catalog;

import java.util.Locale;

/** Human-readable byte counts in decimal units (as Hugging Face shows them: 4.92 GB is 4 920 000 000 bytes). */
public final class ByteSizes {
    private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

    private ByteSizes() {
    }

    /** {@code 512 B}, {@code 748 kB}, {@code 4.92 GB}, {@code 13.0 GB}: three significant digits. */
    public static String format(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 999.5 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        String pattern = value < 9.995 ? "%.2f %s" : value < 99.95 ? "%.1f %s" : "%.0f %s";
        return String.format(Locale.ROOT, pattern, value, UNITS[unit]);
    }
}
