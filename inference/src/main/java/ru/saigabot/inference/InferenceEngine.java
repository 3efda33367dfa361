package ru.saigabot.inference;

/** Produces answers for chats. One engine serves many conversations at once. */
public interface InferenceEngine extends AutoCloseable {

    /** Queues a request; never blocks on the generation itself. */
    Generation submit(ChatRequest request, GenerationListener listener);

    /** The served model's name, stored with each answer. */
    String modelName();

    /** The LoRA adapters loaded with the model, which requests can switch on by name. */
    default java.util.List<String> adapters() {
        return java.util.List.of();
    }

    /** Cancels what runs, refuses new requests, and releases the model. */
    @Override
    void close();
}
