package ru.saigabot.training.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses {@code --since} and {@code --until}: a UTC day ({@code 2026-01-31}) or an instant with an offset. */
public final class DateBound {
    private DateBound() {}

    /** The first instant of a day, or the instant given. */
    public static Instant since(String text) {
        return parse("--since", text, false);
    }

    /** The day given is included: the bound is the start of the next day; an instant is exclusive. */
    public static Instant until(String text) {
        return parse("--until", text, true);
    }

    private static Instant parse(String option, String text, boolean afterDay) {
        String value = text.strip();
        try {
            LocalDate day = LocalDate.parse(value);
            return (afterDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADay) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " '" + text
                        + "' is not a date; use YYYY-MM-DD (a UTC day) or e.g. 2026-01-31T18:00:00+03:00", e);
            }
        }
    }
}
