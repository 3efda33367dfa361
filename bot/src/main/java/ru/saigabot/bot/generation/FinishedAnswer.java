package ru.saigabot.bot.generation;

import ru.saigabot.inference.GenerationStats;

/**
 * An answer as it was shown, to store.
 *
 * @param paramsJson the sampling parameters it was written with, as JSON
 * @param shownIn    the Telegram message that shows it (the last, for an answer in several); null where none does
 * @param error      why the request failed although something was shown (nothing to show); null for an answer
 */
public record FinishedAnswer(String text, AnswerStatus status, String model, String paramsJson,
                             GenerationStats stats, Long shownIn, String error) {}
