package ru.saigabot.training.prepare;

import java.nio.file.Path;
import java.util.Optional;
import ru.saigabot.training.export.ExportFormat;

/**
 * What {@code saiga-bot train prepare} was asked for.
 *
 * @param dataDir a folder written by {@code train export}
 * @param adapterName the trained adapter's name; empty for one made from the run folder's name or the method
 */
public record PrepareRequest(Path dataDir, ExportFormat method, BaseModel base, Hyperparameters hyperparameters,
                             Optional<String> adapterName, Path out) {
}
