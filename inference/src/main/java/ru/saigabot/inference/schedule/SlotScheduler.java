package ru.saigabot.inference.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.inference.EngineBusyException;

/**
 * A fixed number of slot threads fed from a {@link FairQueue}. The queue decides which job runs next; when a slot is
 * free, {@link SlotAffinity} decides which one (the slot whose KV cache holds the most of the job's prompt). Waiting jobs hear their place in line whenever it changes; a job cancelled while waiting leaves the queue at
 * once; closing hands every waiting job back as cancelled.
 */
public final class SlotScheduler<J extends SlotScheduler.Job> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlotScheduler.class);

    /** Work for one slot. Callbacks other than {@link #run} are made under the scheduler's lock: keep them quick. */
    public interface Job {
        String requester();

        /** The conversation this job continues, to run it where its previous turn ran; null for none. */
        default String affinityKey() {
            return null;
        }

        /** How many of its prompt's tokens slot {@code slot}'s cache holds; 0 when unknown. Called under the lock. */
        default int cachedTokensOn(int slot) {
            return 0;
        }

        /** Does the work on slot {@code slot} (0-based); slot threads and llama.cpp slots correspond one to one. */
        void run(int slot);

        boolean priority();

        /** The job waits; {@code position} 1 is next. Called again whenever it changes. */
        void onPosition(int position);

        /** The job will never run: cancelled while waiting, or the scheduler closed. */
        void cancelledBeforeStart();
    }

    private final FairQueue<J> queue;
    private final SlotAffinity affinity;
    private final Map<J, Integer> shownPositions = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Per slot: free for a new job. */
    private final boolean[] free;
    /** Per slot: the job handed to it and not yet picked up by its thread. */
    private final List<J> handedOver = new ArrayList<>();
    private final int running;
    private boolean closed;

    public SlotScheduler(String name, int slots, int capacity, int maxRunningPerRequester) {
        this(name, slots, slots, capacity, maxRunningPerRequester);
    }

    /**
     * @param slots   llama.cpp slots: each keeps the KV cache of the conversation it served last
     * @param running how many of them generate at once; fewer than {@code slots} keeps more conversations' caches
     *                than the CPU runs answers (the other slots wait, each with its cache, for its conversation)
     */
    public SlotScheduler(String name, int slots, int running, int capacity, int maxRunningPerRequester) {
        if (running < 1 || running > slots) {
            throw new IllegalArgumentException("running must be 1.." + slots + ", got " + running);
        }
        this.running = running;
        this.queue = new FairQueue<>(capacity, maxRunningPerRequester);
        this.affinity = new SlotAffinity(slots);
        this.free = new boolean[slots];
        Arrays.fill(free, true);
        handedOver.addAll(Collections.nCopies(slots, null)); // complete before any slot thread reads it
        for (int i = 0; i < slots; i++) {
            int slot = i;
            Thread thread = new Thread(() -> serve(slot), name + "-slot-" + (i + 1));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Queues a job; refuses it when the queue is full or the scheduler is closed. */
    public synchronized void submit(J job) {
        if (closed) {
            throw new EngineBusyException("the model is shutting down; the request was not accepted");
        }
        if (!queue.offer(job.requester(), job.priority(), job)) {
            throw new EngineBusyException("the model is busy: " + queue.waiting()
                    + " requests are already waiting; try again in a minute");
        }
        dispatch();
    }

    /** Removes a waiting job and reports it cancelled; false when it is not waiting (running or done). */
    public boolean cancel(J job) {
        synchronized (this) {
            if (!queue.remove(job)) {
                return false;
            }
            shownPositions.remove(job);
            announcePositions();
        }
        job.cancelledBeforeStart();
        return true;
    }

    /** Slots without a job, for tests and the benchmark. */
    public synchronized int freeSlots() {
        int count = 0;
        for (boolean slotFree : free) {
            count += slotFree ? 1 : 0;
        }
        return count;
    }

    public synchronized int waiting() {
        return queue.waiting();
    }

    private void serve(int slot) {
        while (true) {
            J job;
            synchronized (this) {
                while (handedOver.get(slot) == null && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                job = handedOver.set(slot, null);
                if (job == null) {
                    return;
                }
            }
            try {
                job.run(slot);
            } catch (RuntimeException e) {
                log.error("slot job failed outside its own error handling: requester={} slot={} error={}",
                        job.requester(), slot, e.getMessage(), e);
            } finally {
                synchronized (this) {
                    free[slot] = true;
                    queue.finished(job.requester());
                    dispatch();
                }
            }
        }
    }

    /** Hands waiting jobs to free slots, in the queue's order; the caller holds the lock. */
    private void dispatch() {
        boolean handed = false;
        while (!closed && hasFreeSlot() && busySlots() < running) {
            Optional<J> next = queue.poll();
            if (next.isEmpty()) {
                break;
            }
            J job = next.get();
            int slot = affinity.take(free, job.affinityKey(), job::cachedTokensOn);
            free[slot] = false;
            handedOver.set(slot, job);
            shownPositions.remove(job);
            handed = true;
        }
        if (handed) {
            notifyAll();
        }
        announcePositions();
    }

    private int busySlots() {
        int busy = 0;
        for (boolean slotFree : free) {
            busy += slotFree ? 0 : 1;
        }
        return busy;
    }

    private boolean hasFreeSlot() {
        for (boolean slotFree : free) {
            if (slotFree) {
                return true;
            }
        }
        return false;
    }

    private void announcePositions() {
        queue.positions().forEach((job, position) -> {
            if (!position.equals(shownPositions.put(job, position))) {
                job.onPosition(position);
            }
        });
    }

    /**
     * Hands every waiting job back as cancelled and waits up to {@code timeout} for the running ones to
     * end (the caller cancels those). Returns false when some slot was still busy at the deadline.
     */
    public boolean close(Duration timeout) {
        List<J> abandoned = new ArrayList<>();
        synchronized (this) {
            closed = true;
            abandoned.addAll(queue.drain());
            shownPositions.clear();
            notifyAll();
        }
        abandoned.forEach(Job::cancelledBeforeStart);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(8));
    }
}
