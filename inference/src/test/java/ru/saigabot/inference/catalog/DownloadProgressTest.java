package ru.saigabot.inference.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Progress figures: the rate, the fraction and how sizes read. */
class DownloadProgressTest {

    private final AtomicLong now = new AtomicLong();
    private final SpeedMeter meter = new SpeedMeter(now::get, TimeUnit.SECONDS.toNanos(5));

    @Test
    void theRateIsBytesOverTheRecentWindow() {
        meter.restart(1_000_000); // resumed: the bytes already there are no speed
        assertThat(rateAt(1, 3_000_000)).isCloseTo(2_000_000, Offset.offset(1.0));
        assertThat(rateAt(2, 5_000_000)).isCloseTo(2_000_000, Offset.offset(1.0));
    }

    @Test
    void oldSamplesLeaveTheWindow() {
        meter.restart(0);
        for (int second = 1; second <= 10; second++) {
            rateAt(second, second * 1_000_000L); // 1 MB/s for ten seconds
        }
        assertThat(rateAt(11, 10_000_000L)).as("a stop shows within the window").isLessThan(900_000);
        assertThat(rateAt(20, 10_000_000L)).isZero();
    }

    @Test
    void theFractionNeedsATotal() {
        assertThat(new DownloadProgress(250, OptionalLong.of(1000), 0).fraction()).hasValue(0.25);
        assertThat(new DownloadProgress(250, OptionalLong.empty(), 0).fraction()).isEmpty();
    }

    @Test
    void sizesReadLikeTheHubShowsThem() {
        assertThat(ByteSizes.format(0)).isEqualTo("0 B");
        assertThat(ByteSizes.format(999)).isEqualTo("999 B");
        assertThat(ByteSizes.format(748_032)).isEqualTo("748 kB");
        assertThat(ByteSizes.format(4_920_734_016L)).isEqualTo("4.92 GB");
        assertThat(ByteSizes.format(13_022_368_640L)).isEqualTo("13.0 GB");
        assertThat(ByteSizes.format(999_999)).isEqualTo("1.00 MB");
    }

    private double rateAt(long second, long bytes) {
        now.set(TimeUnit.SECONDS.toNanos(second));
        return meter.record(bytes);
    }
}
