package ru.saigabot.inference.gguf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A metadata value with its exact GGUF type. The type matters: llama.cpp reads keys type-strictly (a
 * {@code llama.block_count} stored as int32 instead of uint32 is refused), so a value remembers whether it is, say,
 * a uint32 or an int64 even though both are held in a Java {@code long}.
 */
public sealed interface GgufValue
        permits GgufValue.IntValue, GgufValue.FloatValue, GgufValue.BoolValue, GgufValue.StringValue,
        GgufValue.ArrayValue {

    GgufValueType type();

    /**
     * Any integer type. Unsigned values are held as their numeric value, except uint64, which is held as its raw
     * 64 bits (so values above {@link Long#MAX_VALUE} are negative; see {@link Long#toUnsignedString(long)}).
     */
    record IntValue(GgufValueType type, long value) implements GgufValue {
        public IntValue {
            Objects.requireNonNull(type, "type");
            if (!type.isInteger()) {
                throw new IllegalArgumentException(type + " is not an integer type");
            }
            if (!fits(type, value)) {
                throw new IllegalArgumentException(value + " does not fit in " + type);
            }
        }

        private static boolean fits(GgufValueType type, long v) {
            switch (type) {
                case UINT8: return v >= 0 && v <= 0xFF;
                case INT8: return v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
                case UINT16: return v >= 0 && v <= 0xFFFF;
                case INT16: return v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
                case UINT32: return v >= 0 && v <= 0xFFFF_FFFFL;
                case INT32: return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
                default: return true; // UINT64 (raw bits), INT64
            }
        }

        @Override
        public String toString() {
            return type == GgufValueType.UINT64 ? Long.toUnsignedString(value) : Long.toString(value);
        }
    }

    /** float32 or float64; a float32 is held widened to double, which is exact. */
    record FloatValue(GgufValueType type, double value) implements GgufValue {
        public FloatValue {
            Objects.requireNonNull(type, "type");
            if (!type.isFloat()) {
                throw new IllegalArgumentException(type + " is not a floating point type");
            }
            if (type == GgufValueType.FLOAT32 && !Double.isNaN(value) && (double) (float) value != value) {
                throw new IllegalArgumentException(value + " is not exactly representable as float32");
            }
        }

        @Override
        public String toString() {
            return type == GgufValueType.FLOAT32 ? Float.toString((float) value) : Double.toString(value);
        }
    }

    record BoolValue(boolean value) implements GgufValue {
        @Override
        public GgufValueType type() {
            return GgufValueType.BOOL;
        }

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** A UTF-8 string (GGUF strings are length-prefixed, not NUL-terminated, and may contain any character). */
    record StringValue(String value) implements GgufValue {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public GgufValueType type() {
            return GgufValueType.STRING;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** A homogeneous array; GGUF allows arrays of arrays, whose inner arrays may differ in element type. */
    record ArrayValue(GgufValueType elementType, List<GgufValue> elements) implements GgufValue {
        public ArrayValue {
            Objects.requireNonNull(elementType, "elementType");
            elements = List.copyOf(elements);
            for (GgufValue element : elements) {
                if (element.type() != elementType) {
                    throw new IllegalArgumentException(
                            "an array of " + elementType + " cannot hold a " + element.type());
                }
            }
        }

        @Override
        public GgufValueType type() {
            return GgufValueType.ARRAY;
        }

        public int size() {
            return elements.size();
        }

        @Override
        public String toString() {
            int shown = Math.min(elements.size(), 8);
            String head = elements.subList(0, shown).toString();
            return elementType + "[" + elements.size() + "] "
                    + (shown < elements.size() ? head.substring(0, head.length() - 1) + ", ...]" : head);
        }
    }

    static IntValue uint8(int value) {
        return new IntValue(GgufValueType.UINT8, value);
    }

    static IntValue int8(int value) {
        return new IntValue(GgufValueType.INT8, value);
    }

    static IntValue uint16(int value) {
        return new IntValue(GgufValueType.UINT16, value);
    }

    static IntValue int16(int value) {
        return new IntValue(GgufValueType.INT16, value);
    }

    static IntValue uint32(long value) {
        return new IntValue(GgufValueType.UINT32, value);
    }

    static IntValue int32(int value) {
        return new IntValue(GgufValueType.INT32, value);
    }

    /** @param bits the value's 64 bits, read as unsigned */
    static IntValue uint64(long bits) {
        return new IntValue(GgufValueType.UINT64, bits);
    }

    static IntValue int64(long value) {
        return new IntValue(GgufValueType.INT64, value);
    }

    static FloatValue float32(float value) {
        return new FloatValue(GgufValueType.FLOAT32, value);
    }

    static FloatValue float64(double value) {
        return new FloatValue(GgufValueType.FLOAT64, value);
    }

    static BoolValue bool(boolean value) {
        return new BoolValue(value);
    }

    static StringValue string(String value) {
        return new StringValue(value);
    }

    static ArrayValue array(GgufValueType elementType, List<? extends GgufValue> elements) {
        return new ArrayValue(elementType, List.copyOf(elements));
    }

    static ArrayValue stringArray(List<String> values) {
        List<GgufValue> elements = new ArrayList<>(values.size());
        for (String value : values) {
            elements.add(new StringValue(value));
        }
        return new ArrayValue(GgufValueType.STRING, elements);
    }

    static ArrayValue float32Array(float... values) {
        List<GgufValue> elements = new ArrayList<>(values.length);
        for (float value : values) {
            elements.add(float32(value));
        }
        return new ArrayValue(GgufValueType.FLOAT32, elements);
    }

    static ArrayValue int32Array(int... values) {
        List<GgufValue> elements = new ArrayList<>(values.length);
        for (int value : values) {
            elements.add(int32(value));
        }
        return new ArrayValue(GgufValueType.INT32, elements);
    }
}
