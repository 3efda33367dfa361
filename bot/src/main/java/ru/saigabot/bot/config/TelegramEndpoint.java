package ru.saigabot.bot.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Where the Bot API lives: Telegram itself, a local Bot API server, or a test emulator. */
public record TelegramEndpoint(String scheme, String host, int port) {
    public static final TelegramEndpoint TELEGRAM = new TelegramEndpoint("https", "api.telegram.org", 443);

    /** Parses {@code --telegram-api-url}: scheme, host and optional port; TelegramBots has no path prefix. */
    public static TelegramEndpoint parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException("--telegram-api-url '" + url + "' is not a URL; expected e.g. https://api.telegram.org");
        }
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new ConfigException("--telegram-api-url '" + url + "' must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new ConfigException("--telegram-api-url '" + url + "' has no host");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new ConfigException("--telegram-api-url '" + url
                    + "' has a path; give only scheme, host and port (the /bot<token>/ part is added by the bot)");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : ("https".equals(scheme) ? 443 : 80);
        return new TelegramEndpoint(scheme, uri.getHost(), port);
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}
