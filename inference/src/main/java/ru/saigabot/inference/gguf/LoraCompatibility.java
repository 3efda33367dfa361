package ru.saigabot.inference.gguf;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Whether a GGUF LoRA adapter fits a base model, checked on the two files' headers before llama.cpp loads them.
 * llama.cpp (b4916) makes the same checks, but a failure there only logs the reason and makes java-llama.cpp throw
 * "could not load model from given file path", which names neither the adapter nor the problem.
 *
 * <p>The rules are llama.cpp's adapter loader's: {@code general.type = "adapter"}, {@code adapter.type = "lora"},
 * the base model's {@code general.architecture}, and for every adapted matrix {@code W [n_in, n_out]} of the base
 * a pair {@code W.lora_a [n_in, r]}, {@code W.lora_b [r, n_out]}.
 */
public final class LoraCompatibility {

    private LoraCompatibility() {
    }

    /**
     * @return the adapted matrices' count
     * @throws GgufFormatException naming the adapter file and the first mismatch
     */
    public static int check(GgufFile base, GgufFile adapter) throws GgufFormatException {
        String type = adapter.metadata().findString("general.type").orElse("(none)");
        if (!type.equals("adapter")) {
            throw problem(adapter, "is not an adapter (general.type = " + type + "); pass a LoRA adapter converted "
                    + "with llama.cpp's convert_lora_to_gguf.py");
        }
        String adapterType = adapter.metadata().findString("adapter.type").orElse("(none)");
        if (!adapterType.equals("lora")) {
            throw problem(adapter, "is a " + adapterType + " adapter, not a LoRA (adapter.type)");
        }
        String baseArchitecture = base.architecture().orElse("(none)");
        String architecture = adapter.architecture().orElse("(none)");
        if (!architecture.equals(baseArchitecture)) {
            throw problem(adapter, "was made for a " + architecture + " model, but the base model "
                    + base.path().getFileName() + " is " + baseArchitecture);
        }
        Map<String, GgufTensorInfo> a = new HashMap<>();
        Map<String, GgufTensorInfo> b = new HashMap<>();
        for (GgufTensorInfo tensor : adapter.tensors()) {
            if (tensor.name().endsWith(".lora_a")) {
                a.put(tensor.name().substring(0, tensor.name().length() - 7), tensor);
            } else if (tensor.name().endsWith(".lora_b")) {
                b.put(tensor.name().substring(0, tensor.name().length() - 7), tensor);
            } else {
                throw problem(adapter, "has tensor " + tensor.name() + ", which is neither a .lora_a nor a .lora_b");
            }
        }
        if (a.isEmpty() && b.isEmpty()) {
            throw problem(adapter, "has no LoRA tensors");
        }
        TreeSet<String> matrices = new TreeSet<>(a.keySet());
        matrices.addAll(b.keySet());
        for (String matrix : matrices) {
            checkPair(base, adapter, matrix, a.get(matrix), b.get(matrix));
        }
        return matrices.size();
    }

    private static void checkPair(GgufFile base, GgufFile adapter, String matrix, GgufTensorInfo a, GgufTensorInfo b)
            throws GgufFormatException {
        if (a == null || b == null) {
            throw problem(adapter, "has " + matrix + (a == null ? ".lora_b without .lora_a" : ".lora_a without .lora_b"));
        }
        Optional<GgufTensorInfo> weight = base.tensor(matrix);
        if (weight.isEmpty()) {
            throw problem(adapter, "adapts " + matrix + ", which the base model " + base.path().getFileName()
                    + " does not have: the adapter was trained for another model");
        }
        GgufTensorInfo w = weight.get();
        if (a.ne(0) != w.ne(0) || b.ne(1) != w.ne(1) || a.ne(1) != b.ne(0)) {
            throw problem(adapter, "does not fit the base model " + base.path().getFileName() + ": " + matrix + " is "
                    + w.shape() + " but the adapter has lora_a " + a.shape() + " and lora_b " + b.shape()
                    + " (expected [" + w.ne(0) + ", r] and [r, " + w.ne(1) + "]); the adapter was trained for another "
                    + "model");
        }
    }

    private static GgufFormatException problem(GgufFile adapter, String what) {
        return new GgufFormatException(adapter.path(), "LoRA adapter " + what);
    }
}
