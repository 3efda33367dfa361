package ru.saigabot.inference.catalog;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Content-Range} header: {@code bytes 100-199/1000} in a 206, {@code bytes * /1000} (without the space)
 * in a 416; the total may be {@code *} (unknown).
 *
 * @param first first byte sent, absent in the unsatisfied form
 * @param last last byte sent (inclusive), absent in the unsatisfied form
 * @param total the whole file's size, when the server knows it
 */
record ContentRange(OptionalLong first, OptionalLong last, OptionalLong total) {

    private static final Pattern FORM = Pattern.compile("bytes\\s+(?:(\\d{1,18})-(\\d{1,18})|\\*)/(\\d{1,18}|\\*)",
            Pattern.CASE_INSENSITIVE);

    static Optional<ContentRange> parse(String header) {
        Matcher m = FORM.matcher(header.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        OptionalLong total = m.group(3).equals("*") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(3)));
        if (m.group(1) == null) {
            return Optional.of(new ContentRange(OptionalLong.empty(), OptionalLong.empty(), total));
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        if (last < first || total.isPresent() && last >= total.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(new ContentRange(OptionalLong.of(first), OptionalLong.of(last), total));
    }
}
