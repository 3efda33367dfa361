package ru.saigabot.bot.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import ru.saigabot.inference.catalog.ByteSizes;
import ru.saigabot.inference.catalog.CatalogModel;
import ru.saigabot.inference.catalog.ModelCatalog;
import ru.saigabot.inference.catalog.ModelDownloader;
import ru.saigabot.inference.catalog.RemoteFile;

/** {@code saiga-bot models list}: the catalog as a table, with what is already downloaded. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Show the models saiga-bot can download, and which of them are downloaded.")
final class ModelsListCommand implements Callable<Integer> {
    private static final List<String> HEADER = List.of("NAME", "SIZE", "TEMPLATE", "DOWNLOADED", "DESCRIPTION");

    @Mixin
    ModelsDirOption dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (CatalogModel model : ModelCatalog.builtIn().models()) {
            rows.add(List.of(model.name(), ByteSizes.format(model.approximateBytes()), model.template(),
                    status(model, dir.modelsDir), model.description()));
        }
        var out = spec.commandLine().getOut();
        out.print(table(rows));
        out.println();
        out.println("Models directory: " + dir.modelsDir);
        out.println("Download one with: saiga-bot models pull NAME");
        out.flush();
        return ExitCodes.OK;
    }

    /** "yes", "partial 23%" (an interrupted pull, resumed by the next one) or "no". */
    static String status(CatalogModel model, Path modelsDir) {
        RemoteFile file = model.remoteFile();
        if (ModelDownloader.isDownloaded(file, modelsDir)) {
            return "yes";
        }
        long partial = ModelDownloader.partialBytes(file, modelsDir);
        if (partial > 0) {
            return "partial " + Math.min(99, partial * 100 / model.approximateBytes()) + "%";
        }
        return "no";
    }

    /** Left-aligned columns separated by two spaces; the last column is not padded. */
    static String table(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                text.append(row.get(c));
                if (c < columns - 1) {
                    text.append(" ".repeat(widths[c] - row.get(c).length() + 2));
                }
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }
}
