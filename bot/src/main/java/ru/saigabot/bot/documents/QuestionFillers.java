package ru.saigabot.bot.documents;

import java.util.Set;

/**
 * Stems of words people put around a question ("подскажите, пожалуйста", "расскажи") and of greetings: the Russian
 * stop-word list keeps them, and matching them would find passages that merely greet or ask too.
 */
final class QuestionFillers {
    private static final Set<String> STEMS = Set.of(
            "благодар", "добр", "здравств", "напиш", "нужн", "объясн", "подскаж", "пожалуйст", "поч", "поясн",
            "привет", "расскаж", "скаж", "скольк", "спасиб", "хотел", "хоч", "эт", "дел", "как", "котор", "какая-т", "какой-т",
            "что-т", "кто-т", "где-т", "как-т", "когда-т", "куда-т", "чтоб", "мо", "сво", "нем", "им", "сам",
            "сдела", "посмотрет", "найт", "поня", "узна", "сто");

    private QuestionFillers() {
    }

    static boolean isFiller(String stem) {
        return STEMS.contains(stem);
    }
}
