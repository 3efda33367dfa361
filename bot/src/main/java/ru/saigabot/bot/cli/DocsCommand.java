package ru.saigabot.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.documents.ChatDocument;
import ru.saigabot.bot.documents.DocumentStore;
import ru.saigabot.bot.documents.FoundPassage;
import ru.saigabot.bot.documents.PassageSearch;
import ru.saigabot.bot.documents.SearchResult;
import ru.saigabot.bot.store.Database;

/** {@code saiga-bot docs}: a chat's documents without Telegram, and the search the bot runs over them. */
@Command(name = "docs", mixinStandardHelpOptions = true,
        description = {"Add, list, remove and search a chat's documents, and measure the search on a question set.",
                "Works on the same database as 'run' (stop the bot first when it uses the embedded one)."},
        subcommands = {DocsCommand.Add.class, DocsCommand.ListDocs.class, DocsCommand.Remove.class,
                DocsCommand.Search.class, DocsEvalCommand.class})
final class DocsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'saiga-bot docs add --chat ID FILE', "
                + "'docs list --chat ID', 'docs remove --chat ID DOCUMENT_ID', 'docs search --chat ID \"question\"' "
                + "or 'docs eval --docs DIR --questions FILE'");
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Read files into a chat's documents, as if a user had sent them to the bot.")
    static final class Add implements Callable<Integer> {
        @Option(names = "--chat", required = true, paramLabel = "ID", description = "The Telegram chat id.")
        long chatId;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "PDF, DOCX, TXT, Markdown or HTML files.")
        List<Path> files;

        @Option(names = "--max-document-mb", defaultValue = "${env:SAIGA_MAX_DOCUMENT_MB:-20}", paramLabel = "MB",
                description = "Largest file read (default: ${DEFAULT-VALUE}).")
        int maxDocumentMb;

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (DatabaseOptions.Opened opened = databaseOptions.open()) {
                DocumentFiles files = new DocumentFiles(opened.database(), maxDocumentMb);
                int refused = 0;
                for (Path file : files.expand(this.files)) {
                    DocumentFiles.Added added = files.add(chatId, file);
                    if (added.refusal() == null) {
                        out.println(added.describe());
                    } else {
                        err.println("saiga-bot: " + file + ": " + added.refusal());
                        refused++;
                    }
                }
                out.flush();
                err.flush();
                return refused == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a chat's documents.")
    static final class ListDocs implements Callable<Integer> {
        @Option(names = "--chat", required = true, paramLabel = "ID", description = "The Telegram chat id.")
        long chatId;

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (DatabaseOptions.Opened opened = databaseOptions.open()) {
                List<ChatDocument> documents = opened.database().query(c -> new DocumentStore().list(c, chatId));
                if (documents.isEmpty()) {
                    out.println("chat " + chatId + " has no documents");
                }
                for (ChatDocument document : documents) {
                    out.printf(Locale.ROOT, "%d\t%s\t%s\t%d pages\t%d words\t%d passages\t%s%n", document.id(),
                            document.fileName(), document.format() == null ? "-" : document.format(),
                            document.pages(), document.words(), document.passages(),
                            !document.ready() ? "queued" : document.active() ? "on" : "off");
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Delete documents of a chat, with their passages and every copy given to questions.")
    static final class Remove implements Callable<Integer> {
        @Option(names = "--chat", required = true, paramLabel = "ID", description = "The Telegram chat id.")
        long chatId;

        @Parameters(arity = "1..*", paramLabel = "DOCUMENT_ID", description = "Ids as 'docs list' shows them.")
        List<Long> documentIds;

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int missing = 0;
            try (DatabaseOptions.Opened opened = databaseOptions.open()) {
                DocumentStore store = new DocumentStore();
                for (long id : documentIds) {
                    if (opened.database().query(c -> store.delete(c, chatId, id))) {
                        out.println("removed document " + id);
                    } else {
                        err.println("saiga-bot: chat " + chatId + " has no document " + id + "; see 'docs list'");
                        missing++;
                    }
                }
            }
            out.flush();
            err.flush();
            return missing == 0 ? ExitCodes.OK : ExitCodes.USER_ERROR;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
            description = "The passages the bot would give the model for a question, best first, with scores.")
    static final class Search implements Callable<Integer> {
        @Option(names = "--chat", required = true, paramLabel = "ID", description = "The Telegram chat id.")
        long chatId;

        @Parameters(index = "0", paramLabel = "QUESTION", description = "The question, in quotes.")
        String question;

        @Option(names = "--limit", defaultValue = "4", paramLabel = "N",
                description = "Passages to show (default: ${DEFAULT-VALUE}, as many as the bot gives the model).")
        int limit;

        @Option(names = "--no-typos", description = "Full-text search alone: no trigram search for misspellings.")
        boolean noTypos;

        @Option(names = "--json", description = "One JSON object per passage: file, page, score, text.")
        boolean json;

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (limit < 1) {
                throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            SearchResult result;
            try (DatabaseOptions.Opened opened = databaseOptions.open()) {
                Database database = opened.database();
                result = database.query(c -> new PassageSearch().search(c, chatId, question,
                        new PassageSearch.Options(limit, !noTypos)));
            }
            ObjectMapper mapper = new ObjectMapper();
            if (!json) {
                out.println("terms: " + String.join(" ", result.terms())
                        + (result.corrections().isEmpty() ? "" : "; also looked for: "
                        + String.join(" ", result.corrections())));
                if (result.passages().isEmpty()) {
                    out.println("no passage of chat " + chatId + "'s active documents is relevant");
                }
            }
            int rank = 1;
            for (FoundPassage passage : result.passages()) {
                if (json) {
                    ObjectNode line = mapper.createObjectNode().put("rank", rank).put("file", passage.fileName());
                    if (passage.page() != null) {
                        line.put("page", passage.page());
                    } else {
                        line.putNull("page");
                    }
                    line.put("section", passage.section()).put("score", passage.score()).put("text", passage.text());
                    out.println(mapper.writeValueAsString(line));
                } else {
                    out.printf(Locale.ROOT, "%n[%d] %s%s  score %.3f%n%s%n", rank, passage.fileName(),
                            passage.page() == null ? "" : ", p. " + passage.page(), passage.score(),
                            passage.snippet().replace(FoundPassage.MARK_START, '*').replace(FoundPassage.MARK_END, '*'));
                }
                rank++;
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
