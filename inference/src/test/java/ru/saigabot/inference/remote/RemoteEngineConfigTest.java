package ru.saigabot.inference.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backend URLs are checked once, with a message naming the bad one; the API key never shows. */
class RemoteEngineConfigTest {

    @Test
    void aCommaSeparatedListBecomesBaseUrlsWithoutTrailingSlashes() {
        assertThat(RemoteEngineConfig.parseUrls(" http://10.0.0.1:8080/v1/ , https://gpu.local/v1"))
                .containsExactly(URI.create("http://10.0.0.1:8080/v1"), URI.create("https://gpu.local/v1"));
    }

    @Test
    void onlyHttpAndHttpsUrlsWithAHostAreTaken() {
        for (String bad : List.of("ftp://h/v1", "localhost:8080", "/v1", "http:///v1", "file:/tmp/x")) {
            assertThatThrownBy(() -> RemoteEngineConfig.parseUrls(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
        }
        assertThatThrownBy(() -> RemoteEngineConfig.parseUrls("http://h:80/v 1"))
                .hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> RemoteEngineConfig.parseUrls(" , "))
                .hasMessageContaining("no backend URL");
    }

    @Test
    void credentialsInAUrlAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> RemoteEngineConfig.parseUrls("http://me:s3cret@h:8080/v1"))
                .hasMessageContaining("backend key").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RemoteEngineConfig.parseUrls("ftp://me:s3cret@h/v1"))
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aQueryOrATwiceGivenUrlIsRefused() {
        assertThatThrownBy(() -> RemoteEngineConfig.parseUrls("http://h/v1?key=abc"))
                .hasMessageContaining("query").hasMessageNotContaining("abc");
        assertThatThrownBy(() -> RemoteEngineConfig.of(RemoteEngineConfig.parseUrls("http://h/v1,http://h/v1/"),
                "m", null)).hasMessageContaining("twice");
    }

    @Test
    void theChatCompletionsUrlHangsOffTheBase() {
        assertThat(RemoteEngineConfig.chatCompletions(URI.create("http://h:8080/v1")))
                .isEqualTo(URI.create("http://h:8080/v1/chat/completions"));
        assertThat(RemoteEngineConfig.chatCompletions(URI.create("http://h:11434/v1/")))
                .isEqualTo(URI.create("http://h:11434/v1/chat/completions"));
    }

    @Test
    void theKeyIsNeverPrintedAndABlankOneIsNone() {
        RemoteEngineConfig config = RemoteEngineConfig.of(List.of(URI.create("http://h/v1")), "m", "sk-secret");
        assertThat(config.toString()).doesNotContain("sk-secret").contains("apiKey=***");
        assertThat(RemoteEngineConfig.of(List.of(URI.create("http://h/v1")), "m", "  ").apiKey()).isNull();
    }

    @Test
    void timeoutsMustBePositiveAndTheModelNamed() {
        RemoteEngineConfig config = RemoteEngineConfig.of(List.of(URI.create("http://h/v1")), "m", null);
        assertThatThrownBy(() -> config.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ZERO)).hasMessageContaining("connect timeout");
        assertThatThrownBy(() -> config.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(-1), Duration.ZERO)).hasMessageContaining("idle timeout");
        assertThatThrownBy(() -> RemoteEngineConfig.of(List.of(URI.create("http://h/v1")), " ", null))
                .hasMessageContaining("model name");
    }

    @Test
    void aContextSizeIsZeroOrLargeEnough() {
        RemoteEngineConfig config = RemoteEngineConfig.of(List.of(URI.create("http://h/v1")), "m", null);
        assertThat(config.contextSize()).isZero();
        assertThat(config.withContextSize(4096).contextSize()).isEqualTo(4096);
        assertThatThrownBy(() -> config.withContextSize(100)).hasMessageContaining("context size = 100");
    }

    @Test
    void theEstimateCountsOneTokenPerTwoCharacters() {
        EstimatedTokens estimate = new EstimatedTokens();
        assertThat(estimate.count("")).isZero();
        assertThat(estimate.count("абв")).isEqualTo(2);
        assertThat(estimate.count("👋👋")).as("code points, not UTF-16 units").isEqualTo(1);
    }
}
