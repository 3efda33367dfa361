package ru.saigabot.inference;

/** Produces answers for chats. One engine serves many conversations at once. */
public interface InferenceEngine extends AutoCloseable {

    /** Queues a request; never blocks on the generation itself. */
    Generation submit(ChatRequest request, GenerationListener listener);

    /** The served model's name, stored with each answer. */
    String modelName();

    /** Cancels what runs, refuses new requests, and releases the model. */
    @Override
    void close();
}
