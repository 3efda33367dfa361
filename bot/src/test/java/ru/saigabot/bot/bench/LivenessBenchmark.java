package ru.saigabot.bot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import ru.saigabot.bot.store.EmbeddedPostgresServer;
import ru.saigabot.bot.testing.telegram.ApiCall;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.inference.gguf.TinyLlama;

/**
 * Issue #16's liveness figure: nobody holds up anyone else. The real bot ({@link BenchBot} in a JVM of its own,
 * PostgreSQL, the instant generator) keeps Telegram's sending limits as in production. For 10 s one group's ten
 * members send 100 commands with different replies (10 a second: the group's budget, 10 at once and then one per
 * 6 s, is spent in the first second), another user sends 50 questions (5 a second), and a third user asks 20
 * times, one every 0.5 s. A warm-up of private questions and group commands comes first. Measured: from when each of the third user's questions was due to the first sign of its
 * answer in Telegram (its first draft, or a message); printed with p50, p95 and max, the load average, and what
 * the group and the other user got meanwhile. One JSON line per round; each round has a new group.
 *
 * <p>Run: see bot/README.md, Performance ({@code -Dbench.rounds=3 -Dbench.warmup=30 -Dbench.timeout=300}).
 */
public final class LivenessBenchmark {
    private static final String TOKEN = MessagePathBenchmark.TOKEN;
    private static final String BOT = "BenchBot";
    /** Commands any group member may send, each with a reply of its own. */
    private static final List<String> COMMANDS = List.of("help", "start", "privacy", "model", "params", "system",
            "chats", "stats", "name", "annotate", "forget");

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 1);
        int warmupSeconds = Integer.getInteger("bench.warmup", 30);
        Duration timeout = Duration.ofSeconds(Long.getLong("bench.timeout", 300));
        Path dir = Files.createTempDirectory("saiga-liveness-bench");
        Path model = TinyLlama.write(dir.resolve("tiny.gguf")).path();
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, BOT);
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("data"));
             BenchBotProcess bot = BenchBotProcess.start(telegram.baseUrl(), postgres.jdbcUrl(), dir, model, true)) {
            warmUp(telegram, warmupSeconds);
            List<Double> all = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                all.addAll(round(telegram, round, timeout));
            }
            if (rounds > 1) {
                Collections.sort(all);
                System.out.println(String.format(Locale.ROOT, "{\"scenario\":\"liveness_all_rounds\",\"tries\":%d,"
                        + "\"third_user_begin_ms_p50\":%.0f,\"third_user_begin_ms_p95\":%.0f,"
                        + "\"third_user_begin_ms_max\":%.0f}", all.size(), percentile(all, 0.5),
                        percentile(all, 0.95), all.get(all.size() - 1)));
            }
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Private questions and a few commands in another group, so that the JIT has compiled the paths measured: 10 a
     * second, below Telegram's 15 a second that the bot keeps to overall, so that no backlog of the warm-up's own
     * answers is left waiting for the budget when the round starts.
     */
    private static void warmUp(BotApiEmulator telegram, int seconds) throws InterruptedException {
        TestChat group = telegram.supergroupChat(-1_009_900_000L, "Разогрев");
        List<TestUser> users = new ArrayList<>();
        List<TestChat> chats = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            users.add(telegram.user(200_000 + i, "Разогрев " + i, "ru"));
            chats.add(telegram.privateChat(users.get(i)));
        }
        int firstCall = telegram.nextCallSeq();
        int questions = 0;
        long start = System.nanoTime();
        for (int i = 0; i < seconds * 10; i++) {
            sleepUntil(start + i * 100_000_000L);
            TestUser user = users.get(i % users.size());
            if (i % 10 == 0) {
                telegram.sendText(group, user, "/" + COMMANDS.get(i / 10 % COMMANDS.size()) + "@" + BOT);
            } else {
                telegram.sendText(chats.get(i % users.size()), user, "Разогрев " + i);
                questions++;
            }
        }
        int answered = 0;
        int next = firstCall;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (answered < questions && System.nanoTime() - deadline < 0) {
            List<ApiCall> calls = telegram.callsSince(next);
            for (ApiCall call : calls) {
                answered += call.method().equals("sendMessage") && call.param("reply_markup") != null
                        && Long.parseLong(call.param("chat_id")) > 0 ? 1 : 0;
            }
            next += calls.size();
            telegram.releaseCallsBefore(next);
            Thread.sleep(50);
        }
        Thread.sleep(2000); // the global budget refills: 15 messages at once again
    }

    /** One round with a fresh group; returns the third user's waits in milliseconds. */
    private static List<Double> round(BotApiEmulator telegram, int round, Duration timeout) throws Exception {
        TestChat group = telegram.supergroupChat(-1_009_000_000L - round, "Флуд " + round);
        List<TestUser> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            members.add(telegram.user(300_000 + round * 100L + i, "Участник " + i, "ru"));
        }
        TestUser other = telegram.user(400_000 + round, "Другой", "ru");
        TestChat otherChat = telegram.privateChat(other);
        TestUser third = telegram.user(500_000 + round, "Третий", "ru");
        TestChat thirdChat = telegram.privateChat(third);

        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TestUser member = members.get(i % members.size());
            String command = "/" + COMMANDS.get(i % COMMANDS.size()) + "@" + BOT;
            events.add(new Event(i * 100, () -> telegram.sendText(group, member, command)));
        }
        for (int i = 0; i < 50; i++) {
            String text = "Вопрос другого " + i;
            events.add(new Event(i * 200 + 50, () -> telegram.sendText(otherChat, other, text)));
        }
        for (int i = 0; i < 20; i++) {
            String text = "Вопрос третьего " + i;
            events.add(new Event(i * 500 + 250, () -> telegram.sendText(thirdChat, third, text)));
        }
        events.sort(Comparator.comparingLong(Event::atMillis));

        int firstCall = telegram.nextCallSeq();
        String load = loadAverage();
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        for (Event event : events) {
            sleepUntil(start + event.atMillis() * 1_000_000L);
            event.send().run();
        }
        // Due times, not send times: a late driver hides nothing.
        List<Instant> due = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            due.add(startedAt.plusMillis(i * 500L + 250));
        }
        Observed seen = observe(telegram, firstCall, group.id(), otherChat.id(), thirdChat.id(), timeout);
        List<Double> waits = new ArrayList<>();
        for (int i = 0; i < seen.thirdBegun().size(); i++) {
            waits.add(Duration.between(due.get(i), seen.thirdBegun().get(i)).toNanos() / 1e6);
        }
        List<Double> sorted = new ArrayList<>(waits);
        Collections.sort(sorted);
        StringBuilder inOrder = new StringBuilder();
        for (double wait : waits) {
            inOrder.append(inOrder.length() == 0 ? "" : ",").append(Math.round(wait));
        }
        // A try that had not begun by the timeout leaves the p95 and the max unknown (null): longer than the timeout.
        System.out.println(String.format(Locale.ROOT, "{\"scenario\":\"liveness\",\"round\":%d,\"load_before\":\"%s\","
                        + "\"load_after\":\"%s\",\"third_user_tries\":20,\"third_user_begun\":%d,"
                        + "\"third_user_begin_ms_p50\":%s,\"third_user_begin_ms_p95\":%s,\"third_user_begin_ms_max\":%s,"
                        + "\"third_user_begin_ms\":[%s],\"other_user_answered\":%d,\"group_commands\":100,"
                        + "\"group_replies_sent\":%d}",
                round, load, loadAverage(), sorted.size(), figure(sorted, 0.5), figure(sorted, 0.95),
                figure(sorted, 1.0), inOrder, seen.otherAnswered(), seen.groupReplies()));
        return waits;
    }

    /**
     * Reads the calls of the round until the third user's 20 answers have begun and the other user's 50 are done,
     * or the timeout. An answer begins with its first draft or message in the chat and ends with a message that is
     * not a draft (the final answer, or a refusal).
     */
    private static Observed observe(BotApiEmulator telegram, int firstCall, long groupId, long otherId, long thirdId,
                                    Duration timeout) throws InterruptedException {
        List<Instant> thirdBegun = new ArrayList<>();
        boolean thirdAnswering = false;
        int otherAnswered = 0;
        int groupReplies = 0;
        int next = firstCall;
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((thirdBegun.size() < 20 || otherAnswered < 50) && System.nanoTime() - deadline < 0) {
            List<ApiCall> calls = telegram.callsSince(next);
            for (ApiCall call : calls) {
                boolean draft = call.method().equals("sendMessageDraft");
                boolean message = call.method().equals("sendMessage");
                if (!draft && !message) {
                    continue;
                }
                long chatId = Long.parseLong(call.param("chat_id"));
                if (chatId == thirdId) {
                    if (!thirdAnswering) {
                        thirdBegun.add(call.receivedAt());
                    }
                    thirdAnswering = draft;
                } else if (chatId == otherId && message) {
                    otherAnswered++;
                } else if (chatId == groupId && message) {
                    groupReplies++;
                }
            }
            next += calls.size();
            telegram.releaseCallsBefore(next);
            Thread.sleep(50);
        }
        return new Observed(thirdBegun, otherAnswered, groupReplies);
    }

    private record Event(long atMillis, Runnable send) {}

    private record Observed(List<Instant> thirdBegun, int otherAnswered, int groupReplies) {}

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** The machine's load average over 1, 5 and 15 minutes, as uptime prints it. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** The q-quantile of 20 tries in ms, or null when fewer than 20 began (it is then beyond the timeout). */
    private static String figure(List<Double> sorted, double q) {
        int index = (int) Math.ceil(q * 20) - 1;
        return index < sorted.size() ? Long.toString(Math.round(sorted.get(index))) : "null";
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
