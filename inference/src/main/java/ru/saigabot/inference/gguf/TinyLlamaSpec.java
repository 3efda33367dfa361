package ru.saigabot.inference.gguf;

import java.util.List;
import java.util.Objects;

/**
 * The shape and contents of a synthetic llama-architecture model written by {@link TinyLlama}. {@link #tiny()} is
 * a model of about a megabyte for tests; {@link #toBuilder()} changes any part, e.g. for benchmark models shaped
 * like real ones ({@link #llama3_8bShape()}).
 *
 * @param name              {@code general.name}
 * @param embeddingLength   n_embd
 * @param blockCount        n_layer
 * @param headCount         n_head (query heads)
 * @param headCountKv       n_head_kv (grouped-query attention when fewer than n_head)
 * @param feedForwardLength n_ff
 * @param contextLength     n_ctx_train, the context the model claims to support
 * @param vocabSize         tokens; at least {@link TinyVocabulary#baseSize()}, the rest is unreachable padding
 * @param weightType        type of the weight matrices (token embeddings included); norms are always F32
 * @param rmsEpsilon        RMS norm epsilon
 * @param ropeFreqBase      RoPE theta
 * @param weightScale       standard deviation of the random weights
 * @param seed              seed of the random weights: same spec, same bytes
 * @param chatTemplate      {@code tokenizer.chat_template} (Jinja), or null for none
 * @param endOfTextSuppressed when true the model practically never emits {@code </s>}: its answers always run to
 *                          the token limit, so tests of streaming and of interrupting an answer do not depend on
 *                          where a random model happens to stop (see {@link TinyLlama#tensors})
 * @param keyLength         the attention head size when it is not {@code n_embd / n_head} (Mistral Nemo: 128 with
 *                          n_embd 5120 and 32 heads), written as {@code llama.attention.key_length}; 0 for the usual
 * @param mix               one type for every matrix, or llama.cpp's Q4_K_M mix
 * @param addedTokens       tokens after the ordinary pieces: a chat format's control tokens (see
 *                          {@link TinyVocabulary.AddedToken}); empty for the plain Llama-2-like vocabulary
 */
public record TinyLlamaSpec(String name, int embeddingLength, int blockCount, int headCount, int headCountKv,
                            int feedForwardLength, int contextLength, int vocabSize, GgufTensorType weightType,
                            float rmsEpsilon, float ropeFreqBase, float weightScale, long seed,
                            String chatTemplate, boolean endOfTextSuppressed, int keyLength, QuantMix mix,
                            List<TinyVocabulary.AddedToken> addedTokens) {

    public TinyLlamaSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weightType, "weightType");
        require(embeddingLength > 0 && blockCount > 0 && headCount > 0 && headCountKv > 0 && feedForwardLength > 0
                && contextLength > 0, "all sizes must be positive");
        Objects.requireNonNull(mix, "mix");
        require(keyLength >= 0, "keyLength must be 0 (n_embd / n_head) or positive");
        require(keyLength > 0 || embeddingLength % headCount == 0, "embeddingLength " + embeddingLength
                + " must be a multiple of headCount " + headCount);
        require(headCount % headCountKv == 0, "headCount " + headCount + " must be a multiple of headCountKv "
                + headCountKv);
        int head = keyLength > 0 ? keyLength : embeddingLength / headCount;
        require(head % 2 == 0, "the head size " + head + " must be even (RoPE rotates pairs)");
        for (GgufTensorType type : mix == QuantMix.UNIFORM ? List.of(weightType)
                : List.of(GgufTensorType.Q4_K, GgufTensorType.Q6_K)) {
            require(type.isWritable(), "cannot write " + type + " weights");
            require(embeddingLength % type.blockSize() == 0 && feedForwardLength % type.blockSize() == 0
                    && (long) head * headCount % type.blockSize() == 0,
                    type + " weights need embeddingLength, feedForwardLength and the query width in multiples of "
                            + type.blockSize());
        }
        addedTokens = List.copyOf(addedTokens);
        require(vocabSize >= TinyVocabulary.baseSize() + addedTokens.size(), "vocabSize must be at least "
                + (TinyVocabulary.baseSize() + addedTokens.size()));
        require(rmsEpsilon > 0 && ropeFreqBase > 0 && weightScale >= 0, "bad epsilon, RoPE base or weight scale");
    }

    /** About 1 MB: n_embd 64, 2 layers, 4 heads of 16 (2 KV heads), n_ff 128, F16 weights, ~1.5k tokens. */
    public static TinyLlamaSpec tiny() {
        return new TinyLlamaSpec("saiga-test-tiny-llama", 64, 2, 4, 2, 128, 4096, TinyVocabulary.baseSize(),
                GgufTensorType.F16, 1e-5f, 10000f, 0.02f, 42, null, false, 0, QuantMix.UNIFORM, List.of());
    }

    /**
     * Llama 3 8B's shapes (32 layers, n_embd 4096, 32/8 heads, n_ff 14336, 128256 tokens) in Q8_0: about 8.5 GB
     * of random weights, for benchmarks that need a real model's compute and memory traffic. Never write it in
     * unit tests.
     */
    public static TinyLlamaSpec llama3_8bShape() {
        return tiny().toBuilder().name("saiga-bench-llama3-8b-shape").embeddingLength(4096).blockCount(32)
                .headCount(32).headCountKv(8).feedForwardLength(14336).contextLength(8192).vocabSize(128256)
                .weightType(GgufTensorType.Q8_0).ropeFreqBase(500000f).build();
    }

    public int headSize() {
        return keyLength > 0 ? keyLength : embeddingLength / headCount;
    }

    /** Width of the query projection and of the attention output: n_embd_head * n_head. */
    public int queryEmbeddingLength() {
        return headSize() * headCount;
    }

    /** The type of one weight matrix, by its tensor name. */
    public GgufTensorType typeOf(String matrix) {
        return mix.typeOf(matrix, blockCount, weightType);
    }

    /** Width of the K and V projections: n_embd_head * n_head_kv. */
    public int kvEmbeddingLength() {
        return headSize() * headCountKv;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Changes some parts of a spec; start from {@link TinyLlamaSpec#toBuilder()}. */
    public static final class Builder {
        private String name;
        private int embeddingLength;
        private int blockCount;
        private int headCount;
        private int headCountKv;
        private int feedForwardLength;
        private int contextLength;
        private int vocabSize;
        private GgufTensorType weightType;
        private float rmsEpsilon;
        private float ropeFreqBase;
        private float weightScale;
        private long seed;
        private String chatTemplate;
        private boolean endOfTextSuppressed;
        private int keyLength;
        private QuantMix mix;
        private List<TinyVocabulary.AddedToken> addedTokens;

        private Builder(TinyLlamaSpec s) {
            name = s.name;
            embeddingLength = s.embeddingLength;
            blockCount = s.blockCount;
            headCount = s.headCount;
            headCountKv = s.headCountKv;
            feedForwardLength = s.feedForwardLength;
            contextLength = s.contextLength;
            vocabSize = s.vocabSize;
            weightType = s.weightType;
            rmsEpsilon = s.rmsEpsilon;
            ropeFreqBase = s.ropeFreqBase;
            weightScale = s.weightScale;
            seed = s.seed;
            chatTemplate = s.chatTemplate;
            endOfTextSuppressed = s.endOfTextSuppressed;
            keyLength = s.keyLength;
            mix = s.mix;
            addedTokens = s.addedTokens;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder embeddingLength(int value) {
            embeddingLength = value;
            return this;
        }

        public Builder blockCount(int value) {
            blockCount = value;
            return this;
        }

        public Builder headCount(int value) {
            headCount = value;
            return this;
        }

        public Builder headCountKv(int value) {
            headCountKv = value;
            return this;
        }

        public Builder feedForwardLength(int value) {
            feedForwardLength = value;
            return this;
        }

        public Builder contextLength(int value) {
            contextLength = value;
            return this;
        }

        public Builder vocabSize(int value) {
            vocabSize = value;
            return this;
        }

        public Builder weightType(GgufTensorType value) {
            weightType = value;
            return this;
        }

        public Builder rmsEpsilon(float value) {
            rmsEpsilon = value;
            return this;
        }

        public Builder ropeFreqBase(float value) {
            ropeFreqBase = value;
            return this;
        }

        public Builder weightScale(float value) {
            weightScale = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** @param value a Jinja chat template, or null for none */
        public Builder chatTemplate(String value) {
            chatTemplate = value;
            return this;
        }

        public Builder endOfTextSuppressed(boolean value) {
            endOfTextSuppressed = value;
            return this;
        }

        /** @param value the head size, or 0 for n_embd / n_head */
        public Builder keyLength(int value) {
            keyLength = value;
            return this;
        }

        public Builder mix(QuantMix value) {
            mix = value;
            return this;
        }

        /**
         * Replaces the added tokens; the vocabulary grows by as many tokens when {@code vocabSize} has no room for
         * them (the tiny model's has none).
         */
        public Builder addedTokens(List<TinyVocabulary.AddedToken> value) {
            vocabSize = Math.max(vocabSize, vocabSize - addedTokens.size() + value.size());
            addedTokens = value;
            return this;
        }

        public TinyLlamaSpec build() {
            return new TinyLlamaSpec(name, embeddingLength, blockCount, headCount, headCountKv, feedForwardLength,
                    contextLength, vocabSize, weightType, rmsEpsilon, ropeFreqBase, weightScale, seed, chatTemplate,
                    endOfTextSuppressed, keyLength, mix, addedTokens);
        }
    }
}
