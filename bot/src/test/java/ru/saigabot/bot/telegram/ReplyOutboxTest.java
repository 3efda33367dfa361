package ru.saigabot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import ru.saigabot.bot.telegram.ReplyOutbox.Kind;
import ru.saigabot.bot.telegram.ReplyOutbox.Outcome;

/** The outbox's pacing, coalescing, retries and stop, on a fake clock with Telegram's real sending budget. */
class ReplyOutboxTest {
    private static final long GROUP = -100;
    private static final long OTHER_GROUP = -200;
    private static final long PRIVATE = 42;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(3));
    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeTelegram telegram = new FakeTelegram();
    private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    private final ReplyOutbox outbox = new ReplyOutbox(telegram, scheduler, now::get,
            outcome -> outcomes.merge(outcome, 1, Integer::sum));

    @Test
    void aGroupWhoseBudgetIsSpentWaitsWhileOtherChatsGoOn() {
        for (int i = 1; i <= 12; i++) {
            outbox.send(GROUP, message(GROUP, "group " + i), Kind.NEEDED);
        }
        outbox.send(PRIVATE, message(PRIVATE, "private"), Kind.COMMAND);
        outbox.send(OTHER_GROUP, message(OTHER_GROUP, "other group"), Kind.COMMAND);
        scheduler.runDue();

        assertThat(telegram.texts(GROUP)).as("a group's burst goes at once").hasSize(10);
        assertThat(telegram.texts(PRIVATE)).containsExactly("private");
        assertThat(telegram.texts(OTHER_GROUP)).containsExactly("other group");
        assertThat(scheduler.nextDue() - now.get()).as("the group waits on a timer, holding no thread")
                .isEqualTo(6 * SECOND);
        assertThat(outbox.waiting()).isEqualTo(2);

        advance(6 * SECOND);
        assertThat(telegram.texts(GROUP)).hasSize(11);
        advance(6 * SECOND);
        assertThat(telegram.texts(GROUP)).as("in order, one per 6 s after the burst")
                .containsExactly("group 1", "group 2", "group 3", "group 4", "group 5", "group 6", "group 7",
                        "group 8", "group 9", "group 10", "group 11", "group 12");
        assertThat(telegram.sentAt(GROUP).get(11) - telegram.sentAt(GROUP).get(9)).isEqualTo(12 * SECOND);
        assertThat(outcomes.get(Outcome.SENT)).isEqualTo(14);
        assertThat(outbox.waiting()).isZero();
    }

    @Test
    void whileTheBudgetIsSpentIdenticalRepliesAreCoalescedAndOnlyTheLatestCommandRepliesWait() {
        spendGroupBudget();
        for (int i = 0; i < 5; i++) {
            outbox.send(GROUP, message(GROUP, "/help"), Kind.COMMAND);
        }
        assertThat(outcomes.get(Outcome.COALESCED)).isEqualTo(4);
        scheduler.runDue();
        for (int i = 1; i <= 4; i++) {
            outbox.send(GROUP, message(GROUP, "command " + i), Kind.COMMAND);
        }
        outbox.send(GROUP, message(GROUP, "stopped"), Kind.NEEDED);
        outbox.send(GROUP, message(GROUP, "forget?"), Kind.NEEDED);
        assertThat(outcomes.get(Outcome.DROPPED)).as("the help and the first command gave way").isEqualTo(2);

        advance(60 * SECOND);
        assertThat(telegram.texts(GROUP)).as("what was kept goes in order").endsWith("command 2", "command 3",
                "command 4", "stopped", "forget?");
        assertThat(telegram.texts(GROUP)).doesNotContain("/help", "command 1");
    }

    @Test
    void withinTheBudgetEveryDistinctCommandReplyGoes() {
        for (int i = 1; i <= 10; i++) {
            outbox.send(GROUP, message(GROUP, "command " + i), Kind.COMMAND);
        }
        scheduler.runDue();
        assertThat(telegram.texts(GROUP)).hasSize(10);
        assertThat(outcomes).containsOnlyKeys(Outcome.SENT);
    }

    @Test
    void aNeededReplyIsNeverDroppedAndAnIdenticalCommandReplyMakesItNoLessNeeded() {
        spendGroupBudget();
        outbox.send(GROUP, message(GROUP, "nothing to stop"), Kind.COMMAND);
        outbox.send(GROUP, message(GROUP, "nothing to stop"), Kind.NEEDED);
        for (int i = 1; i <= 10; i++) {
            outbox.send(GROUP, message(GROUP, "command " + i), Kind.COMMAND);
        }
        advance(120 * SECOND);
        assertThat(telegram.texts(GROUP).subList(10, telegram.texts(GROUP).size()))
                .containsExactly("nothing to stop", "command 8", "command 9", "command 10");
    }

    @Test
    void aNewerEditOfAMenuReplacesTheWaitingOne() {
        spendGroupBudget();
        for (String value : List.of("0.2", "0.7", "1.0")) {
            outbox.send(GROUP, EditMessageText.builder().chatId(GROUP).messageId(77).text("temperature " + value)
                    .build(), Kind.COMMAND);
        }
        advance(6 * SECOND);
        assertThat(telegram.texts(GROUP)).last().isEqualTo("temperature 1.0");
        assertThat(outcomes.get(Outcome.COALESCED)).isEqualTo(2);
    }

    @Test
    void acknowledgementsDoNotWaitBehindTheGroupsMessages() {
        spendGroupBudget();
        outbox.send(GROUP, message(GROUP, "waiting"), Kind.COMMAND);
        outbox.send(GROUP, AnswerCallbackQuery.builder().callbackQueryId("q1").text("✅").build(), Kind.NEEDED);
        scheduler.runDue();
        assertThat(telegram.calls()).last().isInstanceOf(AnswerCallbackQuery.class);
    }

    @Test
    void aFloodWaitIsWaitedOnATimerAndOtherChatsGoOn() {
        telegram.failNext(new TelegramCallException("sendMessage", 429, "Too Many Requests: retry after 7", 7, null));
        outbox.send(GROUP, message(GROUP, "first"), Kind.COMMAND);
        outbox.send(GROUP, message(GROUP, "second"), Kind.COMMAND);
        scheduler.runDue();
        outbox.send(PRIVATE, message(PRIVATE, "private"), Kind.COMMAND);
        scheduler.runDue();
        assertThat(telegram.texts(PRIVATE)).containsExactly("private");
        assertThat(telegram.texts(GROUP)).isEmpty();

        advance(7 * SECOND - 1);
        assertThat(telegram.texts(GROUP)).isEmpty();
        advance(1);
        assertThat(telegram.texts(GROUP)).containsExactly("first", "second");
    }

    @Test
    void aReplyRefusedForGoodIsCountedAndTheNextOneGoes() {
        telegram.failNext(new TelegramCallException("sendMessage", 403, "Forbidden: bot was blocked by the user", 0,
                null));
        outbox.send(PRIVATE, message(PRIVATE, "first"), Kind.NEEDED);
        outbox.send(PRIVATE, message(PRIVATE, "second"), Kind.NEEDED);
        scheduler.runDue();
        assertThat(telegram.texts(PRIVATE)).containsExactly("second");
        assertThat(outcomes.get(Outcome.FAILED)).isEqualTo(1);
    }

    @Test
    void aStopSendsWhatMayGoWithinItsBoundAndGivesUpTheRestAtOnce() throws Exception {
        spendGroupBudget();
        outbox.send(GROUP, message(GROUP, "in 6 s"), Kind.NEEDED);
        outbox.send(PRIVATE, message(PRIVATE, "now"), Kind.NEEDED);
        Thread closing = new Thread(outbox::close);
        closing.start();
        while (closing.isAlive()) {
            scheduler.runDue();
            closing.join(5);
        }
        assertThat(telegram.texts(PRIVATE)).containsExactly("now");
        assertThat(telegram.texts(GROUP)).doesNotContain("in 6 s");
        assertThat(outcomes.get(Outcome.GIVEN_UP)).isEqualTo(1);
        assertThat(now.get() - TimeUnit.HOURS.toNanos(3)).as("no waiting for the budget").isZero();

        outbox.send(PRIVATE, message(PRIVATE, "late"), Kind.NEEDED);
        scheduler.runDue();
        assertThat(outcomes.get(Outcome.GIVEN_UP)).isEqualTo(2);
        assertThat(telegram.texts(PRIVATE)).containsExactly("now");
    }

    /** Ten group messages: the group's burst. */
    private void spendGroupBudget() {
        for (int i = 1; i <= 10; i++) {
            outbox.send(GROUP, message(GROUP, "burst " + i), Kind.NEEDED);
        }
        scheduler.runDue();
        assertThat(telegram.texts(GROUP)).hasSize(10);
    }

    private void advance(long nanos) {
        long until = now.get() + nanos;
        while (true) {
            long next = scheduler.nextDue();
            if (next == Long.MAX_VALUE || next - until > 0) {
                break;
            }
            now.set(Math.max(now.get(), next));
            scheduler.runDue();
        }
        now.set(until);
        scheduler.runDue();
    }

    private static SendMessage message(long chatId, String text) {
        return SendMessage.builder().chatId(chatId).text(text).build();
    }

    /** Runs tasks on the test's thread when the fake clock says they are due, in due order. */
    private final class ManualScheduler implements ReplyOutbox.Scheduler {
        private final PriorityQueue<Task> tasks = new PriorityQueue<>();
        private long sequence;

        @Override
        public synchronized void schedule(Runnable task, long delayNanos) {
            tasks.add(new Task(now.get() + delayNanos, sequence++, task));
        }

        synchronized long nextDue() {
            return tasks.isEmpty() ? Long.MAX_VALUE : tasks.peek().at();
        }

        void runDue() {
            while (true) {
                Task task;
                synchronized (this) {
                    if (tasks.isEmpty() || tasks.peek().at() - now.get() > 0) {
                        return;
                    }
                    task = tasks.poll();
                }
                task.run().run();
            }
        }
    }

    private record Task(long at, long sequence, Runnable run) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    /** Telegram's real sending budget on the fake clock; records what was sent, and when. */
    private final class FakeTelegram implements ReplyOutbox.Transport {
        private final SendRateLimiter limiter = new SendRateLimiter(now::get);
        private final List<BotApiMethod<?>> calls = new ArrayList<>();
        private final List<Long> times = new ArrayList<>();
        private final Deque<TelegramCallException> failures = new ArrayDeque<>();

        @Override
        public long reserveIfDue(BotApiMethod<?> method) {
            return TelegramGateway.isPaced(method) ? limiter.reserveIfDue(Long.parseLong(chatOf(method))) : 0;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends Serializable> T callOnce(BotApiMethod<T> method) {
            TelegramCallException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            calls.add(method);
            times.add(now.get());
            return (T) Boolean.TRUE;
        }

        void failNext(TelegramCallException failure) {
            failures.add(failure);
        }

        List<BotApiMethod<?>> calls() {
            return calls;
        }

        List<String> texts(long chatId) {
            List<String> texts = new ArrayList<>();
            for (BotApiMethod<?> call : calls) {
                if (Long.toString(chatId).equals(chatOf(call))) {
                    texts.add(call instanceof SendMessage send ? send.getText() : ((EditMessageText) call).getText());
                }
            }
            return texts;
        }

        List<Long> sentAt(long chatId) {
            List<Long> at = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                if (Long.toString(chatId).equals(chatOf(calls.get(i)))) {
                    at.add(times.get(i));
                }
            }
            return at;
        }

        private static String chatOf(BotApiMethod<?> method) {
            if (method instanceof SendMessage send) {
                return send.getChatId();
            }
            return method instanceof EditMessageText edit ? edit.getChatId() : null;
        }
    }
}
