package ru.saigabot.inference.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the hub is and how patient to be with it.
 *
 * @param hubBaseUrl e.g. {@code https://huggingface.co} or a mirror; files are fetched from
 *     {@code {hubBaseUrl}/{repository}/resolve/main/{file}}
 * @param token Hugging Face access token for gated or private repositories; sent only to the hub itself, never
 *     to the CDN it redirects to
 * @param connectTimeout to open a connection
 * @param responseTimeout from sending a request to receiving the response headers
 * @param stallTimeout the longest time a transfer may go without receiving a byte before it is retried
 * @param retry what to do when a transfer fails
 */
public record DownloadSettings(URI hubBaseUrl, Optional<String> token, Duration connectTimeout,
        Duration responseTimeout, Duration stallTimeout, RetryPolicy retry) {

    public static final String DEFAULT_HUB_URL = "https://huggingface.co";

    public DownloadSettings {
        hubBaseUrl = checkHubUrl(hubBaseUrl);
        token = token.map(String::strip).filter(t -> !t.isEmpty());
        for (Duration d : new Duration[] {connectTimeout, responseTimeout, stallTimeout}) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
    }

    /** The usual timeouts (10 s to connect, 60 s for headers, 60 s without data) and {@link RetryPolicy#standard()}. */
    public static DownloadSettings forHub(URI hubBaseUrl, Optional<String> token) {
        return new DownloadSettings(hubBaseUrl, token, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(60), RetryPolicy.standard());
    }

    /**
     * Parses a hub URL as a user types it ({@code https://huggingface.co}, {@code http://127.0.0.1:8080/}).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static URI parseHubUrl(String text) {
        try {
            return checkHubUrl(new URI(text.strip()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("hub URL '" + text + "' is not a URL: " + e.getReason());
        }
    }

    /** Like the record's, but without the token, so that logging the settings cannot leak it. */
    @Override
    public String toString() {
        return "DownloadSettings[hubBaseUrl=" + hubBaseUrl + ", token=" + (token.isPresent() ? "(set)" : "(none)")
                + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout + ", stallTimeout="
                + stallTimeout + ", retry=" + retry + "]";
    }

    public DownloadSettings withRetry(RetryPolicy newRetry) {
        return new DownloadSettings(hubBaseUrl, token, connectTimeout, responseTimeout, stallTimeout, newRetry);
    }

    public DownloadSettings withStallTimeout(Duration newStallTimeout) {
        return new DownloadSettings(hubBaseUrl, token, connectTimeout, responseTimeout, newStallTimeout, retry);
    }

    private static URI checkHubUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("hub URL '" + url + "' must be http:// or https:// with a host, like "
                    + DEFAULT_HUB_URL);
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("hub URL '" + url + "' must have no user, query or fragment");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + url.getRawAuthority() + path);
    }
}
