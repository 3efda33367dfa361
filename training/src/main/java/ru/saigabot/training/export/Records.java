package ru.saigabot.training.export;

import java.util.List;

/** The JSONL lines of each format, in the field order trainers' examples use. */
final class Records {
    private Records() {}

    /** {@code sft.*.jsonl}: the conversation up to and including a liked answer. */
    record Sft(List<ChatMessage> messages) {}

    /** {@code kto.*.jsonl}: TRL's unpaired preference format. */
    record Kto(List<ChatMessage> prompt, List<ChatMessage> completion, boolean label) {}

    /** {@code dpo.*.jsonl}: two answers to one prompt, the preferred one first. */
    record Dpo(List<ChatMessage> prompt, List<ChatMessage> chosen, List<ChatMessage> rejected) {}
}
