package ru.saigabot.inference.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.inference.EngineBusyException;

/**
 * A fixed number of slot threads fed from a {@link FairQueue}. Waiting jobs hear their place in line
 * whenever it changes; a job cancelled while waiting leaves the queue at once; closing hands every
 * waiting job back as cancelled.
 */
public final class SlotScheduler<J extends SlotScheduler.Job> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlotScheduler.class);

    /** Work for one slot. Callbacks other than {@link #run} are made under the scheduler's lock: keep them quick. */
    public interface Job extends Runnable {
        String requester();

        boolean priority();

        /** The job waits; {@code position} 1 is next. Called again whenever it changes. */
        void onPosition(int position);

        /** The job will never run: cancelled while waiting, or the scheduler closed. */
        void cancelledBeforeStart();
    }

    private final FairQueue<J> queue;
    private final Map<J, Integer> shownPositions = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean closed;

    public SlotScheduler(String name, int slots, int capacity, int maxRunningPerRequester) {
        this.queue = new FairQueue<>(capacity, maxRunningPerRequester);
        for (int i = 1; i <= slots; i++) {
            Thread thread = new Thread(this::serve, name + "-slot-" + i);
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
        notifyAll();
        announcePositions();
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

    public synchronized int waiting() {
        return queue.waiting();
    }

    private void serve() {
        while (true) {
            J job;
            synchronized (this) {
                Optional<J> next = queue.poll();
                while (next.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    next = queue.poll();
                }
                if (next.isEmpty()) {
                    return;
                }
                job = next.get();
                shownPositions.remove(job);
                announcePositions();
            }
            try {
                job.run();
            } catch (RuntimeException e) {
                log.error("slot job failed outside its own error handling: requester={} error={}", job.requester(),
                        e.getMessage(), e);
            } finally {
                synchronized (this) {
                    queue.finished(job.requester());
                    notifyAll();
                    announcePositions();
                }
            }
        }
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
