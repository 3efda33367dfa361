package ru.saigabot.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.documents.DocumentStore;
import ru.saigabot.bot.documents.PassageSearch;
import ru.saigabot.bot.documents.eval.EvalQuestion;
import ru.saigabot.bot.documents.eval.EvalScores;
import ru.saigabot.bot.documents.eval.RetrievalEval;

/**
 * {@code saiga-bot docs eval}: reads a folder of documents into a throwaway chat, asks an evaluation set's questions
 * with the bot's own search, prints recall@1, recall@4 and MRR with and without the trigram search for misspellings,
 * and deletes the chat.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure the documents search: recall@1, recall@4 and MRR on a question set.")
final class DocsEvalCommand implements Callable<Integer> {
    @Option(names = "--docs", required = true, paramLabel = "DIR", description = "The documents, one file each.")
    Path docs;

    @Option(names = "--questions", required = true, paramLabel = "FILE",
            description = "JSON lines: {\"question\", \"file\", \"page\"} or {\"question\", \"answer_contains\"}.")
    Path questions;

    @Option(names = "--misses", description = "Also print the questions whose answer is not in the first four.")
    boolean misses;

    @Option(names = "--max-document-mb", defaultValue = "${env:SAIGA_MAX_DOCUMENT_MB:-20}", paramLabel = "MB",
            description = "Largest file read (default: ${DEFAULT-VALUE}).")
    int maxDocumentMb;

    @Mixin
    DatabaseOptions databaseOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<EvalQuestion> set = read(questions);
        if (!Files.isDirectory(docs)) {
            throw new ConfigException("--docs " + docs + " is not a folder");
        }
        PrintWriter out = spec.commandLine().getOut();
        // A chat id no Telegram chat or API key has: below every API key's (-(2^60) - id).
        long chatId = Long.MIN_VALUE + ThreadLocalRandom.current().nextLong(1, 1L << 40);
        try (DatabaseOptions.Opened opened = databaseOptions.open()) {
            DocumentStore store = new DocumentStore();
            try {
                DocumentFiles files = new DocumentFiles(opened.database(), maxDocumentMb);
                int pages = 0;
                double seconds = 0;
                for (Path file : files.expand(List.of(docs))) {
                    DocumentFiles.Added added = files.add(chatId, file);
                    if (added.refusal() != null) {
                        throw new ConfigException(file + " cannot be read: " + added.refusal());
                    }
                    out.println(added.describe());
                    pages += added.document().pages();
                    seconds += added.seconds();
                }
                out.printf(Locale.ROOT, "read in %.1f s%s%n", seconds,
                        pages > 0 ? String.format(Locale.ROOT, " (%d pages)", pages) : "");
                RetrievalEval eval = new RetrievalEval(opened.database(), new PassageSearch());
                List<RetrievalEval.Outcome> plain = eval.run(chatId, set, false);
                List<RetrievalEval.Outcome> typos = eval.run(chatId, set, true);
                out.println("full-text search:            " + RetrievalEval.score(plain).line());
                EvalScores withTypos = RetrievalEval.score(typos);
                out.println("full-text search + trigrams: " + withTypos.line());
                if (misses) {
                    for (RetrievalEval.Outcome outcome : typos) {
                        if (outcome.rank() == 0 || outcome.rank() > 4) {
                            out.println("miss (rank " + (outcome.rank() == 0 ? ">10" : outcome.rank()) + "): "
                                    + outcome.question().question());
                        }
                    }
                }
            } finally {
                opened.database().query(connection -> {
                    store.deleteChat(connection, chatId);
                    return null;
                });
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    static List<EvalQuestion> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read --questions " + file + ": " + e.getMessage(), e);
        }
        ObjectMapper mapper = new ObjectMapper();
        List<EvalQuestion> questions = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            EvalQuestion question;
            try {
                question = mapper.readValue(lines.get(i), EvalQuestion.class);
            } catch (IOException e) {
                throw new ConfigException(file + " line " + (i + 1) + " is not a JSON object: " + e.getMessage(), e);
            }
            String problem = question.problem();
            if (problem != null) {
                throw new ConfigException(file + " line " + (i + 1) + ": " + problem);
            }
            questions.add(question);
        }
        if (questions.isEmpty()) {
            throw new ConfigException(file + " has no questions");
        }
        return questions;
    }
}
