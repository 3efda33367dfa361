package ru.saigabot.bot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.InferenceEngine;

/** Answers straight from the engine, as {@code saiga-bot bench} gets them: no database, no HTTP, no queue of the bot. */
final class EngineStreams {
    private static final long TIMEOUT_MINUTES = 10;

    private EngineStreams() {}

    static StreamFigure answer(InferenceEngine engine, ChatRequest request) throws Exception {
        return answers(engine, List.of(request)).get(0);
    }

    /** Submits every request at once (each should have a requester of its own) and waits for all of them. */
    static List<StreamFigure> answers(InferenceEngine engine, List<ChatRequest> requests) throws Exception {
        List<Timed> timed = new ArrayList<>();
        List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
        for (ChatRequest request : requests) {
            Timed listener = new Timed(System.nanoTime());
            Generation generation = engine.submit(request, listener);
            timed.add(listener);
            results.add(generation.result());
        }
        List<StreamFigure> figures = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            GenerationResult result = results.get(i).get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            Timed listener = timed.get(i);
            figures.add(new StreamFigure(listener.sent, listener.first, listener.last,
                    result.stats().generatedTokens(), result.text(),
                    result.finishReason().name().toLowerCase(Locale.ROOT), null, result.stats().tokensPerSecond()));
        }
        return figures;
    }

    /** Notes when text comes; called on the engine's slot thread, so it only stores two numbers. */
    private static final class Timed implements GenerationListener {
        private final long sent;
        private volatile long first;
        private volatile long last;
        private volatile boolean any;

        Timed(long sent) {
            this.sent = sent;
        }

        @Override
        public void onText(String delta) {
            if (delta.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            if (!any) {
                first = now;
                any = true;
            }
            last = now;
        }
    }
}
