package ru.saigabot.inference.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Settings, retry timing and reading the hub's headers. */
class DownloadSettingsTest {

    @Test
    void hubUrlsAreNormalised() {
        assertThat(DownloadSettings.parseHubUrl("https://hub.example/")).isEqualTo(URI.create("https://hub.example"));
        assertThat(DownloadSettings.parseHubUrl(" http://127.0.0.1:8080/mirror// "))
                .isEqualTo(URI.create("http://127.0.0.1:8080/mirror"));
    }

    @Test
    void badHubUrlsAreExplained() {
        assertThatThrownBy(() -> DownloadSettings.parseHubUrl("hub.example")).hasMessageContaining("http://");
        assertThatThrownBy(() -> DownloadSettings.parseHubUrl("ftp://host")).hasMessageContaining("http://");
        assertThatThrownBy(() -> DownloadSettings.parseHubUrl("https://host/?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> DownloadSettings.parseHubUrl("https://ho st")).hasMessageContaining("not a URL");
    }

    @Test
    void aBlankTokenIsNoToken() {
        DownloadSettings settings = DownloadSettings.forHub(URI.create("https://hub.example"), Optional.of("  "));

        assertThat(settings.token()).isEmpty();
    }

    @Test
    void theTokenGoesOnlyToTheHubsOrigin() {
        URI hub = URI.create("https://hub.example");

        assertThat(HubClient.sameOrigin(URI.create("https://hub.example:443/a/resolve/main/f"), hub)).isTrue();
        assertThat(HubClient.sameOrigin(URI.create("https://cdn-lfs.hf.co/x"), hub)).isFalse();
        assertThat(HubClient.sameOrigin(URI.create("http://hub.example/x"), hub)).isFalse();
    }

    @Test
    void retriesBackOffExponentiallyUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(List.of(1, 2, 3, 4, 5)).map(policy::delayAfter).containsExactly(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(RetryPolicy.standard().maxAttempts()).isGreaterThan(1);
    }

    @Test
    void readsTheLinkedHeadersOfLfsFiles() {
        HubFileInfo info = HubFileInfo.fromHeaders(headers(Map.of("X-Linked-Size", List.of("4920734016"),
                "X-Linked-Etag", List.of("\"E2D51A653657CD8BAAEB67965626F4BBFFFACBF4D0162E17C57332055BC87783\""))));

        assertThat(info.size()).hasValue(4_920_734_016L);
        assertThat(info.sha256()).contains("e2d51a653657cd8baaeb67965626f4bbfffacbf4d0162e17c57332055bc87783");
    }

    @Test
    void aGitSha1EtagIsNotTakenForASha256() {
        HubFileInfo info = HubFileInfo.fromHeaders(headers(Map.of("X-Linked-Etag",
                List.of("W/\"a94a8fe5ccb19ba61c4c0873d391e987982fbbd3\""), "X-Linked-Size", List.of("-1"))));

        assertThat(info).isEqualTo(HubFileInfo.NONE);
    }

    @Test
    void theCatalogAndTheHubMustAgree() throws Exception {
        RemoteFile file = new RemoteFile("a/b", "m.gguf", OptionalLong.of(10), Optional.empty());
        URI uri = URI.create("https://hub/a/b/resolve/main/m.gguf");
        String sha = "ab".repeat(32);

        ExpectedFile merged = ExpectedFile.of(file).with(new HubFileInfo(OptionalLong.of(10), Optional.of(sha)), file, uri);

        assertThat(merged).isEqualTo(new ExpectedFile(OptionalLong.of(10), Optional.of(sha)));
        assertThatThrownBy(() -> ExpectedFile.of(file).with(new HubFileInfo(OptionalLong.of(11), Optional.empty()), file, uri))
                .isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(DownloadException.Reason.HUB_CHANGED))
                .hasMessageContaining("a/b/m.gguf").hasMessageContaining("11 bytes");
    }

    private static HttpHeaders headers(Map<String, List<String>> map) {
        return HttpHeaders.of(map, (name, value) -> true);
    }
}
