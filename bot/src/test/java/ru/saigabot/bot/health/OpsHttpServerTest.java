package ru.saigabot.bot.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.config.ConfigException;

/** The endpoints over real HTTP, on a free port. */
class OpsHttpServerTest {
    private static final InetAddress LOOPBACK = HealthOptions.httpHost(HealthOptions.DEFAULT_HTTP_HOST);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> get(OpsHttpServer server, String path) throws Exception {
        return get("127.0.0.1", server.port(), path);
    }

    private HttpResponse<String> get(String host, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthReadinessAndMetrics() throws Exception {
        Readiness readiness = new Readiness(Map.of("model", "loading"));
        try (OpsHttpServer server = OpsHttpServer.start(LOOPBACK, 0, readiness, () -> "saiga_up 1\n")) {
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(server, "/readyz");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("model: loading");
            readiness.set("model", Optional::empty);
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.body()).isEqualTo("saiga_up 1\n");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue(OpsHttpServer.METRICS_CONTENT_TYPE);
            assertThat(get(server, "/other").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void listensOnlyOnTheAddressItIsGiven() throws Exception {
        Readiness readiness = new Readiness(Map.of());
        try (OpsHttpServer server = OpsHttpServer.start(LOOPBACK, 0, readiness, () -> "")) {
            assertThat(server.address().getAddress()).isEqualTo(LOOPBACK);
            assertThat(server.address().getAddress().isAnyLocalAddress()).isFalse();
        }
        // Linux routes all of 127.0.0.0/8 to the loopback interface: a second address of this machine.
        try (OpsHttpServer server = OpsHttpServer.start(HealthOptions.httpHost("127.0.0.2"), 0, readiness, () -> "")) {
            assertThat(get("127.0.0.2", server.port(), "/healthz").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get("127.0.0.1", server.port(), "/healthz"))
                    .as("not listening on 127.0.0.1").isInstanceOf(ConnectException.class);
        }
        try (OpsHttpServer server = OpsHttpServer.start(HealthOptions.httpHost("0.0.0.0"), 0, readiness, () -> "")) {
            assertThat(server.address().getAddress().isAnyLocalAddress()).isTrue();
            assertThat(get("127.0.0.2", server.port(), "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anAddressThatIsNotThisMachinesIsAConfigurationError() {
        // 192.0.2.0/24 is reserved for documentation: no machine has it.
        assertThatThrownBy(() -> OpsHttpServer.start(HealthOptions.httpHost("192.0.2.1"), 0, new Readiness(Map.of()),
                () -> "")).isInstanceOf(ConfigException.class).hasMessageContaining("192.0.2.1")
                .hasMessageContaining("--http-host");
    }
}
