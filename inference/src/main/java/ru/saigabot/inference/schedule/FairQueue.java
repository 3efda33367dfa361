package ru.saigabot.inference.schedule;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The order in which waiting requests get a slot: priority requesters (admins) first, then round robin
 * between requesters, oldest first within one requester, and at most {@code maxRunningPerRequester}
 * running at once for anyone. One user sending ten messages therefore cannot make everyone else wait
 * behind all ten. Bounded: {@link #offer} refuses when {@code capacity} requests wait.
 *
 * <p>Not thread-safe; the engine guards it with its own lock. A pure policy, tested without a model.
 */
public final class FairQueue<T> {
    private final int capacity;
    private final int maxRunningPerRequester;
    private final Tier<T> priority = new Tier<>();
    private final Tier<T> normal = new Tier<>();
    private final Map<String, Integer> running = new HashMap<>();
    /** When each requester was last given a slot (see {@link #offer}): the one served longest ago goes next. */
    private final Map<String, Long> lastServed = new HashMap<>();
    private long turn;
    private int waiting;

    public FairQueue(int capacity, int maxRunningPerRequester) {
        if (capacity < 1 || maxRunningPerRequester < 1) {
            throw new IllegalArgumentException("capacity and maxRunningPerRequester must be at least 1");
        }
        this.capacity = capacity;
        this.maxRunningPerRequester = maxRunningPerRequester;
    }

    /** Adds a request; false when the queue is full. */
    public boolean offer(String requester, boolean isPriority, T item) {
        if (waiting >= capacity) {
            return false;
        }
        (isPriority ? priority : normal).add(requester, item);
        // Someone without a turn on record (new, or forgotten after their last request ended) counts as served just
        // before the latest turn: after those already waiting, before whoever was served last. Counting them as never
        // served would let a user whose answer has just ended and who asks again at once jump ahead of everyone
        // waiting, every time. Turns are even numbers, these in-between places odd.
        lastServed.putIfAbsent(requester, 2 * turn - 1);
        waiting++;
        return true;
    }

    /** The next request to run, which then counts as running for its requester until {@link #finished}. */
    public Optional<T> poll() {
        Optional<Tier.Pick<T>> pick = priority.pick(this::mayRun, lastServed);
        if (pick.isEmpty()) {
            pick = normal.pick(this::mayRun, lastServed);
        }
        pick.ifPresent(chosen -> {
            waiting--;
            running.merge(chosen.requester(), 1, Integer::sum);
            lastServed.put(chosen.requester(), 2 * ++turn);
        });
        return pick.map(Tier.Pick::item);
    }

    /** A request taken by {@link #poll} ended; its requester may run another. */
    public void finished(String requester) {
        running.computeIfPresent(requester, (key, count) -> count > 1 ? count - 1 : null);
        if (!running.containsKey(requester) && !priority.has(requester) && !normal.has(requester)) {
            lastServed.remove(requester); // bounded memory: only requesters with something waiting or running
        }
    }

    /** Removes a waiting request (cancelled before it started); false when it was not waiting. */
    public boolean remove(T item) {
        if (priority.remove(item) || normal.remove(item)) {
            waiting--;
            return true;
        }
        return false;
    }

    /**
     * Every waiting request with its place in line (1 = next), in the order {@link #poll} will hand them
     * out, assuming running requests end in the order they started.
     */
    public Map<T, Integer> positions() {
        FairQueue<T> copy = new FairQueue<>(Integer.MAX_VALUE, maxRunningPerRequester);
        priority.copyInto(copy.priority);
        normal.copyInto(copy.normal);
        copy.running.putAll(running);
        copy.lastServed.putAll(lastServed);
        copy.turn = turn;
        copy.waiting = waiting;
        Map<T, Integer> positions = new LinkedHashMap<>();
        while (copy.waiting > 0) {
            Optional<T> next = copy.poll();
            if (next.isEmpty()) {
                copy.running.clear(); // everyone left is blocked by a running request: let those end
                continue;
            }
            positions.put(next.get(), positions.size() + 1);
        }
        return positions;
    }

    /** Removes and returns every waiting request, e.g. at shutdown. */
    public java.util.List<T> drain() {
        java.util.List<T> all = new java.util.ArrayList<>();
        priority.drainInto(all);
        normal.drainInto(all);
        waiting = 0;
        return all;
    }

    public int waiting() {
        return waiting;
    }

    private boolean mayRun(String requester) {
        return running.getOrDefault(requester, 0) < maxRunningPerRequester;
    }

    /** Requesters in turn order, each with their own FIFO. */
    private static final class Tier<T> {
        private final LinkedHashMap<String, Deque<T>> byRequester = new LinkedHashMap<>();

        record Pick<T>(String requester, T item) {}

        void add(String requester, T item) {
            byRequester.computeIfAbsent(requester, key -> new ArrayDeque<>()).addLast(item);
        }

        /** Takes the oldest request of the requester served longest ago (never served first) who may run. */
        Optional<Pick<T>> pick(java.util.function.Predicate<String> mayRun, Map<String, Long> lastServed) {
            String chosen = null;
            long chosenTurn = Long.MAX_VALUE;
            for (String requester : byRequester.keySet()) {
                long served = lastServed.getOrDefault(requester, -1L);
                if (served < chosenTurn && mayRun.test(requester)) {
                    chosen = requester;
                    chosenTurn = served;
                }
            }
            if (chosen == null) {
                return Optional.empty();
            }
            Deque<T> items = byRequester.get(chosen);
            T item = items.pollFirst();
            if (items.isEmpty()) {
                byRequester.remove(chosen);
            }
            return Optional.of(new Pick<>(chosen, item));
        }

        boolean has(String requester) {
            return byRequester.containsKey(requester);
        }

        boolean remove(T item) {
            for (Iterator<Map.Entry<String, Deque<T>>> it = byRequester.entrySet().iterator(); it.hasNext(); ) {
                Deque<T> items = it.next().getValue();
                if (items.remove(item)) {
                    if (items.isEmpty()) {
                        it.remove();
                    }
                    return true;
                }
            }
            return false;
        }

        void drainInto(java.util.List<T> target) {
            byRequester.values().forEach(target::addAll);
            byRequester.clear();
        }

        void copyInto(Tier<T> target) {
            byRequester.forEach((requester, items) -> target.byRequester.put(requester, new ArrayDeque<>(items)));
        }
    }
}
