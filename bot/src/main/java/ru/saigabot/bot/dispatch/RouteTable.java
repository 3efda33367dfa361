package ru.saigabot.bot.dispatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Where each feature adds its routes. A command route is built from its names and refused when another route
 * took one of them; a callback route from its callback data's {@code unpack}, so the handler gets the parsed data.
 */
public final class RouteTable {
    private final String botUsername;
    private final CommandGate gate;
    private final List<Route<?>> routes = new ArrayList<>();
    private final Map<String, String> commandOwners = new HashMap<>();

    public RouteTable(String botUsername) {
        this(botUsername, CommandGate.OPEN);
    }

    /** @param gate lets each command through, or not (the per-user limit on commands) */
    public RouteTable(String botUsername, CommandGate gate) {
        this.botUsername = botUsername;
        this.gate = gate;
    }

    /** A text command from a person, addressed to no bot or to this one, by any of {@code names}. */
    public RouteTable command(String name, Set<String> names, Route.Handler<Command> handler) {
        for (String command : names) {
            String owner = commandOwners.putIfAbsent(command, name);
            if (owner != null) {
                throw new IllegalStateException("/" + command + " is routed twice: by " + owner + " and by " + name);
            }
        }
        return add(new Route<>(name, Route.Stage.COMMAND, update -> command(update)
                .filter(command -> names.contains(command.name()) && command.isFor(botUsername)), gated(handler)));
    }

    /** {@code handler} behind the command gate: for command routes not built by {@link #command}. */
    public Route.Handler<Command> gated(Route.Handler<Command> handler) {
        return (context, command) -> {
            if (gate.admit(context, command)) {
                handler.handle(context, command);
            }
        };
    }

    /** A button press whose callback data {@code unpack} accepts, from a person. */
    public <T> RouteTable callback(String name, Function<String, Optional<T>> unpack, Route.Handler<T> handler) {
        return add(new Route<>(name, Route.Stage.CALLBACK, update -> update.hasCallbackQuery()
                && update.getCallbackQuery().getFrom() != null
                ? unpack.apply(update.getCallbackQuery().getData()) : Optional.empty(), handler));
    }

    public <T> RouteTable add(Route<T> route) {
        routes.add(route);
        return this;
    }

    public Router router(List<Middleware> middleware) {
        return new Router(routes, middleware);
    }

    /** The command of a text message from a person, whatever bot it names. */
    public static Optional<Command> command(Update update) {
        if (!update.hasMessage() || !update.getMessage().hasText() || update.getMessage().getFrom() == null) {
            return Optional.empty();
        }
        return Command.parse(update.getMessage().getText());
    }

    /** The message of an update that is one, from a person; for routes of messages. */
    public static Optional<Message> messageFromPerson(Update update) {
        return update.hasMessage() && update.getMessage().getFrom() != null ? Optional.of(update.getMessage())
                : Optional.empty();
    }
}
