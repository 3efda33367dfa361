package ru.saigabot.inference.gguf;

/**
 * IEEE 754 half precision conversions (Java 17 has no {@code Float.floatToFloat16}). Rounds to nearest, ties to
 * even, like ggml's {@code GGML_FP32_TO_FP16} on CPUs with F16C.
 */
final class Float16 {

    private Float16() {
    }

    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7F_FFFF;
        if (exponent == 0xFF) { // infinity stays infinity; NaN stays a (quiet) NaN
            return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1F) {
            return (short) (sign | 0x7C00); // too big: infinity
        }
        if (halfExponent <= 0) { // a half subnormal, or zero
            if (halfExponent < -10) {
                return (short) sign;
            }
            int shift = 14 - halfExponent;
            return (short) (sign | roundShift(mantissa | 0x80_0000, shift));
        }
        // A carry out of the mantissa correctly bumps the exponent (and the largest values up to infinity).
        return (short) (sign | ((halfExponent << 10) + roundShift(mantissa, 13)));
    }

    static float toFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** {@code value >> shift}, rounded to nearest, ties to even. */
    private static int roundShift(int value, int shift) {
        int result = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (result & 1) != 0)) {
            result++;
        }
        return result;
    }
}
