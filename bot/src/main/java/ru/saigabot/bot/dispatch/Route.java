package ru.saigabot.bot.dispatch;

import java.util.function.Predicate;
import org.telegram.telegrambots.meta.api.objects.Update;

/** A named filter and the handler for the updates it accepts. */
public record Route(String name, Predicate<Update> filter, UpdateHandler handler) {}
