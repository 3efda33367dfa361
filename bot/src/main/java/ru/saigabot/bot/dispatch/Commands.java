package ru.saigabot.bot.dispatch;

import java.util.Optional;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.Update;

/** Route filters for text commands addressed to this bot. */
public final class Commands {
    private Commands() {}

    /** The command of a message from a person, when it is one of {@code names} and not meant for another bot. */
    public static Optional<Command> of(Update update, String botUsername, Set<String> names) {
        if (!update.hasMessage() || !update.getMessage().hasText() || update.getMessage().getFrom() == null) {
            return Optional.empty();
        }
        return Command.parse(update.getMessage().getText())
                .filter(command -> names.contains(command.name()) && command.isFor(botUsername));
    }

    public static Route route(String name, String botUsername, Set<String> names, UpdateHandler handler) {
        return new Route(name, update -> of(update, botUsername, names).isPresent(), handler);
    }

    public static Route callback(String name, java.util.function.Predicate<String> accepts, UpdateHandler handler) {
        return new Route(name, update -> update.hasCallbackQuery() && update.getCallbackQuery().getFrom() != null
                && accepts.test(update.getCallbackQuery().getData()), handler);
    }
}
