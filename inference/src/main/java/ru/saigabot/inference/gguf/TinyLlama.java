package ru.saigabot.inference.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a synthetic llama-architecture GGUF model with random weights and the {@link TinyVocabulary}, which
 * llama.cpp (b4916) loads, tokenizes Russian and English with, and generates from (gibberish, but
 * deterministically). For tests: {@code TinyLlama.write(dir.resolve("tiny.gguf"))}.
 *
 * <p>Tensors use ggml's dimension order, {@code [ne0, ne1]} with ne0 the row length, i.e. {@code [n_in, n_out]}
 * for a projection: {@code attn_q [n_embd, n_embd]}, {@code attn_k/v [n_embd, n_embd_kv]},
 * {@code ffn_gate/up [n_embd, n_ff]}, {@code ffn_down [n_ff, n_embd]}, {@code token_embd} and {@code output}
 * {@code [n_embd, n_vocab]}. llama.cpp checks every shape, refuses a missing or an extra tensor, and reads the
 * {@code llama.*} keys type-strictly (sizes as uint32, epsilon and RoPE base as float32).
 *
 * <p>{@link TinyLora} writes LoRA adapters for these models from the same spec, using {@link #matrices}.
 */
public final class TinyLlama {

    /** ggml's quantisation format version, which llama.cpp's converters always record. */
    private static final int QUANTIZATION_VERSION = 2;
    /** llama.cpp's {@code LLAMA_FTYPE_MOSTLY_Q4_K_M}. */
    private static final int LLAMA_FTYPE_MOSTLY_Q4_K_M = 15;

    private TinyLlama() {
    }

    /**
     * A weight matrix of the model, GGUF shape {@code [ne0, ne1]}.
     *
     * @param name e.g. {@code blk.0.attn_q.weight}
     */
    public record Matrix(String name, long ne0, long ne1) {
    }

    /** Writes {@link TinyLlamaSpec#tiny()} to {@code path} (about 1 MB, a few milliseconds). */
    public static GgufFile write(Path path) throws IOException {
        return write(path, TinyLlamaSpec.tiny());
    }

    public static GgufFile write(Path path, TinyLlamaSpec spec) throws IOException {
        return GgufWriter.write(path, metadata(spec), tensors(spec));
    }

    public static GgufMetadata metadata(TinyLlamaSpec spec) {
        TinyVocabulary vocab = TinyVocabulary.create(spec.vocabSize(), spec.addedTokens());
        GgufMetadata.Builder meta = GgufMetadata.builder()
                .putString("general.architecture", "llama")
                .putString("general.name", spec.name())
                .putUint32("general.file_type", spec.mix() == QuantMix.Q4_K_M ? LLAMA_FTYPE_MOSTLY_Q4_K_M
                        : spec.weightType().llamaFileType())
                .putUint32("general.quantization_version", QUANTIZATION_VERSION)
                .putUint32("llama.context_length", spec.contextLength())
                .putUint32("llama.embedding_length", spec.embeddingLength())
                .putUint32("llama.block_count", spec.blockCount())
                .putUint32("llama.feed_forward_length", spec.feedForwardLength())
                .putUint32("llama.attention.head_count", spec.headCount())
                .putUint32("llama.attention.head_count_kv", spec.headCountKv())
                // llama.cpp refuses a llama model whose rotary dimensions differ from the head size
                .putUint32("llama.rope.dimension_count", spec.headSize())
                .putFloat32("llama.attention.layer_norm_rms_epsilon", spec.rmsEpsilon())
                .putFloat32("llama.rope.freq_base", spec.ropeFreqBase())
                .putUint32("llama.vocab_size", vocab.size())
                .putString("tokenizer.ggml.model", "llama") // SentencePiece with byte fallback
                .putStringArray("tokenizer.ggml.tokens", vocab.tokens())
                // llama.cpp takes these two arrays' raw data as float[] and int[]: float32 and int32 only
                .putFloat32Array("tokenizer.ggml.scores", vocab.scores())
                .putInt32Array("tokenizer.ggml.token_type", vocab.types())
                .putUint32("tokenizer.ggml.bos_token_id", TinyVocabulary.BOS_ID)
                .putUint32("tokenizer.ggml.eos_token_id", TinyVocabulary.EOS_ID)
                .putUint32("tokenizer.ggml.unknown_token_id", TinyVocabulary.UNK_ID)
                // our chat templates write <s> themselves, so llama.cpp must not add one
                .putBool("tokenizer.ggml.add_bos_token", false)
                .putBool("tokenizer.ggml.add_eos_token", false);
        if (spec.keyLength() > 0) {
            meta.putUint32("llama.attention.key_length", spec.keyLength())
                    .putUint32("llama.attention.value_length", spec.keyLength());
        }
        if (spec.chatTemplate() != null) {
            meta.putString("tokenizer.chat_template", spec.chatTemplate());
        }
        return meta.build();
    }

    /** The weight matrices, in the order they are written (norms, which are vectors, are not included). */
    public static List<Matrix> matrices(TinyLlamaSpec spec) {
        long embd = spec.embeddingLength();
        long kv = spec.kvEmbeddingLength();
        long ff = spec.feedForwardLength();
        long q = spec.queryEmbeddingLength();
        List<Matrix> matrices = new ArrayList<>();
        matrices.add(new Matrix("token_embd.weight", embd, spec.vocabSize()));
        for (int i = 0; i < spec.blockCount(); i++) {
            String block = "blk." + i + ".";
            matrices.add(new Matrix(block + "attn_q.weight", embd, q));
            matrices.add(new Matrix(block + "attn_k.weight", embd, kv));
            matrices.add(new Matrix(block + "attn_v.weight", embd, kv));
            matrices.add(new Matrix(block + "attn_output.weight", q, embd));
            matrices.add(new Matrix(block + "ffn_gate.weight", embd, ff));
            matrices.add(new Matrix(block + "ffn_down.weight", ff, embd));
            matrices.add(new Matrix(block + "ffn_up.weight", embd, ff));
        }
        matrices.add(new Matrix("output.weight", embd, spec.vocabSize()));
        return matrices;
    }

    /**
     * Makes {@code </s>} practically unreachable without changing anything else: every token embedding
     * gets a large constant in dimension 0, which dominates the residual stream, so after the final RMS
     * norm that dimension is large and positive at every position. The output matrix reads dimension 0
     * only for {@code </s>}, with a negative weight: its logit sits far below all others.
     */
    private static TensorData suppressingEndOfText(String name, TensorData weights) {
        if (name.equals("token_embd.weight")) {
            return sink -> weights.writeTo(rowsWithFirst(sink, row -> 1f));
        }
        if (name.equals("output.weight")) {
            return sink -> weights.writeTo(rowsWithFirst(sink, row -> row == TinyVocabulary.EOS_ID ? -3f : 0f));
        }
        return weights;
    }

    /** A sink that replaces the first value of every row (one token) with {@code first.apply(row)}. */
    private static FloatSink rowsWithFirst(FloatSink sink, java.util.function.IntFunction<Float> first) {
        return new FloatSink() {
            private int row;

            @Override
            public void put(float value) {
                throw new UnsupportedOperationException("random weights are written a row at a time");
            }

            @Override
            public void put(float[] values, int offset, int length) throws java.io.IOException {
                float[] copy = java.util.Arrays.copyOfRange(values, offset, offset + length);
                copy[0] = first.apply(row++);
                sink.put(copy, 0, copy.length);
            }
        };
    }

    /** All tensors: the {@link #matrices} with random weights, and the RMS norm weights (all 1.0, in F32). */
    public static List<GgufTensor> tensors(TinyLlamaSpec spec) {
        List<GgufTensor> tensors = new ArrayList<>();
        for (Matrix m : matrices(spec)) {
            String norm = normBefore(m.name());
            if (norm != null) {
                tensors.add(GgufTensor.of(norm, GgufTensorType.F32, TensorData.constant(1f, spec.embeddingLength()),
                        spec.embeddingLength()));
            }
            TensorData weights = RandomWeights.uniform(spec.seed(), m.name(), spec.weightScale(), m.ne0(), m.ne1());
            if (spec.endOfTextSuppressed()) {
                weights = suppressingEndOfText(m.name(), weights);
            }
            tensors.add(GgufTensor.of(m.name(), spec.typeOf(m.name()), weights, m.ne0(), m.ne1()));
        }
        return tensors;
    }

    /**
     * The RMS norm applied to the input of the group of matrices that starts with {@code matrix}, if it starts one.
     * Norms are F32 whatever the weights' type, as in real models: ggml's elementwise kernels want F32.
     */
    private static String normBefore(String matrix) {
        if (matrix.equals("output.weight")) {
            return "output_norm.weight";
        } else if (matrix.endsWith(".attn_q.weight")) {
            return matrix.replace(".attn_q.weight", ".attn_norm.weight");
        } else if (matrix.endsWith(".ffn_gate.weight")) {
            return matrix.replace(".ffn_gate.weight", ".ffn_norm.weight");
        }
        return null;
    }
}
