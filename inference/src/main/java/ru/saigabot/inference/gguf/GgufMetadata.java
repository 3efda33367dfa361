package ru.saigabot.inference.gguf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The key-value metadata of a GGUF file: an immutable map in file order, with typed getters that fail with a
 * message naming the key. Build one with {@link #builder()}.
 */
public final class GgufMetadata {

    /** The key that sets the data alignment; llama.cpp wants it as a uint32 power of two. */
    public static final String ALIGNMENT_KEY = "general.alignment";

    private final Map<String, GgufValue> values;

    private GgufMetadata(Map<String, GgufValue> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All entries, in file order; unmodifiable. */
    public Map<String, GgufValue> asMap() {
        return values;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public int size() {
        return values.size();
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** @throws NoSuchElementException if absent; @throws IllegalArgumentException if not a string */
    public String getString(String key) {
        return as(key, GgufValue.StringValue.class, "a string").value();
    }

    public Optional<String> findString(String key) {
        return contains(key) ? Optional.of(getString(key)) : Optional.empty();
    }

    /** The value of any integer type; a uint64 above {@link Long#MAX_VALUE} is refused rather than wrapped. */
    public long getLong(String key) {
        GgufValue.IntValue v = as(key, GgufValue.IntValue.class, "an integer");
        if (v.type() == GgufValueType.UINT64 && v.value() < 0) {
            throw new ArithmeticException("metadata key '" + key + "' = " + v + " does not fit in a long");
        }
        return v.value();
    }

    public Optional<Long> findLong(String key) {
        return contains(key) ? Optional.of(getLong(key)) : Optional.empty();
    }

    /** The value of a float32 or float64. */
    public double getDouble(String key) {
        return as(key, GgufValue.FloatValue.class, "a float").value();
    }

    public boolean getBoolean(String key) {
        return as(key, GgufValue.BoolValue.class, "a bool").value();
    }

    public GgufValue.ArrayValue getArray(String key) {
        return as(key, GgufValue.ArrayValue.class, "an array");
    }

    public List<String> getStringList(String key) {
        GgufValue.ArrayValue array = getArray(key);
        if (array.elementType() != GgufValueType.STRING) {
            throw new IllegalArgumentException(
                    "metadata key '" + key + "' is an array of " + array.elementType() + ", not of strings");
        }
        List<String> strings = new ArrayList<>(array.size());
        for (GgufValue element : array.elements()) {
            strings.add(((GgufValue.StringValue) element).value());
        }
        return List.copyOf(strings);
    }

    private <T extends GgufValue> T as(String key, Class<T> kind, String description) {
        GgufValue value = values.get(key);
        if (value == null) {
            throw new NoSuchElementException("no metadata key '" + key + "'");
        }
        if (!kind.isInstance(value)) {
            throw new IllegalArgumentException(
                    "metadata key '" + key + "' is a " + value.type() + ", not " + description);
        }
        return kind.cast(value);
    }

    @Override
    public boolean equals(Object o) {
        // Order is part of a file's identity, so compare entry lists, not just the maps.
        return o instanceof GgufMetadata
                && new ArrayList<>(values.entrySet()).equals(new ArrayList<>(((GgufMetadata) o).values.entrySet()));
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Collects entries in insertion order; putting a key again replaces its value but keeps its place. */
    public static final class Builder {
        private final Map<String, GgufValue> values = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String key, GgufValue value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a metadata key must not be empty");
            }
            values.put(key, value);
            return this;
        }

        public Builder putAll(GgufMetadata metadata) {
            metadata.values.forEach(this::put);
            return this;
        }

        public Builder remove(String key) {
            values.remove(key);
            return this;
        }

        public Builder putString(String key, String value) {
            return put(key, GgufValue.string(value));
        }

        public Builder putUint32(String key, long value) {
            return put(key, GgufValue.uint32(value));
        }

        public Builder putInt32(String key, int value) {
            return put(key, GgufValue.int32(value));
        }

        public Builder putUint64(String key, long value) {
            return put(key, GgufValue.uint64(value));
        }

        public Builder putInt64(String key, long value) {
            return put(key, GgufValue.int64(value));
        }

        public Builder putFloat32(String key, float value) {
            return put(key, GgufValue.float32(value));
        }

        public Builder putFloat64(String key, double value) {
            return put(key, GgufValue.float64(value));
        }

        public Builder putBool(String key, boolean value) {
            return put(key, GgufValue.bool(value));
        }

        public Builder putStringArray(String key, List<String> values) {
            return put(key, GgufValue.stringArray(values));
        }

        public Builder putFloat32Array(String key, float... values) {
            return put(key, GgufValue.float32Array(values));
        }

        public Builder putInt32Array(String key, int... values) {
            return put(key, GgufValue.int32Array(values));
        }

        public GgufMetadata build() {
            return new GgufMetadata(values);
        }
    }
}
