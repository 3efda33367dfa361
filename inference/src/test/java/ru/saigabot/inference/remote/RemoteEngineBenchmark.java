package ru.saigabot.inference.remote;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;

/**
 * What the remote engine itself costs, without a model: the SSE parser's throughput, and requests streamed from the
 * fake server on 127.0.0.1 (so the figures are the client's overhead, not a server's speed). A benchmark, not a test:
 * {@code java -cp <test classpath> ru.saigabot.inference.remote.RemoteEngineBenchmark [requests] [concurrency]
 * [deltas]}.
 */
public final class RemoteEngineBenchmark {
    private RemoteEngineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int deltas = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        parser();
        streaming(requests, concurrency, deltas);
    }

    private static void parser() {
        StringBuilder stream = new StringBuilder();
        String chunk = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Привет, мир 👋\"},"
                + "\"finish_reason\":null}]}\n\n";
        while (stream.length() < 8 << 20) {
            stream.append(chunk);
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 5; round++) {
            AtomicLong events = new AtomicLong();
            SseParser parser = new SseParser(data -> events.incrementAndGet());
            long start = System.nanoTime();
            for (int offset = 0; offset < bytes.length; offset += 1500) { // about one TCP segment per read
                parser.feed(ByteBuffer.wrap(bytes, offset, Math.min(1500, bytes.length - offset)));
            }
            parser.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("sse parser: %.0f MB/s, %.0f events/s%n", bytes.length / 1e6 / seconds,
                    events.get() / seconds);
        }
    }

    private static void streaming(int requests, int concurrency, int deltas) throws Exception {
        String[] pieces = new String[deltas];
        for (int i = 0; i < deltas; i++) {
            pieces[i] = "слово ";
        }
        ChatRequest request = new ChatRequest("bench", List.of(ChatMessage.user("Привет")), GenerationParams.DEFAULTS);
        try (FakeOpenAiServer server = FakeOpenAiServer.start().reply(FakeOpenAiServer.Reply.text(pieces));
             RemoteEngine engine = new RemoteEngine(RemoteEngineConfig.of(List.of(server.baseUrl()), "bench", null))) {
            for (int round = 0; round < 3; round++) {
                List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
                long start = System.nanoTime();
                List<CompletableFuture<?>> running = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    if (running.size() == concurrency) {
                        CompletableFuture.anyOf(running.toArray(new CompletableFuture<?>[0])).join();
                        running.removeIf(CompletableFuture::isDone);
                    }
                    long submitted = System.nanoTime();
                    Generation generation = engine.submit(request, delta -> { });
                    running.add(generation.result().thenAccept((GenerationResult result) ->
                            latencies.add(System.nanoTime() - submitted)));
                }
                CompletableFuture.allOf(running.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.MINUTES);
                double seconds = (System.nanoTime() - start) / 1e9;
                Collections.sort(latencies);
                System.out.printf("streaming: %d requests x %d deltas, %d at once: %.0f requests/s, %.0f deltas/s, "
                                + "p50 %.1f ms, p99 %.1f ms%n", requests, deltas, concurrency, requests / seconds,
                        (double) requests * deltas / seconds, latencies.get(latencies.size() / 2) / 1e6,
                        latencies.get(latencies.size() * 99 / 100) / 1e6);
            }
        }
    }
}
