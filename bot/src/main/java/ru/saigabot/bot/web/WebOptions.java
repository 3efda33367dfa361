package ru.saigabot.bot.web;

import java.net.InetAddress;
import java.util.Objects;
import java.util.OptionalInt;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.health.HealthOptions;

/**
 * Where {@code run} serves the web chat and the dashboard.
 *
 * @param port empty = not served; 0 = any free port (tests ask the application which)
 * @param host loopback unless the operator opens it wider (invites guard it, TLS belongs to a proxy in front)
 */
public record WebOptions(OptionalInt port, InetAddress host) {
    public static final WebOptions OFF = new WebOptions(OptionalInt.empty(), InetAddress.getLoopbackAddress());

    public WebOptions {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(host, "host");
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65_535)) {
            throw new ConfigException("--web-port = " + port.getAsInt() + " is out of range; allowed 0 (off)..65535");
        }
    }

    /** {@code --web-host} and {@code --web-port}: 0 keeps the web chat off, and the host is then not looked at. */
    public static WebOptions on(String host, int port) {
        if (port == 0) {
            return OFF;
        }
        return new WebOptions(OptionalInt.of(port), HealthOptions.address("--web-host", "SAIGA_WEB_HOST",
                "the web chat", host));
    }

    /** On any free port of the loopback address (tests). */
    public static WebOptions anyPort() {
        return new WebOptions(OptionalInt.of(0), InetAddress.getLoopbackAddress());
    }
}
