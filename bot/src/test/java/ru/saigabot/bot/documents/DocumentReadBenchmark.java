package ru.saigabot.bot.documents;

import java.util.List;
import ru.saigabot.bot.documents.read.DocumentReader;
import ru.saigabot.bot.documents.read.ReadDocument;
import ru.saigabot.bot.documents.split.PassageDraft;
import ru.saigabot.bot.documents.split.PassageSplitter;
import ru.saigabot.bot.testing.documents.TestDocuments;

/**
 * How fast a long Russian PDF is read and split: {@code pages} pages (default 300) of about {@code words} words
 * (default 400), read and split {@code runs} times (default 5) after one warm-up run, with {@link DocumentReader}'s
 * default limits and the default {@link PassageSplitter}. Prints one line a run; asserts nothing.
 *
 * <p>Run from the test classpath, e.g. {@code java -cp bot/target/classes:bot/target/test-classes:$(deps)
 * ru.saigabot.bot.documents.DocumentReadBenchmark 300 400 5}.
 */
public final class DocumentReadBenchmark {

    private DocumentReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int words = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long made = System.nanoTime();
        byte[] pdf = TestDocuments.russianBookPdf(pages, words);
        System.out.printf("made a %d-page PDF of %d KB in %.1f s%n", pages, pdf.length / 1024,
                (System.nanoTime() - made) / 1e9);
        DocumentReader reader = new DocumentReader();
        PassageSplitter splitter = new PassageSplitter();
        for (int run = 0; run <= runs; run++) {
            long start = System.nanoTime();
            ReadDocument document = reader.read("book.pdf", "application/pdf", pdf);
            long read = System.nanoTime();
            List<PassageDraft> passages = splitter.split(document);
            long split = System.nanoTime();
            double seconds = (split - start) / 1e9;
            System.out.printf("%s: %d pages, %d words, %d passages of %.0f tokens on average; read %.2f s, "
                            + "split %.2f s: %.0f pages/s%n",
                    run == 0 ? "warm-up" : "run " + run, document.pages(), document.words(), passages.size(),
                    passages.stream().mapToInt(PassageDraft::tokens).average().orElse(0),
                    (read - start) / 1e9, (split - read) / 1e9, document.pages() / seconds);
        }
    }
}
