package ru.saigabot.bot.dispatch;

import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * A named filter and the handler for the updates it accepts. The filter parses what the handler needs (a
 * command's arguments, a button's callback data) and the handler receives it: nothing is parsed twice.
 *
 * @param stage where the route is tried (see {@link Stage}); within a stage, routes accept disjoint updates
 */
public record Route<T>(String name, Stage stage, Function<Update, Optional<T>> filter, Handler<T> handler) {

    /**
     * The order in which routes are tried; the first route that accepts an update handles it. Commands come
     * before everything, so that no other route takes "/new" for a question; the fallback comes last.
     */
    public enum Stage {
        /** A text command addressed to this bot, by name (names are unique across routes). */
        COMMAND,
        /** A button press, by its callback data's prefix. */
        CALLBACK,
        /** Edits, reactions, the bot's own membership. */
        EVENT,
        /** An ordinary message. */
        MESSAGE,
        /** What nothing else took (an unknown command). */
        FALLBACK
    }

    /** Handles one kind of update; its database writes share the transaction that marks the update handled. */
    @FunctionalInterface
    public interface Handler<T> {
        void handle(UpdateContext context, T value) throws SQLException;
    }

    /** This route's match of {@code update}, when it accepts it. */
    Optional<Match<T>> match(Update update) {
        return filter.apply(update).map(value -> new Match<>(this, value));
    }

    /** An update a route accepted, with what its filter parsed. */
    record Match<T>(Route<T> route, T value) {
        void handle(UpdateContext context) throws SQLException {
            route.handler().handle(context, value);
        }

        String name() {
            return route.name();
        }
    }
}
