package ru.saigabot.training.export;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import ru.saigabot.training.clean.LengthRatio;

/**
 * What {@code train export} writes, validated once.
 *
 * @param out            the folder the files go to (created if missing)
 * @param since          prompts sent at or after this instant
 * @param until          prompts sent before this instant
 * @param formats        the formats to write
 * @param valPercent     share of prompts (by hash) that go to validation, 0..100
 * @param minAgreement   answers whose majority holds less than this share of the votes are dropped, 0.5..1
 * @param maxPerUser     most records of one user per format; 0 = no cap
 * @param maxLengthRatio DPO pairs whose chosen side is longer than this many times the rejected side are dropped
 */
public record ExportOptions(Path out, Optional<Instant> since, Optional<Instant> until, Set<ExportFormat> formats,
                            int valPercent, double minAgreement, int maxPerUser, double maxLengthRatio) {
    public static final int DEFAULT_VAL_PERCENT = 3;
    public static final double DEFAULT_MIN_AGREEMENT = 0.6;

    public ExportOptions {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        formats = Set.copyOf(EnumSet.copyOf(Objects.requireNonNull(formats, "formats")));
        if (valPercent < 0 || valPercent > 100) {
            throw new IllegalArgumentException("--val-percent = " + valPercent + " is out of range; allowed 0..100");
        }
        if (!(minAgreement >= 0.5 && minAgreement <= 1.0)) {
            throw new IllegalArgumentException("--min-agreement = " + minAgreement
                    + " is out of range; allowed 0.5 (a bare majority) .. 1 (unanimous)");
        }
        if (maxPerUser < 0) {
            throw new IllegalArgumentException("--max-per-user = " + maxPerUser + " cannot be negative; 0 means no cap");
        }
        new LengthRatio(maxLengthRatio);
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw new IllegalArgumentException("--since " + since.get() + " is not before --until " + until.get()
                    + "; the date range is empty");
        }
    }

    /** All formats, the defaults, no date range and no per-user cap. */
    public static ExportOptions defaults(Path out) {
        return new ExportOptions(out, Optional.empty(), Optional.empty(), EnumSet.allOf(ExportFormat.class),
                DEFAULT_VAL_PERCENT, DEFAULT_MIN_AGREEMENT, 0, LengthRatio.DEFAULT);
    }

    public boolean inRange(Instant promptTime) {
        return since.map(s -> !promptTime.isBefore(s)).orElse(true)
                && until.map(u -> promptTime.isBefore(u)).orElse(true);
    }
}
