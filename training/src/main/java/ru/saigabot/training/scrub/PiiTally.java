package ru.saigabot.training.scrub;

import java.util.EnumMap;
import java.util.Map;

/** How many of each kind of personal data were replaced; one per export, filled as records stream by. */
public final class PiiTally {
    private final long[] counts = new long[PiiKind.values().length];

    void add(PiiKind kind) {
        counts[kind.ordinal()]++;
    }

    public long count(PiiKind kind) {
        return counts[kind.ordinal()];
    }

    public Map<PiiKind, Long> asMap() {
        Map<PiiKind, Long> map = new EnumMap<>(PiiKind.class);
        for (PiiKind kind : PiiKind.values()) {
            map.put(kind, counts[kind.ordinal()]);
        }
        return map;
    }
}
