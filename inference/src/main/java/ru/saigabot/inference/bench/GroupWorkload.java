package ru.saigabot.inference.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.SettingRange;

/**
 * A group chat: {@code messages} messages from {@link #PEOPLE} people, every {@link #QUESTION_EVERY}th of them a
 * question to the bot, which answers it before the chat goes on. Each question is one request of one conversation
 * (the group), whose user turn is every message since the bot's previous answer, one part per message written
 * {@code "Имя: текст"}, exactly as the bot builds a group's prompt (its {@code PromptTurns}).
 *
 * @param messages  the group's messages, a multiple of {@link #QUESTION_EVERY}
 * @param maxTokens the longest answer in tokens
 */
public record GroupWorkload(int messages, int maxTokens, long seed) implements BenchConversations {
    /** People writing in the group. */
    public static final int PEOPLE = 10;
    /** Every this many messages, the last one is a question to the bot. */
    public static final int QUESTION_EVERY = 10;
    /** {@code --group-messages}. */
    public static final SettingRange MESSAGES = SettingRange.whole("group messages", "--group-messages",
            QUESTION_EVERY, QUESTION_EVERY * (long) BenchWorkload.TURNS_MAX);

    private static final List<String> NAMES = List.of("Анна", "Борис", "Вера", "Глеб", "Дарья", "Егор", "Жанна",
            "Захар", "Ирина", "Кирилл");
    private static final List<String> REMARKS = List.of(
            "Всем привет!",
            "Кто сегодня идёт на встречу?",
            "Я буду, но немного опоздаю.",
            "Не забудьте взять зонты, обещают дождь.",
            "Ха-ха, отличная шутка.",
            "Согласен, давно пора.",
            "А во сколько начало?",
            "В семь, как обычно.",
            "Скиньте, пожалуйста, адрес ещё раз.",
            "Спасибо, нашла.",
            "Кто-нибудь читал новую книгу Пелевина?",
            "Пока нет, но очень хочу.",
            "Вчера весь вечер смотрел футбол.",
            "Какой счёт был в итоге?",
            "Два — один, еле дотянули.");

    public GroupWorkload {
        check(MESSAGES.name(), messages);
        BenchWorkload.TOKENS.check(maxTokens);
    }

    /** Checks {@code --group-messages}, naming the flag. */
    public static void checkOption(int messages) {
        check(MESSAGES.option(), messages);
    }

    private static void check(String label, int messages) {
        MESSAGES.check(label, messages);
        if (messages % QUESTION_EVERY != 0) {
            throw new IllegalArgumentException(label + " = " + messages + " must be a multiple of " + QUESTION_EVERY
                    + " (every " + QUESTION_EVERY + "th message is a question to the bot)");
        }
    }

    @Override
    public int users() {
        return 1;
    }

    /** One turn per question to the bot. */
    @Override
    public int turns() {
        return messages / QUESTION_EVERY;
    }

    /** One message of the group: who wrote it, and whether it is a question to the bot. */
    public record Line(String author, String text, boolean question) {}

    /** The group's messages in order, the same for the same seed. */
    public List<Line> lines() {
        SplittableRandom random = new SplittableRandom(seed * 1_000_033L);
        List<Line> lines = new ArrayList<>(messages);
        for (int message = 1; message <= messages; message++) {
            String author = NAMES.get(random.nextInt(PEOPLE));
            boolean question = message % QUESTION_EVERY == 0;
            String text = question
                    ? "Сайга, " + BenchWorkload.SENTENCES.get(random.nextInt(BenchWorkload.SENTENCES.size()))
                    : REMARKS.get(random.nextInt(REMARKS.size()));
            lines.add(new Line(author, text, question));
        }
        return lines;
    }

    /** Each question's turn: the messages since the bot's previous answer, the question last. */
    @Override
    public List<ChatMessage> userTurns(int user) {
        List<ChatMessage> turns = new ArrayList<>(turns());
        List<String> pending = new ArrayList<>(QUESTION_EVERY);
        for (Line line : lines()) {
            pending.add(line.author() + ": " + line.text());
            if (line.question()) {
                turns.add(ChatMessage.userParts(pending));
                pending = new ArrayList<>(QUESTION_EVERY);
            }
        }
        return turns;
    }

    @Override
    public long answerSeed(int user, int turn) {
        return Math.floorMod(seed * 37 + turn, Integer.MAX_VALUE);
    }
}
