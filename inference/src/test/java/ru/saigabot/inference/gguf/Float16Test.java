package ru.saigabot.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Float16Test {

    @Test
    void everyHalfSurvivesARoundTripThroughFloat() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            short half = (short) bits;
            float value = Float16.toFloat(half);
            if (Float.isNaN(value)) {
                assertThat(Float16.toFloat(Float16.fromFloat(value))).isNaN();
            } else {
                assertThat(Float16.fromFloat(value)).as("0x%04x", bits).isEqualTo(half);
            }
        }
    }

    @Test
    void knownValues() {
        assertThat(Float16.toFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(Float16.toFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(Float16.toFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Float16.fromFloat(-0f)).isEqualTo((short) 0x8000);
        assertThat(Float16.fromFloat(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7C00);
    }

    @Test
    void roundsToNearestWithTiesToEven() {
        assertThat(Float16.fromFloat(1 + 0x1p-11f)).isEqualTo((short) 0x3C00); // tie, down to even
        assertThat(Float16.fromFloat(1 + 3 * 0x1p-11f)).isEqualTo((short) 0x3C02); // tie, up to even
        assertThat(Float16.fromFloat(1 + 0x1p-11f + 0x1p-20f)).isEqualTo((short) 0x3C01);
        assertThat(Float16.fromFloat(65519f)).isEqualTo((short) 0x7BFF);
        assertThat(Float16.fromFloat(65520f)).isEqualTo((short) 0x7C00); // rounds up to infinity
        assertThat(Float16.fromFloat(0x1p-25f)).isEqualTo((short) 0); // tie between 0 and the least subnormal
        assertThat(Float16.fromFloat(0x1.8p-25f)).isEqualTo((short) 1);
        assertThat(Float16.fromFloat(0x1p-14f - 0x1p-26f)).isEqualTo((short) 0x0400); // carries into a normal
    }
}
