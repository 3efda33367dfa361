package ru.saigabot.bot.dispatch;

import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.Update;

/** Ordered routes; the first whose filter accepts an update handles it. */
public final class Router {
    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public Optional<Route> match(Update update) {
        return routes.stream().filter(route -> route.filter().test(update)).findFirst();
    }
}
