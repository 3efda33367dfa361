package ru.saigabot.bot.dispatch;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Routes by stage ({@link Route.Stage}), then in the order they were added; the first whose filter accepts an
 * update handles it, after the middleware has filled in the update's context.
 */
public final class Router {
    private final List<Route<?>> routes;
    private final List<Middleware> middleware;

    public Router(List<Route<?>> routes, List<Middleware> middleware) {
        this.routes = routes.stream().sorted(Comparator.comparing(Route::stage)).toList();
        this.middleware = List.copyOf(middleware);
    }

    Optional<Route.Match<?>> match(Update update) {
        for (Route<?> route : routes) {
            Optional<? extends Route.Match<?>> match = route.match(update);
            if (match.isPresent()) {
                return Optional.of(match.get());
            }
        }
        return Optional.empty();
    }

    void handle(Route.Match<?> match, UpdateContext context) throws SQLException {
        for (Middleware step : middleware) {
            step.apply(context);
        }
        match.handle(context);
    }
}
