package ru.saigabot.inference.context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each recent conversation's prompt starts, so that its next turn starts at the same turn and llama.cpp finds the
 * whole previous prompt in its cache (see {@link ContextBudget}). Bounded: the conversations used longest ago are
 * forgotten first, and a forgotten one costs one re-evaluation, as after a restart. Thread-safe.
 */
public final class PromptStarts {
    private final Map<String, PromptStart> starts;

    public PromptStarts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.starts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PromptStart> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Optional<PromptStart> get(String conversation) {
        return Optional.ofNullable(starts.get(conversation));
    }

    /** Records where the conversation's prompt starts now; empty when it starts at its first turn again. */
    public synchronized void put(String conversation, Optional<PromptStart> start) {
        if (start.isPresent()) {
            starts.put(conversation, start.get());
        } else {
            starts.remove(conversation);
        }
    }

    public synchronized int size() {
        return starts.size();
    }
}
