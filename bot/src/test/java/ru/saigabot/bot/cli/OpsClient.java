package ru.saigabot.bot.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a bot process's /healthz, /readyz and /metrics, as a supervisor or Prometheus would. */
final class OpsClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;

    private OpsClient(int port) {
        this.port = port;
    }

    /** On a port free right now, for the process under test to serve. */
    static OpsClient onFreePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new OpsClient(socket.getLocalPort());
        }
    }

    int port() {
        return port;
    }

    /** The status code, or -1 while nothing listens. */
    int status(String path) {
        try {
            return send(path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String body(String path) throws IOException, InterruptedException {
        return send(path).body();
    }

    /** The body, or "" while nothing listens. */
    String bodyIfUp(String path) throws InterruptedException {
        try {
            return body(path);
        } catch (IOException e) {
            return "";
        }
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
