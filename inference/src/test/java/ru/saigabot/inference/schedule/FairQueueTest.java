package ru.saigabot.inference.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FairQueueTest {
    private final FairQueue<String> queue = new FairQueue<>(10, 1);

    private List<String> drainFinishingEach() {
        List<String> order = new ArrayList<>();
        for (Optional<String> next = queue.poll(); next.isPresent(); next = queue.poll()) {
            order.add(next.get());
            queue.finished(next.get().substring(0, 1));
        }
        return order;
    }

    @Test
    void takesTurnsBetweenRequesters() {
        queue.offer("a", false, "a1");
        queue.offer("a", false, "a2");
        queue.offer("a", false, "a3");
        queue.offer("b", false, "b1");
        queue.offer("c", false, "c1");
        queue.offer("b", false, "b2");
        assertThat(drainFinishingEach()).containsExactly("a1", "b1", "c1", "a2", "b2", "a3");
    }

    @Test
    void runsAtMostOnePerRequesterAtATime() {
        queue.offer("a", false, "a1");
        queue.offer("a", false, "a2");
        queue.offer("b", false, "b1");
        assertThat(queue.poll()).contains("a1");
        assertThat(queue.poll()).contains("b1");
        assertThat(queue.poll()).as("a1 still runs").isEmpty();
        queue.finished("a");
        assertThat(queue.poll()).contains("a2");
    }

    @Test
    void priorityRequestersGoFirst() {
        queue.offer("a", false, "a1");
        queue.offer("b", false, "b1");
        queue.offer("z", true, "z1");
        assertThat(queue.poll()).contains("z1");
        assertThat(queue.poll()).contains("a1");
    }

    @Test
    void isBoundedAndCancellable() {
        FairQueue<String> small = new FairQueue<>(2, 1);
        assertThat(small.offer("a", false, "a1")).isTrue();
        assertThat(small.offer("b", false, "b1")).isTrue();
        assertThat(small.offer("c", false, "c1")).as("full").isFalse();
        assertThat(small.remove("a1")).isTrue();
        assertThat(small.remove("a1")).isFalse();
        assertThat(small.offer("c", false, "c1")).isTrue();
        assertThat(small.waiting()).isEqualTo(2);
        assertThat(small.poll()).contains("b1");
    }

    @Test
    void reportsPlacesInLineInTheOrderTheyWillRun() {
        queue.offer("a", false, "a1");
        queue.offer("a", false, "a2");
        queue.offer("b", false, "b1");
        assertThat(queue.positions()).containsExactly(
                org.assertj.core.api.Assertions.entry("a1", 1),
                org.assertj.core.api.Assertions.entry("b1", 2),
                org.assertj.core.api.Assertions.entry("a2", 3));
        assertThat(queue.waiting()).as("positions() changes nothing").isEqualTo(3);
    }

    @Test
    void someoneAskingAgainRightAfterTheirAnswerWaitsBehindThoseAlreadyWaiting() {
        queue.offer("a", false, "a0");
        queue.offer("b", false, "b0");
        queue.offer("c", false, "c0");
        int[] asked = new int[3];
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String item = queue.poll().orElseThrow();
            order.add(item);
            String requester = item.substring(0, 1);
            String next = requester + ++asked[requester.charAt(0) - 'a'];
            // a's next question arrives after its answer was counted as ended (so the queue has forgotten a);
            // b's and c's arrive while theirs is still ending. Both races happen with real users.
            if (requester.equals("a")) {
                queue.finished(requester);
                queue.offer(requester, false, next);
            } else {
                queue.offer(requester, false, next);
                queue.finished(requester);
            }
        }
        assertThat(order).containsExactly("a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2");
    }
}
