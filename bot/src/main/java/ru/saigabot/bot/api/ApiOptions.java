package ru.saigabot.bot.api;

import java.net.InetAddress;
import java.util.Objects;
import java.util.OptionalInt;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.health.HealthOptions;

/**
 * Where {@code run} serves the OpenAI-compatible API.
 *
 * @param port empty = not served; 0 = any free port (tests ask the application which)
 * @param host loopback unless the operator opens it wider (keys guard it, TLS belongs to a proxy in front)
 */
public record ApiOptions(OptionalInt port, InetAddress host) {
    public static final ApiOptions OFF = new ApiOptions(OptionalInt.empty(), InetAddress.getLoopbackAddress());

    public ApiOptions {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(host, "host");
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65_535)) {
            throw new ConfigException("--api-port = " + port.getAsInt() + " is out of range; allowed 0 (off)..65535");
        }
    }

    /** {@code --api-host} and {@code --api-port}: 0 keeps the API off, and the host is then not looked at. */
    public static ApiOptions on(String host, int port) {
        if (port == 0) {
            return OFF;
        }
        return new ApiOptions(OptionalInt.of(port), HealthOptions.address("--api-host", "SAIGA_API_HOST",
                "the API", host));
    }

    /** On any free port of the loopback address (tests). */
    public static ApiOptions anyPort() {
        return new ApiOptions(OptionalInt.of(0), InetAddress.getLoopbackAddress());
    }
}
