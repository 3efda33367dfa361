package ru.saigabot.training.export;

/** How many records each cleaning rule removed from each format; filled as conversations stream by. */
public final class CleaningTally {
    private final long[][] counts = new long[ExportFormat.values().length][DropRule.values().length];

    void add(ExportFormat format, DropRule rule) {
        counts[format.ordinal()][rule.ordinal()]++;
    }

    public long count(ExportFormat format, DropRule rule) {
        return counts[format.ordinal()][rule.ordinal()];
    }

    public long total(DropRule rule) {
        long sum = 0;
        for (long[] format : counts) {
            sum += format[rule.ordinal()];
        }
        return sum;
    }
}
