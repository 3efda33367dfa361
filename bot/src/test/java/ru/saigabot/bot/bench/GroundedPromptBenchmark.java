package ru.saigabot.bot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import ru.saigabot.bot.documents.read.DocumentReader;
import ru.saigabot.bot.documents.read.ReadDocument;
import ru.saigabot.bot.documents.split.PassageDraft;
import ru.saigabot.bot.documents.split.PassageSplitter;
import ru.saigabot.bot.testing.documents.TestDocuments;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.bench.BenchShapes;
import ru.saigabot.inference.grounding.GivenPassage;
import ru.saigabot.inference.grounding.GroundedQuestion;
import ru.saigabot.inference.llama.LlamaEngine;
import ru.saigabot.inference.llama.LlamaEngineConfig;

/**
 * What the passages cost an answer's time to first token: the same question asked plain and with four passages of
 * a real document's split, each in a fresh conversation (nothing cached), on a generated model of a bench shape.
 * The difference should be the passages' prompt evaluation and nothing more: their tokens at the model's prompt rate.
 *
 * <pre>
 * ./mvnw -q -pl bot test-compile exec:java@grounded-bench [-Dbench.shape=small -Dbench.rounds=5]
 * </pre>
 */
public final class GroundedPromptBenchmark {
    private static final String SYSTEM = "Ты — Сайга, русскоязычный автоматический ассистент.";
    private static final String QUESTION = "Когда сервер делает резервную копию базы и где хранятся копии?";

    private GroundedPromptBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String shape = System.getProperty("bench.shape", "small");
        int rounds = Integer.getInteger("bench.rounds", 5);
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "saiga-bench"));
        Path model = BenchShapes.write(shape, dir, System.out::println);
        ReadDocument book = new DocumentReader().read("book.pdf", "application/pdf",
                TestDocuments.russianBookPdf(10, 420));
        List<PassageDraft> drafts = new PassageSplitter().split(book);
        List<GivenPassage> passages = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PassageDraft draft = drafts.get(i);
            passages.add(new GivenPassage(i + 1, "book.pdf", draft.page(), null, draft.text()));
        }
        List<ChatMessage> plain = List.of(ChatMessage.system(SYSTEM), ChatMessage.user(QUESTION));
        List<ChatMessage> grounded = List.of(ChatMessage.system(SYSTEM),
                ChatMessage.userParts(GroundedQuestion.parts(passages, List.of(QUESTION))));
        int threads = Runtime.getRuntime().availableProcessors();
        try (LlamaEngine engine = LlamaEngine.load(new LlamaEngineConfig(model, 1, threads, 4096, "auto"))) {
            measure(engine, plain, 1, "warm-up");
            double[] plainMs = new double[rounds];
            double[] groundedMs = new double[rounds];
            int plainTokens = 0;
            int groundedTokens = 0;
            for (int round = 0; round < rounds; round++) {
                GenerationResult a = measure(engine, plain, round * 2 + 2, null);
                GenerationResult b = measure(engine, grounded, round * 2 + 3, null);
                plainMs[round] = a.stats().timeToFirstToken().toNanos() / 1e6;
                groundedMs[round] = b.stats().timeToFirstToken().toNanos() / 1e6;
                plainTokens = a.stats().promptTokens();
                groundedTokens = b.stats().promptTokens();
            }
            Arrays.sort(plainMs);
            Arrays.sort(groundedMs);
            double plainMedian = plainMs[rounds / 2];
            double groundedMedian = groundedMs[rounds / 2];
            double added = groundedTokens - plainTokens;
            double rate = added / ((groundedMedian - plainMedian) / 1000);
            System.out.printf(Locale.ROOT, "shape %s, %d threads: plain question %d prompt tokens, TTFT %.0f ms; "
                            + "with 4 passages %d tokens, TTFT %.0f ms: +%.0f tokens cost +%.0f ms (%.0f tokens/s)%n",
                    shape, threads, plainTokens, plainMedian, groundedTokens, groundedMedian, added,
                    groundedMedian - plainMedian, rate);
        }
    }

    /** One answer of one token in conversation {@code n}: a slot that holds nothing of it. */
    private static GenerationResult measure(LlamaEngine engine, List<ChatMessage> messages, int n, String label)
            throws Exception {
        ChatRequest request = new ChatRequest("bench:" + n, messages, GenerationParams.DEFAULTS.withMaxTokens(1)
                .withSeed(1)).withConversation("conversation:" + n);
        GenerationResult result = engine.submit(request, GenerationListener.NONE).result().get();
        if (label != null) {
            System.out.println(label + ": " + result.stats().promptTokens() + " prompt tokens");
        }
        return result;
    }
}
