package io.peercart.core.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Trials;
import org.junit.jupiter.api.Test;

class LeasePolicyTest {
    private static final long MAX_CHUNK = 100;
    /** Tries per property, as before the move to plain JUnit. */
    private static final int TRIES = 1_000;

    @Test
    void plentyOfStockGivesAFullChunk() {
        assertThat(LeasePolicy.chunk(10_000, 1, MAX_CHUNK)).isEqualTo(MAX_CHUNK);
    }

    @Test
    void lowStockGivesAQuarterOfWhatIsLeft() {
        assertThat(LeasePolicy.chunk(200, 1, MAX_CHUNK)).isEqualTo(50);
        assertThat(LeasePolicy.chunk(40, 1, MAX_CHUNK)).isEqualTo(10);
        assertThat(LeasePolicy.chunk(10, 1, MAX_CHUNK)).isEqualTo(3);
    }

    @Test
    void theQuarterIsRoundedUpSoTheLastUnitsCanBeLeased() {
        assertThat(LeasePolicy.chunk(3, 1, MAX_CHUNK)).isEqualTo(1);
        assertThat(LeasePolicy.chunk(1, 1, MAX_CHUNK)).isEqualTo(1);
    }

    @Test
    void aLargeOrderGetsAtLeastWhatItWants() {
        assertThat(LeasePolicy.chunk(40, 30, MAX_CHUNK)).isEqualTo(30);
        assertThat(LeasePolicy.chunk(10_000, 500, MAX_CHUNK)).isEqualTo(500);
    }

    @Test
    void neverMoreThanAvailable() {
        assertThat(LeasePolicy.chunk(5, 8, MAX_CHUNK)).isEqualTo(5);
    }

    @Test
    void nothingWhenNothingIsAvailable() {
        assertThat(LeasePolicy.chunk(0, 1, MAX_CHUNK)).isZero();
        assertThat(LeasePolicy.chunk(-3, 1, MAX_CHUNK)).isZero();
    }

    @Test
    void nothingWhenNothingIsWanted() {
        assertThat(LeasePolicy.chunk(100, 0, MAX_CHUNK)).isZero();
        assertThat(LeasePolicy.chunk(100, -1, MAX_CHUNK)).isZero();
    }

    @Test
    void chunkIsWithinAvailable() {
        Trials.run(TRIES, g -> {
            long available = g.note("available", g.between(0L, 100_000_000L));
            int wanted = g.note("wanted", g.between(1, 10_000));
            long maxChunk = g.note("maxChunk", g.between(1L, 100_000L));
            long chunk = LeasePolicy.chunk(available, wanted, maxChunk);
            assertThat(chunk).isBetween(0L, available);
            if (available > 0) assertThat(chunk).isPositive();
        });
    }

    @Test
    void chunkCoversWhatIsWantedWhenAvailable() {
        Trials.run(TRIES, g -> {
            long available = g.note("available", g.between(1L, 100_000_000L));
            int wanted = g.note("wanted", g.between(1, 10_000));
            long maxChunk = g.note("maxChunk", g.between(1L, 100_000L));
            long chunk = LeasePolicy.chunk(available, wanted, maxChunk);
            assertThat(chunk).isGreaterThanOrEqualTo(Math.min(wanted, available));
        });
    }

    @Test
    void chunkIsNoLargerThanMaxChunkUnlessMoreIsWanted() {
        Trials.run(TRIES, g -> {
            long available = g.note("available", g.between(1L, 100_000_000L));
            int wanted = g.note("wanted", g.between(1, 10_000));
            long maxChunk = g.note("maxChunk", g.between(1L, 100_000L));
            assertThat(LeasePolicy.chunk(available, wanted, maxChunk)).isLessThanOrEqualTo(Math.max(wanted, maxChunk));
        });
    }

    @Test
    void chunksShrinkAsStockRunsLow() {
        Trials.run(TRIES, g -> {
            long available = g.note("available", g.between(1L, 100_000_000L));
            long less = g.note("less", g.between(1L, 100_000_000L));
            int wanted = g.note("wanted", g.between(1, 10_000));
            long maxChunk = g.note("maxChunk", g.between(1L, 100_000L));
            long lower = Math.max(0, available - less);
            assertThat(LeasePolicy.chunk(lower, wanted, maxChunk))
                    .isLessThanOrEqualTo(LeasePolicy.chunk(available, wanted, maxChunk));
        });
    }

    @Test
    void aSingleNodeNeverTakesMoreThanAQuarterOfLowStock() {
        Trials.run(TRIES, g -> {
            long available = g.note("available", g.between(4L, 1_000L));
            long maxChunk = g.note("maxChunk", g.between(1_000L, 100_000L));
            assertThat(LeasePolicy.chunk(available, 1, maxChunk)).isLessThanOrEqualTo((available + 3) / 4);
        });
    }
}
