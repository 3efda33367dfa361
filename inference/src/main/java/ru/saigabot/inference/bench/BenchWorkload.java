package ru.saigabot.inference.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.SettingRange;

/**
 * A fixed, seeded workload: {@code users} people each having a {@code turns}-turn conversation at the same time.
 * Same parameters, same questions, so two runs (prompt cache on and off, two machines) are comparable.
 *
 * @param maxTokens the longest answer in tokens
 */
public record BenchWorkload(int users, int turns, int maxTokens, long seed) implements BenchConversations {
    static final String SYSTEM_PROMPT = "Ты — Сайга, русскоязычный автоматический ассистент. Ты разговариваешь с "
            + "людьми и помогаешь им.";
    static final List<String> SENTENCES = List.of(
            "Привет! Расскажи, пожалуйста, что ты умеешь.",
            "Как приготовить борщ, если у меня нет свёклы?",
            "Объясни простыми словами, что такое квантовая запутанность.",
            "Напиши короткое стихотворение про осенний лес.",
            "Какие книги Достоевского стоит прочитать первыми?",
            "Помоги составить план поездки в Казань на выходные.",
            "Почему небо голубое, а закат красный?",
            "Сравни Python и Java для новичка в программировании.",
            "Что посмотреть в Санкт-Петербурге зимой?",
            "Как научиться вставать рано и не уставать к вечеру?",
            "Переведи на английский: «Тише едешь — дальше будешь».",
            "Дай три совета, как подготовиться к собеседованию.");

    /** Simulated users at once. */
    public static final SettingRange USERS = SettingRange.whole("users", "--users", 1, 256);
    /** Turns of each conversation. */
    static final int TURNS_MAX = 100;
    public static final SettingRange TURNS = SettingRange.whole("turns", "--turns", 1, TURNS_MAX);
    /** The longest answer of the benchmark, in tokens: shorter than a request's, to keep a run short. */
    public static final SettingRange TOKENS = SettingRange.whole("tokens", "--tokens", 1, 4096);

    public BenchWorkload {
        USERS.check(users);
        TURNS.check(turns);
        TOKENS.check(maxTokens);
    }

    /** What user {@code user} (0-based) says in each turn: one to three sentences, the same for the same seed. */
    public List<String> questions(int user) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + user);
        List<String> questions = new ArrayList<>(turns);
        for (int turn = 0; turn < turns; turn++) {
            int sentences = 1 + random.nextInt(3);
            StringBuilder question = new StringBuilder();
            for (int s = 0; s < sentences; s++) {
                question.append(s == 0 ? "" : " ").append(SENTENCES.get(random.nextInt(SENTENCES.size())));
            }
            questions.add(question.toString());
        }
        return questions;
    }

    @Override
    public List<ChatMessage> userTurns(int user) {
        return questions(user).stream().map(ChatMessage::user).toList();
    }

    @Override
    public long answerSeed(int user, int turn) {
        return Math.floorMod(seed * 31 + user * 1009L + turn, Integer.MAX_VALUE);
    }
}
