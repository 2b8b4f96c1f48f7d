package io.peercart.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.limit.RateLimits;
import io.peercart.core.limit.RateLimits.BudgetInput;
import io.peercart.core.limit.RateLimits.Kind;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.engine.Dialect;
import io.peercart.store.limit.SharedBuckets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A shop's rate limits, on both engines; and on PostgreSQL the buckets every node shares. */
class RateLimitStoreTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aShopHasTheDefaultsUntilItSetsItsOwnAndOnlyItsOwnChange(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(NOW);
            String a = store.createShop("a", NOW).shopId(), b = store.createShop("b", NOW).shopId();
            assertThat(store.rateLimits(a)).isEqualTo(RateLimits.DEFAULT);
            RateLimits mine = RateLimits.validate(false, Map.of(Kind.CODES, new BudgetInput(3, 4, 5))).value();
            assertThat(store.saveRateLimits(a, mine, NOW, null)).isEqualTo(mine);
            assertThat(store.rateLimits(a)).isEqualTo(mine);
            assertThat(store.rateLimits(b)).isEqualTo(RateLimits.DEFAULT);
            RateLimits again = RateLimits.validate(true, Map.of(Kind.READS, new BudgetInput(1, null, null))).value();
            store.saveRateLimits(a, again, NOW.plusSeconds(1), null);
            assertThat(store.rateLimits(a)).isEqualTo(again);
            assertThat(db.query("SELECT COUNT(*) FROM rate_limit_settings").getFirst().getFirst().toString()).isEqualTo("1");
            assertThat(store.sharedBuckets().isPresent()).isEqualTo(db.dialect() == Dialect.POSTGRES);
        }
    }

    @Test
    void twoNodesOnOneDatabaseSpendOneBudget() {
        try (TestDatabase db = StoreFixtures.postgresDatabase()) {
            SharedBuckets one = db.open(NOW).sharedBuckets().orElseThrow(), two = db.open(NOW).sharedBuckets().orElseThrow();
            int taken = 0;
            for (int i = 0; i < 10; i++) {
                if ((i % 2 == 0 ? one : two).tryConsume("shop_1|codes|BUYER|b1", 6) == 0) taken++;
            }
            assertThat(taken).as("six a minute between both nodes").isEqualTo(6);
            long wait = one.tryConsume("shop_1|codes|BUYER|b1", 6);
            assertThat(wait).as("one refills every 10 s").isBetween(1L, 10_000_000_000L);
            assertThat(two.tryConsume("shop_1|codes|BUYER|b2", 6)).as("another buyer's bucket").isZero();
            assertThat(one.tryConsume("shop_1|codes|BUYER|b1", 7)).as("a changed budget is a new bucket").isZero();
            assertThat(db.query("SELECT COUNT(*) FROM rate_limit_buckets WHERE expires_at IS NOT NULL").getFirst().getFirst().toString())
                    .isEqualTo("3");
            assertThat(one.purge()).as("nothing has expired yet").isZero();
        }
    }
}
