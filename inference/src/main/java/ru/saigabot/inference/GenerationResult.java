package ru.saigabot.inference;

/** The whole answer once a generation has ended. */
public record GenerationResult(String text, FinishReason finishReason, String model, GenerationStats stats) {}
