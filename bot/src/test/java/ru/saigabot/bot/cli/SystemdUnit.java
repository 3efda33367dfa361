package ru.saigabot.bot.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read as systemd does, as far as the deploy tests need: [Sections] of
 * Key=Value lines, '#' and ';' comments, a key given several times keeps every value, and a line
 * ending in a backslash continues on the next.
 */
record SystemdUnit(Map<String, Map<String, List<String>>> sections) {

    static SystemdUnit parse(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        StringBuilder pending = new StringBuilder();
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#") || line.startsWith(";"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            line = pending.append(line).toString();
            pending.setLength(0);
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (current == null || equals < 1) {
                throw new IllegalArgumentException("line " + number + " is neither [Section] nor Key=Value in a section: " + raw);
            }
            current.computeIfAbsent(line.substring(0, equals).strip(), k -> new ArrayList<>())
                    .add(line.substring(equals + 1).strip());
        }
        return new SystemdUnit(sections);
    }

    /** Every value of {@code key} in {@code section}; empty when it is not set. */
    List<String> values(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    /** The last value, which is what systemd uses for a single-valued key. */
    String value(String section, String key) {
        List<String> values = values(section, key);
        if (values.isEmpty()) {
            throw new AssertionError("[" + section + "] " + key + " is not set");
        }
        return values.get(values.size() - 1);
    }
}
