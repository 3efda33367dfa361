package ru.saigabot.bot.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The endpoints over real HTTP, on a free port. */
class OpsHttpServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(OpsHttpServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthReadinessAndMetrics() throws Exception {
        Readiness readiness = new Readiness(Map.of("model", "loading"));
        try (OpsHttpServer server = OpsHttpServer.start(0, readiness, () -> "saiga_up 1\n")) {
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
}
