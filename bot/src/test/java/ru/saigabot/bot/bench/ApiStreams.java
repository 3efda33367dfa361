package ru.saigabot.bot.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Streamed answers through the OpenAI-compatible API, read by OpenAI's own Java client as a program would read them.
 * One client per key: the bot runs a key's requests one at a time, so concurrent streams need a key each.
 */
final class ApiStreams implements AutoCloseable {
    private final List<OpenAIClient> clients = new ArrayList<>();
    private final ExecutorService threads;

    /** @param keys one per stream that may run at once */
    ApiStreams(String baseUrl, List<String> keys) {
        for (String key : keys) {
            // No retries: a refusal must show, not be hidden in a slower figure.
            clients.add(OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(key).maxRetries(0).build());
        }
        threads = Executors.newFixedThreadPool(keys.size());
    }

    /** The model the API serves. */
    String model() {
        return clients.get(0).models().list().data().get(0).id();
    }

    StreamFigure answer(ChatCompletionCreateParams params) {
        return answer(clients.get(0), params);
    }

    /** Sends {@code params.get(i)} with key {@code i}, all at the same moment, and waits for every stream to end. */
    List<StreamFigure> together(List<ChatCompletionCreateParams> params) throws Exception {
        if (params.size() > clients.size()) {
            throw new IllegalArgumentException(params.size() + " streams at once need as many keys, not "
                    + clients.size());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<StreamFigure>> running = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            OpenAIClient client = clients.get(i);
            ChatCompletionCreateParams request = params.get(i);
            running.add(threads.submit(() -> {
                start.await();
                return answer(client, request);
            }));
        }
        start.countDown();
        List<StreamFigure> figures = new ArrayList<>();
        for (Future<StreamFigure> stream : running) {
            figures.add(stream.get(10, TimeUnit.MINUTES));
        }
        return figures;
    }

    private static StreamFigure answer(OpenAIClient client, ChatCompletionCreateParams params) {
        long sent = System.nanoTime();
        long first = 0;
        long last = 0;
        boolean any = false;
        long tokens = -1;
        String finish = null;
        String id = null;
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                id = chunk.id();
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    String delta = choice.delta().content().orElse("");
                    if (!delta.isEmpty()) {
                        long now = System.nanoTime();
                        if (!any) {
                            first = now;
                            any = true;
                        }
                        last = now;
                        text.append(delta);
                    }
                    if (choice.finishReason().isPresent()) {
                        finish = choice.finishReason().get().asString();
                    }
                }
                if (chunk.usage().isPresent()) {
                    tokens = chunk.usage().get().completionTokens();
                }
            }
        }
        if (tokens < 0) {
            throw new IllegalStateException("the stream ended without usage; the request must ask for "
                    + "stream_options.include_usage");
        }
        return new StreamFigure(sent, first, last, (int) tokens, text.toString(), finish, id, Double.NaN);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        clients.forEach(OpenAIClient::close);
    }
}
