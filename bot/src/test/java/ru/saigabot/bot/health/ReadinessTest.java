package ru.saigabot.bot.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.config.ConfigException;

class ReadinessTest {
    private static final Instant NOW = Instant.parse("2026-11-28T04:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void partsNotYetStartedReportWhyInOrder() {
        Map<String, String> pending = new LinkedHashMap<>();
        pending.put("database", "connecting");
        pending.put("model", "loading");
        Readiness readiness = new Readiness(pending);
        assertThat(readiness.check().problems()).containsExactly("database: connecting", "model: loading");
        readiness.set("database", Optional::empty);
        assertThat(readiness.check().problems()).containsExactly("model: loading");
        readiness.set("model", Optional::empty);
        assertThat(readiness.check().ready()).isTrue();
    }

    @Test
    void aCheckThatThrowsIsNotReady() {
        Readiness readiness = new Readiness(Map.of());
        readiness.set("database", () -> {
            throw new IllegalStateException("pool closed");
        });
        assertThat(readiness.check().problems()).containsExactly("database: check failed: pool closed");
    }

    @Test
    void pollingTurnsRedOnlyAfterTheLimit() {
        Duration limit = HealthOptions.staleAfter(50);
        assertThat(limit).isEqualTo(Duration.ofSeconds(95));
        assertThat(new PollingCheck(() -> NOW.minusSeconds(95), limit, CLOCK).problem()).isEmpty();
        assertThat(new PollingCheck(() -> NOW.minusSeconds(96), limit, CLOCK).problem())
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("no getUpdates answered for 96 s (limit 95 s)"));
    }

    @Test
    void portZeroTurnsTheEndpointsOff() {
        assertThat(HealthOptions.onPort(0, 50).httpPort()).isEmpty();
        assertThat(HealthOptions.onPort(9090, 50).httpPort()).hasValue(9090);
    }

    @Test
    void theEndpointsListenOnLoopbackUnlessToldOtherwise() {
        assertThat(HealthOptions.onPort(9090, 50).httpHost().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(HealthOptions.on("0.0.0.0", 9090, 50).httpHost().isAnyLocalAddress()).isTrue();
        assertThat(HealthOptions.on(" ::1 ", 9090, 50).httpHost().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> HealthOptions.on("", 9090, 50)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--http-host is empty");
        assertThatThrownBy(() -> HealthOptions.on("http://0.0.0.0", 9090, 50)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--http-host 'http://0.0.0.0' is not an address");
        assertThatThrownBy(() -> HealthOptions.on("999.0.0.1", 9090, 50)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> HealthOptions.on("[::1", 9090, 50)).isInstanceOf(ConfigException.class);
        assertThat(HealthOptions.on("localhost", 9090, 50).httpHost().isLoopbackAddress()).isTrue();
    }
}
