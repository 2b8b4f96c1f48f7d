package io.peercart.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.limit.RateLimits.Kind;
import io.peercart.core.limit.RateLimits.Scope;
import org.junit.jupiter.api.Test;

/** The local buckets' budget and their bound: full buckets are dropped, spending ones kept while there is room. */
class LocalBucketsTest {
    @Test
    void aBudgetIsSpentThenRefusedWithTheWait() {
        LocalBuckets b = new LocalBuckets(1_000);
        for (int i = 0; i < 3; i++) assertThat(b.tryConsume("s", Kind.ORDERS, Scope.BUYER, "k", 3)).isZero();
        assertThat(b.tryConsume("s", Kind.ORDERS, Scope.BUYER, "k", 3)).as("one refills every 20 s").isBetween(1L, 20_000_000_000L);
        assertThat(b.tryConsume("s", Kind.ORDERS, Scope.BUYER, "other", 3)).isZero();
        assertThat(b.tryConsume("s", Kind.ORDERS, Scope.BUYER, "k", 4)).as("a changed figure starts a full bucket").isZero();
    }

    @Test
    void eachShopKindAndScopeHasItsOwnBudgetAndASpentOneRefillsEvenly() {
        LocalBuckets b = new LocalBuckets(1_000);
        for (int i = 0; i < 600; i++) assertThat(b.tryConsume("s", Kind.ORDERS, Scope.BUYER, "k", 600)).isZero();
        long wait = b.tryConsume("s", Kind.ORDERS, Scope.BUYER, "k", 600);
        assertThat(wait).as("one refills every 100 ms").isBetween(1L, 100_000_000L);
        assertThat(b.tryConsume("s", Kind.ORDERS, Scope.IP, "k", 600)).isZero();
        assertThat(b.tryConsume("s", Kind.HELPS, Scope.BUYER, "k", 600)).isZero();
        assertThat(b.tryConsume("t", Kind.ORDERS, Scope.BUYER, "k", 600)).isZero();
        long deadline = System.nanoTime() + wait + 1_000_000_000L;
        long refilled;
        do { // a refused try spends nothing: the first try to pass is the refill
            refilled = b.tryConsume("s", Kind.ORDERS, Scope.BUYER, "k", 600);
        } while (refilled > 0 && System.nanoTime() < deadline);
        assertThat(refilled).as("refilled after the wait").isZero();
        assertThat(b.tryConsume("s", Kind.ORDERS, Scope.BUYER, "k", 600)).as("one token, not a burst").isPositive();
    }

    @Test
    void bucketsFullAgainAreDroppedAndTheMapStaysBounded() {
        LocalBuckets b = new LocalBuckets(10_000);
        // refilled within microseconds: full again by the next sweep, so the map never grows past a sweep's worth
        for (int i = 0; i < 50_000; i++) assertThat(b.tryConsume("s", Kind.ORDERS, Scope.BUYER, "fast-" + i, 10_000_000)).isZero();
        assertThat(b.size()).isLessThanOrEqualTo(LocalBuckets.SWEEP_AFTER + 1);
        // spent buckets (one a minute) are kept while there is room, then the bound holds
        for (int i = 0; i < 30_000; i++) b.tryConsume("s", Kind.ORDERS, Scope.BUYER, "slow-" + i, 1);
        assertThat(b.size()).isLessThanOrEqualTo(10_000);
        assertThat(b.tryConsume("s", Kind.ORDERS, Scope.BUYER, "slow-29999", 1)).as("the newest spent bucket is still there").isPositive();
    }
}
