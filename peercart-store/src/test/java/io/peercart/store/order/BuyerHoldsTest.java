package io.peercart.store.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Buyers' holds: never past the limit, given back, the map sized by the heap, busy buyers kept, never more than the truth. */
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

    /**
     * A sale with more buyers than the map holds: a buyer who bought and keeps coming back stays
     * known while thousands of new buyers pass (the old map started over when full and forgot
     * them all), and the map stays within its bound.
     */
    @Test
    void aBuyerSeenAgainStaysKnownWhileManyNewOnesPass() {
        BuyerHolds holds = new BuyerHolds(100);
        String busy = BuyerHolds.key("shop", "act", "S-1", "busy");
        assertThat(holds.tryHold(busy, 1, 1)).isTrue();
        for (int i = 0; i < 5_000; i++) {
            assertThat(holds.tryHold(BuyerHolds.key("shop", "act", "S-1", "b" + i), 1, 1)).isTrue();
            if (i % 40 == 0) assertThat(holds.held(busy)).as("after %d new buyers", i + 1).isEqualTo(1);
            assertThat(holds.size()).isLessThanOrEqualTo(100);
        }
        assertThat(holds.tryHold(busy, 1, 1)).as("still refused without the database").isFalse();
        assertThat(holds.held(BuyerHolds.key("shop", "act", "S-1", "b0"))).as("a buyer not seen again is forgotten").isZero();
    }

    @Test
    void aReleaseAfterTheGenerationsTurnedOverGivesTheUnitBack() {
        BuyerHolds holds = new BuyerHolds(4); // generations of 2
        String key = BuyerHolds.key("shop", "act", "S-1", "b");
        assertThat(holds.tryHold(key, 1, 2)).isTrue();
        holds.tryHold(BuyerHolds.key("shop", "act", "S-1", "x"), 1, 1);
        holds.tryHold(BuyerHolds.key("shop", "act", "S-1", "y"), 1, 1); // turns over: b is in the older generation
        assertThat(holds.tryHold(key, 1, 2)).as("b's second unit moves b to the newer").isTrue();
        holds.release(key, 1);
        holds.release(key, 1);
        assertThat(holds.held(key)).isZero();
        assertThat(holds.tryHold(key, 2, 2)).isTrue();
    }

    /**
     * Holds and releases from many threads while the generations turn over every few buyers, then
     * every unit given back: the map then knows of no hold (a release lost in the generation an
     * entry just left would refuse a buyer who is entitled to buy).
     */
    @Test
    void neverMoreThanTheTruthWhileGenerationsTurnOver() throws Exception {
        BuyerHolds holds = new BuyerHolds(6);
        int buyers = 12, limit = 2;
        AtomicIntegerArray truth = new AtomicIntegerArray(buyers);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            SplittableRandom random = new SplittableRandom(t);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                List<Integer> inFlight = new ArrayList<>(); // this thread's held units, by buyer
                for (int i = 0; i < 200_000; i++) {
                    if (random.nextBoolean() || inFlight.isEmpty()) {
                        int b = random.nextInt(buyers);
                        String key = BuyerHolds.key("shop", "act", "S-1", "b" + b);
                        holds.held(key); // a look moves the buyer to the newer generation
                        if (holds.tryHold(key, 1, limit)) {
                            truth.incrementAndGet(b);
                            inFlight.add(b);
                        }
                    } else { // an order refused by the database: its unit given back
                        int b = inFlight.remove(random.nextInt(inFlight.size()));
                        truth.decrementAndGet(b);
                        holds.release(BuyerHolds.key("shop", "act", "S-1", "b" + b), 1);
                    }
                }
                for (int b : inFlight) { // the rest given back too: then no buyer holds anything
                    truth.decrementAndGet(b);
                    holds.release(BuyerHolds.key("shop", "act", "S-1", "b" + b), 1);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) t.join();
        for (int b = 0; b < buyers; b++) {
            assertThat(truth.get(b)).isZero();
            assertThat(holds.held(BuyerHolds.key("shop", "act", "S-1", "b" + b))).as("buyer %d, who holds nothing", b).isZero();
        }
        assertThat(holds.size()).isLessThanOrEqualTo(6);
    }
}
