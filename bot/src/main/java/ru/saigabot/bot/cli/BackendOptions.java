package ru.saigabot.bot.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.InvalidSettingException;
import ru.saigabot.inference.SettingRange;
import ru.saigabot.inference.remote.RemoteEngineConfig;

/**
 * The worker's options for answering through OpenAI-compatible servers instead of a local model. The model name is
 * required with them: vLLM and Ollama choose the model by it, and it is stored with every answer.
 */
final class BackendOptions {

    @Option(names = "--backend-url", defaultValue = "${env:SAIGA_BACKEND_URLS}", paramLabel = "URL[,URL…]",
            description = "OpenAI-compatible base URLs, e.g. http://gpu1:8080/v1, tried in turn with failover "
                    + "[env SAIGA_BACKEND_URLS]; instead of --model.")
    String urls;

    @Option(names = "--backend-model", defaultValue = "${env:SAIGA_BACKEND_MODEL}", paramLabel = "NAME",
            description = "The model name sent to the backends and stored with answers [env SAIGA_BACKEND_MODEL]; "
                    + "required with --backend-url.")
    String model;

    @Option(names = "--backend-key", defaultValue = "${env:SAIGA_BACKEND_KEY}", paramLabel = "KEY",
            description = "API key sent as a Bearer token [env SAIGA_BACKEND_KEY] (default: none). Prefer the env var: "
                    + "arguments show in the process list.")
    String key;

    @Option(names = "--backend-connect-timeout", defaultValue = "${env:SAIGA_BACKEND_CONNECT_TIMEOUT:-5}",
            paramLabel = "SECONDS", description = "To connect to a backend [env SAIGA_BACKEND_CONNECT_TIMEOUT] "
            + "(default: ${DEFAULT-VALUE}).")
    double connectSeconds;

    @Option(names = "--backend-first-token-timeout", defaultValue = "${env:SAIGA_BACKEND_FIRST_TOKEN_TIMEOUT:-120}",
            paramLabel = "SECONDS", description = "From sending a request to its first text; past it the next backend "
            + "is tried [env SAIGA_BACKEND_FIRST_TOKEN_TIMEOUT] (default: ${DEFAULT-VALUE}).")
    double firstTokenSeconds;

    @Option(names = "--backend-idle-timeout", defaultValue = "${env:SAIGA_BACKEND_IDLE_TIMEOUT:-60}",
            paramLabel = "SECONDS", description = "Longest silence within an answer; past it the answer fails "
            + "[env SAIGA_BACKEND_IDLE_TIMEOUT] (default: ${DEFAULT-VALUE}).")
    double idleSeconds;

    @Option(names = "--backend-cool-down", defaultValue = "${env:SAIGA_BACKEND_COOL_DOWN:-20}",
            paramLabel = "SECONDS", description = "A backend that failed is tried last for this long "
            + "[env SAIGA_BACKEND_COOL_DOWN] (default: ${DEFAULT-VALUE}).")
    double coolDownSeconds;

    @Option(names = "--backend-extended-sampling", defaultValue = "${env:SAIGA_BACKEND_EXTENDED_SAMPLING:-true}",
            arity = "1", paramLabel = "true|false",
            description = "Also send top_k, min_p and the repeat penalty (llama-server, vLLM; Ollama ignores them); "
                    + "false for servers that refuse unknown fields [env SAIGA_BACKEND_EXTENDED_SAMPLING] "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean extendedSampling;

    @Option(names = "--backend-ctx-size", defaultValue = "${env:SAIGA_BACKEND_CTX_SIZE:-0}", paramLabel = "TOKENS",
            description = "The servers' context per request: older turns are left out so the conversation and the "
                    + "answer fit, by a pessimistic estimate of 2 characters a token; 0 sends every turn "
                    + "[env SAIGA_BACKEND_CTX_SIZE] (default: ${DEFAULT-VALUE}).")
    int contextSize;

    boolean given() {
        return urls != null && !urls.isBlank();
    }

    /**
     * @throws ConfigException naming the option to fix
     * @throws InvalidSettingException for a number out of its range, named by its flag
     */
    RemoteEngineConfig config() {
        if (model == null || model.isBlank()) {
            throw new ConfigException("--backend-url needs the model name the servers serve: pass --backend-model NAME "
                    + "or set SAIGA_BACKEND_MODEL (vLLM: its --served-model-name; Ollama: e.g. qwen2.5:7b; "
                    + "llama-server: any name, it is stored with each answer)");
        }
        SettingRange.BACKEND_CTX_SIZE.checkOption(contextSize);
        try {
            return new RemoteEngineConfig(RemoteEngineConfig.parseUrls(urls), model.strip(), key,
                    seconds(connectSeconds, "--backend-connect-timeout"),
                    seconds(firstTokenSeconds, "--backend-first-token-timeout"),
                    seconds(idleSeconds, "--backend-idle-timeout"), coolDown(), extendedSampling, contextSize);
        } catch (IllegalArgumentException e) {
            // The engine says "the backend key"; here it has an option and an environment variable.
            throw new ConfigException("--backend-url: "
                    + e.getMessage().replace("the backend key", "--backend-key or SAIGA_BACKEND_KEY"), e);
        }
    }

    private Duration coolDown() {
        if (!(coolDownSeconds >= 0)) {
            throw new ConfigException("--backend-cool-down = " + coolDownSeconds + " must be 0 or more seconds");
        }
        return Duration.ofMillis(Math.round(coolDownSeconds * 1000));
    }

    private static Duration seconds(double value, String option) {
        if (!(value > 0) || value > 86_400) {
            throw new ConfigException(option + " = " + value + " must be more than 0 and at most 86400 seconds");
        }
        return Duration.ofMillis(Math.max(1, Math.round(value * 1000)));
    }
}
