package de.kherud.llama;

import java.util.Map;
import java.util.StringJoiner;

/**
 * Our own bridge (not part of java-llama.cpp) to two fields of llama.cpp's completion request that
 * java-llama.cpp 4.2.0 has no setter for: {@code id_slot} and {@code lora}. Its JNI code hands the request JSON
 * to llama.cpp's server code (b4916) as it is, and that code reads both fields; the JSON is built from the
 * package-private map of {@link JsonParameters}, which is why this class lives in java-llama.cpp's package.
 */
public final class SlotRequests {

    private SlotRequests() {
    }

    /**
     * Runs the request on llama.cpp slot {@code slot} (0-based). llama.cpp defers a request whose slot is busy
     * until it is free; the engine only sends a request to a slot it knows is free.
     */
    public static InferenceParameters onSlot(InferenceParameters parameters, int slot) {
        if (slot < 0) {
            throw new IllegalArgumentException("slot must be 0 or more, got " + slot);
        }
        parameters.parameters.put("id_slot", Integer.toString(slot));
        return parameters;
    }

    /**
     * Sets the scale of every adapter loaded with the model for this request: adapters not in {@code scales} get 0,
     * i.e. are off. An empty map is the base model alone.
     *
     * @param scales adapter index (the order the adapters were given at load) to scale
     */
    public static InferenceParameters withLoraScales(InferenceParameters parameters, Map<Integer, Float> scales) {
        StringJoiner json = new StringJoiner(", ", "[", "]");
        scales.forEach((id, scale) -> {
            if (id < 0 || !Float.isFinite(scale)) {
                throw new IllegalArgumentException("invalid LoRA id " + id + " or scale " + scale);
            }
            json.add("{\"id\": " + id + ", \"scale\": " + scale + "}");
        });
        parameters.parameters.put("lora", json.toString());
        return parameters;
    }
}
