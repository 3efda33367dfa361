package ru.saigabot.inference.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * HTTP to the hub: {@code {hub}/{repository}/resolve/main/{file}}, following redirects itself. Hugging Face
 * answers a resolve with a redirect to a CDN, and the redirect is where the file's size and SHA-256 are
 * ({@code X-Linked-*}); following redirects by hand also keeps the access token away from other hosts.
 */
final class HubClient {

    private static final int MAX_REDIRECTS = 10;

    private final DownloadSettings settings;
    private final HttpClient http;

    HubClient(DownloadSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // one plain stream per file; HTTP/2's multiplexing buys nothing here
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The response to a GET, after redirects; its body must be closed. */
    record Response(URI uri, int status, HttpHeaders headers, HubFileInfo info, InputStream body) implements AutoCloseable {

        OptionalLong contentLength() {
            return headers.firstValueAsLong("Content-Length");
        }

        Optional<ContentRange> contentRange() {
            return headers.firstValue("Content-Range").flatMap(ContentRange::parse);
        }

        @Override
        public void close() {
            if (body != null) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the connection is dropped; nothing else to release
                }
            }
        }
    }

    /** The outcome of a HEAD: the response it ended with, and what the hub said about the file on the way. */
    record Probe(URI uri, int status, HttpHeaders headers, HubFileInfo info) {
    }

    URI resolveUri(RemoteFile file) {
        return URI.create(settings.hubBaseUrl() + "/" + file.repository() + "/resolve/main/" + file.file());
    }

    /**
     * Asks for the file's size and checksum without downloading it. Stops at the first response that carries
     * {@code X-Linked-Size}: the hub's redirect does, and the CDN behind it need not be contacted.
     */
    Probe probe(RemoteFile file) throws IOException, InterruptedException {
        URI uri = resolveUri(file);
        HubFileInfo info = HubFileInfo.NONE;
        for (int hop = 0; ; hop++) {
            HttpResponse<Void> response = send(request(uri, "HEAD", 0), HttpResponse.BodyHandlers.discarding());
            info = info.orElse(HubFileInfo.fromHeaders(response.headers()));
            Optional<URI> next = redirectTarget(uri, response);
            if (next.isEmpty() || info.size().isPresent()) {
                OptionalLong length = response.headers().firstValueAsLong("Content-Length");
                if (response.statusCode() == 200 && length.isPresent() && length.getAsLong() > 0) {
                    // a plain file: the length of the HEAD is the file's (some servers say 0 for any HEAD)
                    info = info.orElse(new HubFileInfo(length, Optional.empty()));
                }
                return new Probe(uri, response.statusCode(), response.headers(), info);
            }
            uri = checkHops(hop, next.get());
        }
    }

    /** GETs the file from byte {@code from} on (the whole file when 0). */
    Response get(RemoteFile file, long from) throws IOException, InterruptedException {
        URI uri = resolveUri(file);
        HubFileInfo info = HubFileInfo.NONE;
        for (int hop = 0; ; hop++) {
            HttpResponse<InputStream> response = send(request(uri, "GET", from), responseInfo ->
                    isRedirect(responseInfo.statusCode())
                            ? HttpResponse.BodySubscribers.replacing(null)
                            : HttpResponse.BodySubscribers.ofInputStream());
            info = info.orElse(HubFileInfo.fromHeaders(response.headers()));
            Optional<URI> next = redirectTarget(uri, response);
            if (next.isEmpty()) {
                return new Response(uri, response.statusCode(), response.headers(), info, response.body());
            }
            uri = checkHops(hop, next.get());
        }
    }

    /** Sends, naming the host when the connection cannot be made (HttpClient's own message is often empty). */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            String why = e.getCause() instanceof UnresolvedAddressException ? "unknown host"
                    : e.getMessage() != null ? e.getMessage() : "connection refused";
            ConnectException named = new ConnectException("cannot connect to " + request.uri().getHost()
                    + (request.uri().getPort() == -1 ? "" : ":" + request.uri().getPort()) + " (" + why + ")");
            named.initCause(e);
            throw named;
        }
    }

    private HttpRequest request(URI uri, String method, long from) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(settings.responseTimeout())
                .header("User-Agent", "saiga-bot")
                // a compressed body would break ranges and byte counts
                .header("Accept-Encoding", "identity");
        if (from > 0) {
            builder.header("Range", "bytes=" + from + "-");
        }
        if (settings.token().isPresent() && sameOrigin(uri, settings.hubBaseUrl())) {
            builder.header("Authorization", "Bearer " + settings.token().get());
        }
        return builder.build();
    }

    private static Optional<URI> redirectTarget(URI current, HttpResponse<?> response) throws IOException {
        if (!isRedirect(response.statusCode())) {
            return Optional.empty();
        }
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("HTTP " + response.statusCode() + " from " + current
                        + " without a Location header"));
        return Optional.of(current.resolve(location));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI checkHops(int hop, URI next) throws IOException {
        if (hop + 1 >= MAX_REDIRECTS) {
            throw new IOException("more than " + MAX_REDIRECTS + " redirects, last to " + next);
        }
        return next;
    }

    /** The token is for the hub; a CDN URL is pre-signed and must not receive it. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
    }
}
