package ru.saigabot.inference.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.EngineBusyException;

class SlotSchedulerTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** A job that records what happens to it and runs until released. */
    private final class FakeJob implements SlotScheduler.Job {
        final String name;
        final String conversation;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile int slot = -1;

        FakeJob(String name) {
            this(name, null);
        }

        FakeJob(String name, String conversation) {
            this.name = name;
            this.conversation = conversation;
        }

        @Override
        public String affinityKey() {
            return conversation;
        }

        @Override
        public String requester() {
            return name.substring(0, 1);
        }

        @Override
        public boolean priority() {
            return false;
        }

        @Override
        public void onPosition(int position) {
            events.add(name + "@" + position);
        }

        @Override
        public void cancelledBeforeStart() {
            events.add(name + " cancelled");
        }

        @Override
        public void run(int slot) {
            this.slot = slot;
            events.add(name + " started");
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * More slots than generations at once: the slots keep their conversations' caches, only {@code running} of them
     * generate, and a conversation comes back to its own slot although another one is free.
     */
    @Test
    void runsAtMostRunningJobsAtOnceAndKeepsTheOtherSlotsForTheirConversations() throws Exception {
        try (SlotScheduler<FakeJob> scheduler = new SlotScheduler<>("test", 3, 1, 10, 1)) {
            FakeJob a = new FakeJob("a1", "conversation a");
            FakeJob b = new FakeJob("b1", "conversation b");
            scheduler.submit(a);
            scheduler.submit(b);
            assertThat(a.started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(b.started.await(200, TimeUnit.MILLISECONDS)).as("one at a time").isFalse();
            assertThat(events).contains("b1@1");
            a.release.countDown();
            assertThat(b.started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(b.slot).as("a's slot keeps a's cache").isNotEqualTo(a.slot);
            b.release.countDown();

            FakeJob again = new FakeJob("a2", "conversation a");
            scheduler.submit(again);
            assertThat(again.started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(again.slot).isEqualTo(a.slot);
            again.release.countDown();
        }
        assertThatThrownBy(() -> new SlotScheduler<FakeJob>("test", 2, 3, 10, 1))
                .hasMessageContaining("running must be 1..2");
    }

    @Test
    void servesRequestersInTurnAndTellsWaitersTheirPlace() throws Exception {
        try (SlotScheduler<FakeJob> scheduler = new SlotScheduler<>("test", 1, 10, 1)) {
            FakeJob a1 = new FakeJob("a1");
            FakeJob a2 = new FakeJob("a2");
            FakeJob b1 = new FakeJob("b1");
            scheduler.submit(a1);
            assertThat(a1.started.await(5, TimeUnit.SECONDS)).isTrue();
            scheduler.submit(a2);
            scheduler.submit(b1);
            assertThat(events).containsSubsequence("a2@1", "b1@1", "a2@2");
            a1.release.countDown();
            assertThat(b1.started.await(5, TimeUnit.SECONDS)).as("b1 overtakes a's second request").isTrue();
            b1.release.countDown();
            assertThat(a2.started.await(5, TimeUnit.SECONDS)).isTrue();
            a2.release.countDown();
        }
    }

    @Test
    void aCancelledWaiterLeavesAtOnceAndAFullQueueSaysBusy() throws Exception {
        SlotScheduler<FakeJob> scheduler = new SlotScheduler<>("test", 1, 1, 1);
        FakeJob running = new FakeJob("a1");
        scheduler.submit(running);
        assertThat(running.started.await(5, TimeUnit.SECONDS)).isTrue();
        FakeJob waiting = new FakeJob("b1");
        scheduler.submit(waiting);
        assertThatThrownBy(() -> scheduler.submit(new FakeJob("c1")))
                .isInstanceOf(EngineBusyException.class).hasMessageContaining("busy");
        assertThat(scheduler.cancel(waiting)).isTrue();
        assertThat(events).contains("b1 cancelled");
        assertThat(scheduler.cancel(running)).as("running jobs are stopped by their own flag").isFalse();

        FakeJob abandoned = new FakeJob("d1");
        scheduler.submit(abandoned);
        running.release.countDown();
        abandoned.release.countDown();
        assertThat(scheduler.close(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void closingHandsBackEveryWaiter() throws Exception {
        SlotScheduler<FakeJob> scheduler = new SlotScheduler<>("test", 1, 10, 1);
        FakeJob running = new FakeJob("a1");
        scheduler.submit(running);
        assertThat(running.started.await(5, TimeUnit.SECONDS)).isTrue();
        scheduler.submit(new FakeJob("a2"));
        scheduler.submit(new FakeJob("b1"));
        // Close while a1 still holds the only slot: releasing it first would let the slot take b1.
        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> scheduler.close(Duration.ofSeconds(5)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!events.containsAll(List.of("a2 cancelled", "b1 cancelled")) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(events).contains("a2 cancelled", "b1 cancelled").doesNotContain("a2 started", "b1 started");
        running.release.countDown();
        assertThat(closing.get(10, TimeUnit.SECONDS)).as("the running job ended within the timeout").isTrue();
        assertThatThrownBy(() -> scheduler.submit(new FakeJob("c1"))).isInstanceOf(EngineBusyException.class);
    }

    @Test
    void aConversationReturnsToItsFreeSlotAndNeverWaitsForIt() throws Exception {
        try (SlotScheduler<FakeJob> scheduler = new SlotScheduler<>("test", 2, 10, 1)) {
            FakeJob a1 = new FakeJob("a1", "chat-a");
            FakeJob b1 = new FakeJob("b1", "chat-b");
            scheduler.submit(a1);
            assertThat(a1.started.await(5, TimeUnit.SECONDS)).isTrue();
            scheduler.submit(b1);
            assertThat(b1.started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(b1.slot).isNotEqualTo(a1.slot);
            a1.release.countDown();
            b1.release.countDown();
            awaitFree(scheduler, 2);

            // b's conversation continues first: it gets b's slot back, although a's slot is free too
            FakeJob b2 = new FakeJob("b2", "chat-b");
            scheduler.submit(b2);
            assertThat(b2.started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(b2.slot).isEqualTo(b1.slot);

            // a's conversation wants a's slot, which is free: it gets it while b2 still runs
            FakeJob a2 = new FakeJob("a2", "chat-a");
            scheduler.submit(a2);
            assertThat(a2.started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(a2.slot).isEqualTo(a1.slot);

            // both slots busy: c waits its turn, then takes whichever slot frees first, even one holding chat-b
            FakeJob c1 = new FakeJob("c1", "chat-c");
            scheduler.submit(c1);
            b2.release.countDown();
            assertThat(c1.started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(c1.slot).isEqualTo(b1.slot);
            a2.release.countDown();
            c1.release.countDown();
        }
    }

    /** Waits until {@code count} slots are free again (released jobs end asynchronously). */
    private static void awaitFree(SlotScheduler<FakeJob> scheduler, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (scheduler.freeSlots() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(scheduler.freeSlots()).isEqualTo(count);
    }
}
