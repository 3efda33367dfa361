package ru.saigabot.bot.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.catalog.ByteSizes;
import ru.saigabot.inference.catalog.CatalogModel;
import ru.saigabot.inference.catalog.DownloadException;
import ru.saigabot.inference.catalog.DownloadResult;
import ru.saigabot.inference.catalog.DownloadSettings;
import ru.saigabot.inference.catalog.ModelCatalog;
import ru.saigabot.inference.catalog.ModelDownloader;
import ru.saigabot.inference.catalog.RetryPolicy;

/**
 * {@code saiga-bot models pull NAME}: downloads a catalog model with a progress bar on stderr, resuming an
 * interrupted pull, and prints the file's path on stdout (so {@code MODEL=$(saiga-bot models pull ...)} works).
 */
@Command(name = "pull", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Download a model into the models directory, resuming an interrupted download and checking "
                + "its size and SHA-256.", "Prints the path to pass as --model."})
final class ModelsPullCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "A model name from 'saiga-bot models list'.")
    String name;

    @Mixin
    ModelsDirOption dir;

    @Option(names = "--hub-url", defaultValue = "${env:SAIGA_HUB_URL:-" + DownloadSettings.DEFAULT_HUB_URL + "}",
            description = "Hugging Face hub, or a mirror of it [env SAIGA_HUB_URL] (default: ${DEFAULT-VALUE}).")
    String hubUrl;

    @Option(names = "--hf-token", defaultValue = "${env:HF_TOKEN}", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Hugging Face access token, for gated repositories [env HF_TOKEN].")
    String token;

    @Option(names = "--retry-delay-ms", defaultValue = "1000", hidden = true,
            description = "Pause after the first failed attempt; it doubles after each further one (tests use less).")
    long retryDelayMillis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ModelCatalog catalog = ModelCatalog.builtIn();
        CatalogModel model = catalog.find(name).orElseThrow(() -> new ConfigException("unknown model '" + name
                + "'; known models: " + String.join(", ", catalog.names()) + " (see 'saiga-bot models list')"));
        URI hub;
        try {
            hub = DownloadSettings.parseHubUrl(hubUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage() + " (--hub-url or SAIGA_HUB_URL)");
        }
        RetryPolicy retry = new RetryPolicy(RetryPolicy.standard().maxAttempts(), Duration.ofMillis(retryDelayMillis),
                Duration.ofMillis(retryDelayMillis).multipliedBy(30));
        ModelDownloader downloader = new ModelDownloader(
                DownloadSettings.forHub(hub, Optional.ofNullable(token)).withRetry(retry));
        PrintWriter err = spec.commandLine().getErr();
        // System.console() is null when stdin or stdout is redirected, as in MODEL=$(saiga-bot models pull ...):
        // plain lines then, which is also what a log needs
        ModelsProgressBar progress = new ModelsProgressBar(err, model.name(), System.console() != null);
        DownloadResult result;
        try {
            result = downloader.download(model.remoteFile(), dir.modelsDir, progress);
        } catch (DownloadException e) {
            throw new ConfigException(e.getMessage() + hint(e.reason()), e);
        } finally {
            progress.endLine();
        }
        err.println(model.name() + ": " + summary(result));
        err.println("Start the bot with: saiga-bot run --model " + result.path() + " (chat template: "
                + model.template() + ")");
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println(result.path());
        out.flush();
        return ExitCodes.OK;
    }

    private static String summary(DownloadResult result) {
        if (result.alreadyPresent()) {
            return "already downloaded (" + ByteSizes.format(result.sizeBytes()) + ")";
        }
        return "downloaded " + ByteSizes.format(result.sizeBytes()) + ", "
                + (result.checksumVerified() ? "SHA-256 verified" : "size checked (no SHA-256 was published for it)");
    }

    /** What the user can do about it, in terms of this command's options. */
    private static String hint(DownloadException.Reason reason) {
        switch (reason) {
            case NOT_FOUND:
                return "; check --hub-url / SAIGA_HUB_URL, or the repository may have moved";
            case ACCESS_DENIED:
                return "; set HF_TOKEN to a Hugging Face access token that may read it";
            case UNREACHABLE:
                return "; check the network connection, or --hub-url / SAIGA_HUB_URL";
            case DISK_FULL:
            case LOCAL_IO:
                return "; free some space or choose another --models-dir / SAIGA_MODELS_DIR";
            default:
                return "";
        }
    }
}
