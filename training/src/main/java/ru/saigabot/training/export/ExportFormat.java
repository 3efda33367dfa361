package ru.saigabot.training.export;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The dataset formats {@code train export} writes, each as {@code <name>.train.jsonl} and {@code <name>.val.jsonl}. */
public enum ExportFormat {
    /** Conversations ending in a liked answer: {@code {"messages": [...]}}. */
    SFT,
    /** TRL's unpaired preference format: {@code {"prompt", "completion", "label"}}. */
    KTO,
    /** Paired preferences: {@code {"prompt", "chosen", "rejected"}}. */
    DPO;

    public String fileName(boolean train) {
        return id() + (train ? ".train.jsonl" : ".val.jsonl");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code --formats}, e.g. {@code sft,kto,dpo}. */
    public static Set<ExportFormat> parseList(String list) {
        Set<ExportFormat> formats = EnumSet.noneOf(ExportFormat.class);
        for (String item : list.split(",")) {
            String name = item.strip();
            if (name.isEmpty()) {
                continue;
            }
            try {
                formats.add(valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--formats: unknown format '" + name + "'; use sft, kto and/or dpo", e);
            }
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("--formats is empty; use sft, kto and/or dpo");
        }
        return formats;
    }
}
