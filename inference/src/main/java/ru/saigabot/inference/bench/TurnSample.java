package ru.saigabot.inference.bench;

import ru.saigabot.inference.GenerationStats;

/** One answer of the benchmark: whose, which turn (0-based), its text, and what it cost. */
public record TurnSample(int user, int turn, String answer, GenerationStats stats) {}
