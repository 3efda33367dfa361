package ru.saigabot.inference.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.inference.catalog.DownloadException.Reason;
import ru.saigabot.inference.gguf.TinyLlama;

/** The downloader against a fake hub on 127.0.0.1 serving the tiny GGUF model. */
class ModelDownloaderIT {

    private static final String REPO = "TestOwner/tiny_gguf";
    private static final String FILE = "tiny.Q8_0.gguf";
    private static final RetryPolicy FAST_RETRY = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40));

    @TempDir
    static Path shared;
    static byte[] model;
    static String modelSha256;

    @TempDir
    Path modelsDir;
    FakeHub hub;
    Events events;

    @BeforeAll
    static void writeTinyModel() throws IOException {
        model = Files.readAllBytes(TinyLlama.write(shared.resolve("tiny.gguf")).path());
        modelSha256 = FakeHub.sha256(model);
    }

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub(model, REPO, FILE);
        events = new Events();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void downloadsTheWholeFileAndChecksItsSha256() throws Exception {
        RemoteFile file = new RemoteFile(REPO, FILE, OptionalLong.of(model.length), Optional.of(modelSha256));

        DownloadResult result = downloader().download(file, modelsDir, events);

        assertThat(result.path()).isEqualTo(modelsDir.resolve(REPO).resolve(FILE));
        assertThat(Files.readAllBytes(result.path())).isEqualTo(model);
        assertThat(result.sha256()).contains(modelSha256);
        assertThat(result.checksumVerified()).isTrue();
        assertThat(result.alreadyPresent()).isFalse();
        assertThat(file.partPath(modelsDir)).doesNotExist();
        assertThat(hub.gets()).singleElement().satisfies(get -> assertThat(get.range()).isNull());
        assertThat(events.lastProgress.bytesDone()).isEqualTo(model.length);
        assertThat(events.lastProgress.totalBytes()).hasValue(model.length);
    }

    @Test
    void withoutCatalogFiguresItChecksWhatTheHubAnnounces() throws Exception {
        DownloadResult result = downloader().download(RemoteFile.unverified(REPO, FILE), modelsDir, events);

        assertThat(result.checksumVerified()).isTrue();
        assertThat(Files.readAllBytes(result.path())).isEqualTo(model);
    }

    @Test
    void resumesAutomaticallyWhenTheConnectionDropsMidFile() throws Exception {
        hub.dropAfter(300_000, 1);

        DownloadResult result = downloader().download(RemoteFile.unverified(REPO, FILE), modelsDir, events);

        assertThat(Files.readAllBytes(result.path())).isEqualTo(model);
        assertThat(result.checksumVerified()).isTrue();
        List<FakeHub.Request> gets = hub.gets();
        assertThat(gets).hasSize(2);
        assertThat(gets.get(0).range()).isNull();
        long resumedAt = Long.parseLong(gets.get(1).range().replaceAll("\\D", ""));
        assertThat(resumedAt).isPositive().isLessThanOrEqualTo(300_000);
        assertThat(events.retries).hasSize(1);
        assertThat(events.starts).containsExactly(0L, resumedAt);
    }

    @Test
    void resumesAPartLeftByAnEarlierProcess() throws Exception {
        RemoteFile file = new RemoteFile(REPO, FILE, OptionalLong.of(model.length), Optional.of(modelSha256));
        writePart(file, Arrays.copyOf(model, 200_000));

        DownloadResult result = downloader().download(file, modelsDir, events);

        assertThat(Files.readAllBytes(result.path())).isEqualTo(model);
        assertThat(result.checksumVerified()).isTrue();
        assertThat(hub.gets()).singleElement().satisfies(get -> assertThat(get.range()).isEqualTo("bytes=200000-"));
        assertThat(events.rehashed).containsExactly(200_000L);
        assertThat(events.starts).containsExactly(200_000L);
    }

    @Test
    void startsOverWhenTheServerIgnoresTheRange() throws Exception {
        hub.ignoreRanges();
        RemoteFile file = RemoteFile.unverified(REPO, FILE);
        writePart(file, Arrays.copyOf(model, 200_000));

        DownloadResult result = downloader().download(file, modelsDir, events);

        assertThat(Files.readAllBytes(result.path())).isEqualTo(model);
        assertThat(result.checksumVerified()).isTrue();
        assertThat(hub.gets()).singleElement().satisfies(get -> assertThat(get.range()).isEqualTo("bytes=200000-"));
        assertThat(events.starts).containsExactly(0L);
    }

    @Test
    void aPartHoldingTheWholeFileIsFinishedWhenTheHubAnswers416() throws Exception {
        hub.linkedHeaders(false).noHead(); // nothing says the size before the GET
        RemoteFile file = RemoteFile.unverified(REPO, FILE);
        writePart(file, model);

        DownloadResult result = downloader().download(file, modelsDir, events);

        assertThat(Files.readAllBytes(result.path())).isEqualTo(model);
        assertThat(result.checksumVerified()).isFalse(); // only the size could be checked
        assertThat(result.sha256()).contains(modelSha256);
        assertThat(hub.gets()).singleElement().satisfies(get -> assertThat(get.range()).isEqualTo("bytes=" + model.length + "-"));
    }

    @Test
    void aWrongChecksumLeavesNoFileAndSaysWhichFile() throws Exception {
        String wrong = "0".repeat(64);
        hub.linkedHeaders(false);
        RemoteFile file = new RemoteFile(REPO, FILE, OptionalLong.empty(), Optional.of(wrong));

        assertThatThrownBy(() -> downloader().download(file, modelsDir, events))
                .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining(REPO + "/" + FILE).hasMessageContaining(wrong).hasMessageContaining(modelSha256)
                .hasMessageContaining("deleted");
        assertThat(file.localPath(modelsDir)).doesNotExist();
        assertThat(file.partPath(modelsDir)).doesNotExist();
    }

    @Test
    void aCorruptPartIsCaughtByTheChecksumAndDeleted() throws Exception {
        RemoteFile file = RemoteFile.unverified(REPO, FILE);
        byte[] corrupt = Arrays.copyOf(model, 200_000);
        corrupt[1234] ^= 0x55;
        writePart(file, corrupt);

        assertThatThrownBy(() -> downloader().download(file, modelsDir, events))
                .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH));
        assertThat(file.localPath(modelsDir)).doesNotExist();
        assertThat(file.partPath(modelsDir)).doesNotExist();

        DownloadResult retried = downloader().download(file, modelsDir, events);
        assertThat(Files.readAllBytes(retried.path())).isEqualTo(model);
    }

    @Test
    void aHubThatContradictsTheCatalogIsRefusedBeforeDownloading() {
        RemoteFile file = new RemoteFile(REPO, FILE, OptionalLong.empty(), Optional.of("1".repeat(64)));

        assertThatThrownBy(() -> downloader().download(file, modelsDir, events))
                .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HUB_CHANGED))
                .hasMessageContaining(modelSha256);
        assertThat(hub.gets()).isEmpty();
        assertThat(file.partPath(modelsDir)).doesNotExist();
    }

    @Test
    void a404NamesTheRepositoryAndTheFile() {
        RemoteFile missing = RemoteFile.unverified(REPO, "missing.gguf");

        assertThatThrownBy(() -> downloader().download(missing, modelsDir, events))
                .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("missing.gguf").hasMessageContaining(REPO).hasMessageContaining("404");
        assertThat(modelsDir.resolve(REPO)).doesNotExist();
    }

    @Test
    void theFinalNameNeverExistsBeforeTheFileIsVerified() throws Exception {
        hub.chunkDelay(15); // about 1.4 s, so several progress reports happen mid-transfer
        RemoteFile file = RemoteFile.unverified(REPO, FILE);
        List<Boolean> finalExisted = new CopyOnWriteArrayList<>();
        DownloadListener watcher = new DownloadListener() {
            @Override
            public void onProgress(DownloadProgress progress) {
                finalExisted.add(Files.exists(file.localPath(modelsDir)));
                assertThat(file.partPath(modelsDir)).exists();
            }
        };

        DownloadResult result = downloader().download(file, modelsDir, watcher);

        assertThat(finalExisted).hasSizeGreaterThan(2).containsOnly(false);
        assertThat(result.path()).exists();
        assertThat(file.partPath(modelsDir)).doesNotExist();
    }

    @Test
    void aDownloadedFileIsNotDownloadedAgain() throws Exception {
        RemoteFile file = RemoteFile.unverified(REPO, FILE);
        downloader().download(file, modelsDir, events);

        DownloadResult again = downloader().download(file, modelsDir, events);

        assertThat(again.alreadyPresent()).isTrue();
        assertThat(again.sizeBytes()).isEqualTo(model.length);
        assertThat(hub.gets()).hasSize(1);
    }

    @Test
    void followsTheRedirectToTheCdnWithoutGivingItTheToken() throws Exception {
        hub.redirectVia("localhost").requireToken("hf_secret");
        DownloadSettings settings = settings().withRetry(FAST_RETRY);
        settings = new DownloadSettings(settings.hubBaseUrl(), Optional.of("hf_secret"), settings.connectTimeout(),
                settings.responseTimeout(), settings.stallTimeout(), settings.retry());

        DownloadResult result = new ModelDownloader(settings).download(RemoteFile.unverified(REPO, FILE), modelsDir, events);

        assertThat(result.checksumVerified()).isTrue(); // the X-Linked headers were only on the redirect
        assertThat(Files.readAllBytes(result.path())).isEqualTo(model);
        assertThat(hub.requests()).filteredOn(r -> r.path().contains("/resolve/"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer hf_secret"));
        assertThat(hub.requests()).filteredOn(r -> r.path().startsWith("/cdn/"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isNull());
    }

    @Test
    void aGatedRepositoryWithoutTokenSaysSo() {
        hub.requireToken("hf_secret");

        assertThatThrownBy(() -> downloader().download(RemoteFile.unverified(REPO, FILE), modelsDir, events))
                .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED))
                .hasMessageContaining("401").hasMessageContaining("gated or private");
    }

    @Test
    void aStalledTransferIsAbandonedAndResumed() throws Exception {
        hub.stallAfter(100_000, 1); // silent for 30 s, or until the hub closes
        // Long enough that only the stall trips it, never a pause of a loaded machine within a loopback transfer.
        ModelDownloader downloader = new ModelDownloader(settings().withStallTimeout(Duration.ofSeconds(2)));

        DownloadResult result = downloader.download(RemoteFile.unverified(REPO, FILE), modelsDir, events);

        assertThat(Files.readAllBytes(result.path())).isEqualTo(model);
        assertThat(events.retries).singleElement().asString().contains("no data for 2 s");
        assertThat(hub.gets()).hasSize(2);
    }

    @Test
    void aServerErrorIsRetriedThenReported() {
        hub.status(503);

        assertThatThrownBy(() -> downloader().download(RemoteFile.unverified(REPO, FILE), modelsDir, events))
                .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE))
                .hasMessageContaining("503").hasMessageContaining("4 attempts");
        assertThat(events.retries).hasSize(3);
    }

    @Test
    void anUnreachableHubIsReportedWithItsAddress() throws Exception {
        URI deadHub = hub.baseUrl();
        hub.close();
        DownloadSettings settings = new DownloadSettings(deadHub, Optional.empty(), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(2), FAST_RETRY);

        assertThatThrownBy(() -> new ModelDownloader(settings).download(RemoteFile.unverified(REPO, FILE), modelsDir, events))
                .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE))
                .hasMessageContaining(deadHub.toString()).hasMessageContaining(FILE);
    }

    @Test
    void aFileBiggerThanTheFreeSpaceIsRefusedUpFront() throws Exception {
        long petabyte = 1_000_000_000_000_000L;
        hub.linkedHeaders(false).noHead();
        RemoteFile huge = new RemoteFile(REPO, FILE, OptionalLong.of(petabyte), Optional.empty());

        assertThatThrownBy(() -> downloader().download(huge, modelsDir, events))
                .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISK_FULL))
                .hasMessageContaining("1000 TB").hasMessageContaining("free");
        assertThat(hub.gets()).isEmpty();
    }

    private DownloadSettings settings() {
        return DownloadSettings.forHub(hub.baseUrl(), Optional.empty()).withRetry(FAST_RETRY);
    }

    private ModelDownloader downloader() {
        return new ModelDownloader(settings());
    }

    private void writePart(RemoteFile file, byte[] bytes) throws IOException {
        Path part = file.partPath(modelsDir);
        Files.createDirectories(part.getParent());
        Files.write(part, bytes);
    }

    /** Records what the downloader reported. */
    static final class Events implements DownloadListener {
        final List<Long> rehashed = new CopyOnWriteArrayList<>();
        final List<Long> starts = new CopyOnWriteArrayList<>();
        final List<String> retries = new CopyOnWriteArrayList<>();
        volatile DownloadProgress lastProgress;

        @Override
        public void onRehashing(RemoteFile file, long bytes) {
            rehashed.add(bytes);
        }

        @Override
        public void onStart(RemoteFile file, long from, OptionalLong total) {
            starts.add(from);
        }

        @Override
        public void onProgress(DownloadProgress progress) {
            lastProgress = progress;
        }

        @Override
        public void onRetry(int failedAttempts, int maxAttempts, Duration delay, String reason) {
            retries.add(reason);
        }
    }
}
