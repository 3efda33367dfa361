package ru.saigabot.bot.config;

import java.util.Locale;

/** Where {@code run} gets its answers: its own llama.cpp pool, or inference workers through the database. */
public enum InferenceMode {
    /** The model is loaded in the bot's process (the default). */
    LOCAL,
    /** Generations are queued in PostgreSQL for {@code saiga-bot worker} processes; the bot loads no model. */
    QUEUE;

    public static InferenceMode parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "local" -> LOCAL;
            case "queue" -> QUEUE;
            default -> throw new ConfigException("--inference " + text + " is not a mode; use local (the model in this "
                    + "process) or queue (saiga-bot worker processes take the generations from the database)");
        };
    }

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
