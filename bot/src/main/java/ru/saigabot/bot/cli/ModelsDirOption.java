package ru.saigabot.bot.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --models-dir}, shared by the {@code models} commands. */
final class ModelsDirOption {
    @Option(names = "--models-dir",
            defaultValue = "${env:SAIGA_MODELS_DIR:-${sys:user.home}/.local/share/saiga-bot/models}",
            description = "Where models are downloaded [env SAIGA_MODELS_DIR] (default: ${DEFAULT-VALUE}).")
    Path modelsDir;
}
