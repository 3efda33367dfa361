package ru.saigabot.bot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import ru.saigabot.bot.documents.DocumentIngest;
import ru.saigabot.bot.documents.DocumentStore;
import ru.saigabot.bot.documents.Ingested;
import ru.saigabot.bot.documents.NewDocument;
import ru.saigabot.bot.documents.PassageSearch;
import ru.saigabot.bot.documents.ReadSummary;
import ru.saigabot.bot.documents.SearchText;
import ru.saigabot.bot.documents.read.DocumentReader;
import ru.saigabot.bot.documents.split.PassageDraft;
import ru.saigabot.bot.documents.split.PassageSplitter;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.EmbeddedPostgresServer;
import ru.saigabot.bot.testing.documents.TestDocuments;
import static ru.saigabot.bot.store.Statements.list;
import static ru.saigabot.bot.store.Statements.one;

/**
 * Issue #17's speed figures, on the embedded PostgreSQL: reading a 300-page PDF into passages (pages/s), and the
 * search over 100,000 passages in one chat (the worst case: every passage is a candidate of some question), with and
 * without the trigram search for misspellings. Not a test: run it on a quiet machine.
 *
 * <pre>
 * ./mvnw -q -pl bot test-compile exec:java@documents-bench [-Dbench.passages=100000 -Dbench.questions=300]
 * </pre>
 */
public final class DocumentsBenchmark {
    private static final long BOOK_CHAT = 1;
    private static final long SEEDED_CHAT = 2;

    private DocumentsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int passages = Integer.getInteger("bench.passages", 100_000);
        int questions = Integer.getInteger("bench.questions", 300);
        String keep = System.getProperty("bench.dir");
        Path dir = keep == null ? Files.createTempDirectory("documents-bench") : Path.of(keep);
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir);
             Database database = Database.open(server.jdbcUrl(), 4)) {
            long seeded = database.query(c -> one(c, "SELECT count(*) FROM passage WHERE chat_id = ?",
                    row -> row.getLong(1), SEEDED_CHAT).orElse(0L));
            List<String> texts;
            if (seeded >= passages) { // a kept -Dbench.dir: measure the search again without seeding
                texts = database.query(c -> list(c, "SELECT text FROM passage WHERE chat_id = ? AND id % 100 = 0",
                        row -> row.getString(1), SEEDED_CHAT));
            } else {
                indexing(database);
                texts = seed(database, passages);
            }
            search(database, texts, questions);
        }
    }

    /** Reading and storing a 300-page Russian PDF, three times; the median and each run. */
    private static void indexing(Database database) throws Exception {
        byte[] book = TestDocuments.russianBookPdf(300, 420);
        DocumentStore store = new DocumentStore();
        DocumentIngest ingest = new DocumentIngest(database, store, new DocumentReader(), new PassageSplitter());
        double[] seconds = new double[3];
        for (int round = 0; round < seconds.length; round++) {
            int copy = round;
            long id = database.inTransaction(tx -> {
                store.ensureChat(tx, BOOK_CHAT + copy * 1000L);
                return store.queue(tx, new NewDocument(BOOK_CHAT + copy * 1000L, null, "book.pdf", null, null,
                        "application/pdf", book.length, "ru"));
            });
            long started = System.nanoTime();
            Ingested result = ingest.ingest(BOOK_CHAT + copy * 1000L, id, "book.pdf", "application/pdf", book);
            seconds[round] = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "indexing run %d: %d pages, %d passages, %.2f s, %.0f pages/s%n",
                    round + 1, result.document().pages(), result.document().passages(), seconds[round],
                    result.document().pages() / seconds[round]);
        }
        Arrays.sort(seconds);
        System.out.printf(Locale.ROOT, "indexing a 300-page PDF (%.1f MB): median %.2f s, %.0f pages/s%n",
                book.length / 1e6, seconds[1], 300 / seconds[1]);
    }

    /**
     * {@code count} passages of made-up Russian words in one chat, 1,000 to a document: a vocabulary of 30,000
     * words with Zipf's frequencies, as a language's, so that rare words are rare and common ones common.
     */
    private static List<String> seed(Database database, int count) {
        Vocabulary vocabulary = new Vocabulary(30_000, new Random(17));
        Random random = new Random(42);
        DocumentStore store = new DocumentStore();
        database.inTransaction(tx -> {
            store.ensureChat(tx, SEEDED_CHAT);
            return null;
        });
        List<String> sample = new ArrayList<>();
        long started = System.nanoTime();
        int perDocument = 1000;
        for (int document = 0; document * perDocument < count; document++) {
            List<PassageDraft> drafts = new ArrayList<>();
            Set<String> words = new LinkedHashSet<>();
            for (int i = 0; i < perDocument && document * perDocument + i < count; i++) {
                String text = vocabulary.passage(random, 180);
                drafts.add(new PassageDraft(i, 0, i / 3 + 1, null, 0, text.length(), text, 300));
                words.addAll(SearchText.words(text));
                if (random.nextInt(100) == 0) {
                    sample.add(text);
                }
            }
            int number = document;
            database.inTransaction(tx -> {
                long id = store.queue(tx, new NewDocument(SEEDED_CHAT, null, "seed-" + number + ".txt", null, null,
                        "text/plain", 1, "ru"));
                return store.storeRead(tx, id, new ReadSummary("txt", 0, 180 * drafts.size(), "seed-" + number),
                        drafts, words);
            });
        }
        database.query(connection -> {
            connection.createStatement().execute("ANALYZE");
            return null;
        });
        System.out.printf(Locale.ROOT, "seeded %d passages in %.0f s%n", count, (System.nanoTime() - started) / 1e9);
        return sample;
    }

    /** Questions of 3 to 7 words of a passage, a third with a misspelt word; latency percentiles. */
    private static void search(Database database, List<String> texts, int count) {
        Random random = new Random(7);
        List<String> questions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] words = texts.get(random.nextInt(texts.size())).split(" ");
            StringBuilder question = new StringBuilder();
            int length = 3 + random.nextInt(5);
            for (int w = 0; w < length; w++) {
                question.append(question.length() == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            if (i % 3 == 0) {
                int at = 1 + random.nextInt(question.length() - 2);
                question.setCharAt(at, question.charAt(at) == 'о' ? 'а' : 'о');
            }
            questions.add(question.toString() + "?");
        }
        PassageSearch search = new PassageSearch();
        for (boolean typos : new boolean[] {false, true}) {
            PassageSearch.Options options = new PassageSearch.Options(4, typos);
            for (int i = 0; i < Math.min(50, questions.size()); i++) { // warm-up: JIT, plans, caches
                String question = questions.get(i);
                database.query(c -> search.search(c, SEEDED_CHAT, question, options));
            }
            double[] millis = new double[questions.size()];
            int found = 0;
            for (int i = 0; i < questions.size(); i++) {
                String question = questions.get(i);
                long started = System.nanoTime();
                int passages = database.query(c -> search.search(c, SEEDED_CHAT, question, options)).passages()
                        .size();
                millis[i] = (System.nanoTime() - started) / 1e6;
                found += passages > 0 ? 1 : 0;
            }
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "search over %s passages, %s: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, "
                            + "max %.1f ms (%d of %d questions found passages)%n",
                    "the seeded", typos ? "with trigrams" : "full text alone", percentile(millis, 0.50),
                    percentile(millis, 0.95), percentile(millis, 0.99), millis[millis.length - 1], found,
                    questions.size());
        }
    }

    private static double percentile(double[] sorted, double share) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(share * sorted.length) - 1)];
    }

    /** Made-up Russian words, drawn with Zipf's law. */
    private static final class Vocabulary {
        private static final String[] SYLLABLES = {"ра", "мо", "ки", "ле", "ту", "ва", "но", "си", "пе", "ду", "ла",
            "ро", "ми", "ке", "то", "на", "бу", "ге", "зо", "ча", "шо", "ны", "ль", "ст", "кр", "пр", "ов", "ан",
            "ин", "ет"};
        private final String[] words;
        private final double[] cumulative;

        Vocabulary(int size, Random random) {
            Set<String> made = new LinkedHashSet<>();
            while (made.size() < size) {
                StringBuilder word = new StringBuilder();
                int syllables = 2 + random.nextInt(3);
                for (int s = 0; s < syllables; s++) {
                    word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
                }
                made.add(word.toString());
            }
            words = made.toArray(String[]::new);
            cumulative = new double[size];
            double total = 0;
            for (int rank = 0; rank < size; rank++) {
                total += 1.0 / (rank + 1);
                cumulative[rank] = total;
            }
            for (int rank = 0; rank < size; rank++) {
                cumulative[rank] /= total;
            }
        }

        String passage(Random random, int length) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int at = Arrays.binarySearch(cumulative, random.nextDouble());
                String word = words[at < 0 ? Math.min(words.length - 1, -at - 1) : at];
                text.append(i == 0 ? "" : " ").append(word);
            }
            return text.toString();
        }
    }
}
