package ru.saigabot.bot.web;

import io.javalin.config.RoutesConfig;

/**
 * One feature's pages and JSON endpoints. {@link WebServer} signs requests in before they arrive: under
 * {@code /web/api/} every handler finds the {@link ru.saigabot.bot.web.session.WebSession} with
 * {@link WebServer#session}, every change carries a valid CSRF token, and {@code /web/api/admin/} is for admins only.
 */
@FunctionalInterface
public interface WebRoutes {
    void register(RoutesConfig routes);
}
