package io.peercart.store;

import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.order.Order;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.activity.ActivityAudience;
import io.peercart.store.activity.OrderBucket;
import io.peercart.store.fission.HelpFigures;
import io.peercart.store.order.BuyerFacts;
import io.peercart.store.order.OrderRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dashboard's figures on SQLite and on PostgreSQL: buyer-page visitors counted once each,
 * buyers new to the shop, orders and GMV per time bucket, and the helps' top initiators; nothing
 * of another shop's.
 */
@Timeout(60)
class AudienceStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void visitorsNewCustomersAndOrdersOverTime(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("audience", T0).shopId();
            String other = store.createShop("neighbour", T0).shopId();
            Activity earlier = seckill(shop, T0, T0, T0.plus(Duration.ofDays(1)), item("E-1", 500, 100, 5));
            Activity flash = seckill(shop, T0, T0, T0.plus(Duration.ofDays(1)), item("S-1", 9_900, 100, 5));
            Activity theirs = seckill(other, T0, T0, T0.plus(Duration.ofDays(1)), item("S-9", 100, 100, 5));
            for (Activity a : List.of(earlier, flash, theirs)) assertThat(store.createActivity(a, null).accepted()).isTrue();

            assertThat(store.visit(shop, flash.id(), "v1", T0)).isTrue();
            assertThat(store.visit(shop, flash.id(), "v1", T0.plusSeconds(5))).as("a visitor counts once").isFalse();
            assertThat(store.visit(shop, flash.id(), "v2", T0)).isTrue();
            assertThat(store.visit(other, theirs.id(), "v1", T0)).isTrue();

            // ann bought in this shop before: not new; bob and cat are; ann's and bob's second orders change nothing
            store.placeOrder(earlier, "ann", "E-1", 1, T0.plusSeconds(10), null);
            Instant minute1 = T0.plusSeconds(60);
            Order a1 = store.placeOrder(flash, "ann", "S-1", 1, minute1.plusSeconds(1), null).value();
            Order b1 = store.placeOrder(flash, "bob", "S-1", 2, minute1.plusSeconds(2), null).value();
            store.placeOrder(flash, "bob", "S-1", 1, minute1.plusSeconds(3), null);
            store.placeOrder(flash, "cat", "S-1", 1, T0.plusSeconds(180), null);
            store.placeOrder(theirs, "dan", "S-9", 1, minute1, null);
            store.pay(shop, a1.id(), "pay-a1", minute1.plusSeconds(30), null);
            store.pay(shop, b1.id(), "pay-b1", T0.plusSeconds(125), null);

            assertThat(store.audience(shop, flash.id())).isEqualTo(new ActivityAudience(2, 2));
            assertThat(store.audience(other, flash.id())).isEqualTo(new ActivityAudience(0, 0));

            List<OrderBucket> series = store.orderSeries(shop, flash.id(), T0, T0.plusSeconds(600), 60);
            assertThat(series).containsExactly(
                    new OrderBucket(minute1, 3, 1, 9_900),
                    new OrderBucket(T0.plusSeconds(120), 0, 1, 19_800),
                    new OrderBucket(T0.plusSeconds(180), 1, 0, 0));
            assertThat(store.orderSeries(shop, flash.id(), T0.plusSeconds(120), T0.plusSeconds(180), 60))
                    .as("the range bounds both counts").containsExactly(new OrderBucket(T0.plusSeconds(120), 0, 1, 19_800));
            assertThat(store.orderSeries(other, flash.id(), T0, T0.plusSeconds(600), 60)).isEmpty();
        }
    }

    /**
     * Orders placed and paid on the very milliseconds of the range's and the buckets' edges: from
     * is in, to is out, a bucket starts on its first millisecond. Ids are minted from the wall
     * clock, not from the order's time, so a read that took the range as an id range would miss
     * every order here.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void ordersOnTheEdgesOfTheRangeAndOfTheBuckets(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("edges", T0).shopId();
            Activity flash = seckill(shop, T0, T0, T0.plus(Duration.ofDays(1)), item("S-1", 100, 100, 5));
            assertThat(store.createActivity(flash, null).accepted()).isTrue();
            Instant from = T0.plusSeconds(60), to = T0.plusSeconds(180);
            Order before = store.placeOrder(flash, "b1", "S-1", 1, from.minusMillis(1), null).value();
            Order first = store.placeOrder(flash, "b2", "S-1", 1, from, null).value();
            store.placeOrder(flash, "b3", "S-1", 1, T0.plusMillis(119_999), null);
            store.placeOrder(flash, "b4", "S-1", 1, T0.plusSeconds(120), null);
            store.placeOrder(flash, "b5", "S-1", 1, to.minusMillis(1), null);
            Order after = store.placeOrder(flash, "b6", "S-1", 1, to, null).value();
            store.pay(shop, before.id(), "pay-before", from, null);
            store.pay(shop, first.id(), "pay-first", to.minusMillis(1), null);
            store.pay(shop, after.id(), "pay-after", to, null);

            assertThat(store.orderSeries(shop, flash.id(), from, to, 60)).containsExactly(
                    new OrderBucket(from, 2, 1, 100),
                    new OrderBucket(T0.plusSeconds(120), 2, 1, 100));
            assertThat(store.orderSeries(shop, flash.id(), from.minusMillis(1), to.plusMillis(1), 60)).containsExactly(
                    new OrderBucket(T0, 1, 0, 0),
                    new OrderBucket(from, 2, 1, 100),
                    new OrderBucket(T0.plusSeconds(120), 2, 1, 100),
                    new OrderBucket(to, 1, 1, 100));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void helpsWithTheirTopInitiators(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("helps", T0).shopId();
            Instant now = T0.plusSeconds(60);
            Activity presale = FissionStoreTest.presale(shop, 50_000, false);
            assertThat(store.createActivity(presale, null).accepted()).isTrue();
            Order ann = deposit(store, presale, "ann", now);
            Order bob = deposit(store, presale, "bob", now);
            for (String helper : List.of("h1", "h2", "h3"))
                assertThat(store.fission().help(shop, ann.id(), new BuyerFacts(helper, false, List.of(), "dev-" + helper), null, now, null).accepted()).isTrue();
            assertThat(store.fission().help(shop, bob.id(), new BuyerFacts("h4", false, List.of(), "dev-h4"), null, now, null).accepted()).isTrue();

            HelpFigures f = store.fission().helpFigures(shop, presale.id(), 10);
            assertThat(f.helps()).isEqualTo(4);
            assertThat(f.top()).extracting(HelpFigures.Initiator::buyerId).containsExactly("ann", "bob");
            assertThat(f.top().getFirst().helps()).isEqualTo(3);
            assertThat(f.credited()).isEqualTo(f.top().stream().mapToLong(HelpFigures.Initiator::credited).sum()).isPositive();
            assertThat(store.fission().helpFigures(shop, presale.id(), 1).top()).hasSize(1);
        }
    }

    private static Order deposit(Store store, Activity a, String buyer, Instant now) {
        Order o = store.place(a, new OrderRequest(BuyerFacts.of(buyer), "P1", 1, null, null, null, null), now, null).value().order();
        return store.pay(a.shopId(), o.id(), "pay-" + o.id(), now, null).value();
    }
}
