package ru.saigabot.inference.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.catalog.DownloadException.Reason;

/** The hub's refusals become messages that point at the real cause. */
class DownloadFailuresTest {
    private static final RemoteFile FILE = RemoteFile.unverified("IlyaGusev/saiga_nemo_12b_gguf", "saiga_nemo_12b.Q4_K_M.gguf");
    private static final URI URL = URI.create("https://hub.example/IlyaGusev/saiga_nemo_12b_gguf/resolve/main/x");

    @Test
    void a401ForAMissingRepositoryIsNotFoundNotATokenProblem() {
        DownloadException e = DownloadFailures.refused(FILE, URL, 401, headers("RepoNotFound", "Repository not found"),
                false);

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e).hasMessageContaining("no repository IlyaGusev/saiga_nemo_12b_gguf")
                .hasMessageContaining("HTTP 401").hasMessageContaining("Repository not found");
    }

    @Test
    void aMissingFileNamesFileAndRepository() {
        DownloadException e = DownloadFailures.refused(FILE, URL, 404, headers("EntryNotFound", null), false);

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e).hasMessageContaining("no file saiga_nemo_12b.Q4_K_M.gguf in repository IlyaGusev/saiga_nemo_12b_gguf");
    }

    @Test
    void aGatedRepositorySaysToAcceptItsConditions() {
        DownloadException e = DownloadFailures.refused(FILE, URL, 403, headers("GatedRepo", null), true);

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e).hasMessageContaining("is gated").hasMessageContaining("accept its conditions");
    }

    @Test
    void withoutAnErrorCodeTheStatusDecides() {
        assertThat(DownloadFailures.refused(FILE, URL, 404, headers(null, null), false).reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(DownloadFailures.refused(FILE, URL, 401, headers(null, null), false))
                .hasMessageContaining("needs an access token");
        assertThat(DownloadFailures.refused(FILE, URL, 403, headers(null, null), true))
                .hasMessageContaining("the access token has no access");
    }

    @Test
    void ioFailuresAreDescribedInAFewWords() {
        assertThat(DownloadFailures.describe(new ConnectException("cannot connect to hub:443 (connection refused)")))
                .isEqualTo("cannot connect to hub:443 (connection refused)");
        assertThat(DownloadFailures.describe(new IOException())).isEqualTo("IOException");
        assertThat(DownloadFailures.describe(new IOException("closed"))).isEqualTo("IOException: closed");
    }

    private static HttpHeaders headers(String code, String message) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        if (code != null) {
            map.put("X-Error-Code", List.of(code));
        }
        if (message != null) {
            map.put("X-Error-Message", List.of(message));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }
}
