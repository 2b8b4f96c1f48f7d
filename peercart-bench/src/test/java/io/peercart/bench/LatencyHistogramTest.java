package io.peercart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void bucketsAreContiguousAndEachValueFallsInItsOwnBucket() {
        long previousHighest = -1;
        for (int i = 0; i < 3000; i++) {
            long highest = LatencyHistogram.highestEquivalent(i);
            assertThat(highest).isGreaterThan(previousHighest);
            assertThat(LatencyHistogram.indexOf(previousHighest + 1)).isEqualTo(i);
            assertThat(LatencyHistogram.indexOf(highest)).isEqualTo(i);
            previousHighest = highest;
        }
    }

    @Test
    void percentilesAreWithinTheBucketPrecision() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v);
        }
        assertThat((double) h.percentileMicros(50)).isCloseTo(50_000, within(50_000 * 0.016));
        assertThat((double) h.percentileMicros(99)).isCloseTo(99_000, within(99_000 * 0.016));
        assertThat(h.percentileMicros(100)).isEqualTo(100_000);
        assertThat(h.meanMicros()).isCloseTo(50_000.5, within(0.01));
    }

    @Test
    void mergedHistogramsCountEverything() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            a.record(random.nextInt(1000));
            b.record(5000 + random.nextInt(1000));
        }
        a.add(b);
        assertThat(a.count()).isEqualTo(2000);
        assertThat(a.percentileMicros(25)).isLessThan(1000);
        assertThat(a.percentileMicros(75)).isBetween(5000L, 6100L);
        assertThat(new LatencyHistogram().percentileMicros(99)).isZero();
    }
}
