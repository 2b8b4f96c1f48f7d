package io.peercart.store.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Buyers' holds: never past the limit, given back, and the map sized by the heap. */
class BuyerHoldsTest {
    @Test
    void aHoldStopsAtTheLimitAndIsGivenBack() {
        BuyerHolds holds = new BuyerHolds();
        String key = BuyerHolds.key("shop", "act", "S-1", "b1");
        assertThat(holds.tryHold(key, 1, 1)).isTrue();
        assertThat(holds.tryHold(key, 1, 1)).isFalse();
        assertThat(holds.held(key)).isEqualTo(1);
        holds.release(key, 1);
        assertThat(holds.held(key)).isZero();
        assertThat(holds.tryHold(key, 1, 1)).isTrue();
    }

    @Test
    void anEighthOfTheHeapWithinItsBounds() {
        long launcherHeap = 174_272L << 10; // -Xmx176m as Runtime.maxMemory() reports it
        assertThat(BuyerHolds.limit(launcherHeap)).isEqualTo(139_417);
        assertThat(BuyerHolds.limit(8L << 30)).isEqualTo(1_000_000);
        assertThat(BuyerHolds.limit(1L << 20)).isEqualTo(10_000);
    }
}
