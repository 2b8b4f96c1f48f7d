package io.peercart.store;

import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.member.Member;
import io.peercart.store.member.MemberHelp;
import io.peercart.store.order.BuyerFacts;
import io.peercart.store.order.OrderRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The member lookup on SQLite and on PostgreSQL: a buyer's orders by status and newest first, their
 * share links with visitors and arrivals, helps given and received, points alone enough to be
 * known, the list bound held, and nothing of the same buyer id in another shop.
 */
@Timeout(60)
class MemberStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aBuyersOrdersSharesHelpsAndPointsInOneLookup(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("members", T0).shopId();
            String other = store.createShop("neighbour", T0).shopId();
            Instant now = T0.plusSeconds(60);
            Activity flash = seckill(shop, T0, T0, T0.plus(Duration.ofDays(1)), item("S-1", 9_900, 100, 5));
            assertThat(store.createActivity(flash, null).accepted()).isTrue();
            Activity theirs = seckill(other, T0, T0, T0.plus(Duration.ofDays(1)), item("S-9", 100, 100, 5));
            assertThat(store.createActivity(theirs, null).accepted()).isTrue();
            Order first = store.placeOrder(flash, "ann", "S-1", 1, now, null).value();
            store.pay(shop, first.id(), "pay-1", now, null);
            Order second = store.placeOrder(flash, "ann", "S-1", 2, now.plusSeconds(1), null).value();
            Order third = store.placeOrder(flash, "ann", "S-1", 1, now.plusSeconds(2), null).value();
            store.placeOrder(flash, "bob", "S-1", 1, now, null);
            store.placeOrder(theirs, "ann", "S-9", 1, now, null);

            // ann shares a presale, bob opens it and helps her deposit through it; ann helps bob's
            Activity presale = FissionStoreTest.presale(shop, 5_000, false);
            assertThat(store.createActivity(presale, null).accepted()).isTrue();
            Order annDeposit = deposit(store, presale, "ann", now);
            Order bobDeposit = deposit(store, presale, "bob", now);
            String link = store.fission().share(shop, presale.id(), "ann", null, now, null).value().id();
            store.fission().visit(shop, link, "bob", now, null);
            store.fission().visit(shop, link, "cat", now, null);
            assertThat(store.fission().help(shop, annDeposit.id(), new BuyerFacts("bob", false, List.of(), "dev-b"), link,
                    now.plusSeconds(5), null).accepted()).isTrue();
            assertThat(store.fission().help(shop, bobDeposit.id(), new BuyerFacts("ann", false, List.of(), "dev-a"), null,
                    now.plusSeconds(6), null).accepted()).isTrue();

            Member ann = store.member(shop, "ann", 20).orElseThrow();
            assertThat(ann.ordersByStatus()).isEqualTo(Map.of(OrderStatus.RELEASED, 1, OrderStatus.PAID, 1, OrderStatus.PENDING_PAYMENT, 2));
            assertThat(ann.recentOrders()).extracting(Order::id).as("newest first, this shop only")
                    .containsExactly(annDeposit.id(), third.id(), second.id(), first.id());
            assertThat(ann.shares()).singleElement().satisfies(s -> {
                assertThat(s.shareId()).isEqualTo(link);
                assertThat(s.activityId()).isEqualTo(presale.id());
                assertThat(s.visitors()).isEqualTo(2);
                assertThat(s.arrivals()).as("bob's help came through it").isEqualTo(1);
            });
            assertThat(ann.helpsGiven()).extracting(MemberHelp::depositOrderId).containsExactly(bobDeposit.id());
            assertThat(ann.helpsReceived()).extracting(MemberHelp::helperId).containsExactly("bob");
            assertThat(ann.helpsReceived().getFirst().credited()).isPositive();

            assertThat(store.member(shop, "ann", 2).orElseThrow().recentOrders()).extracting(Order::id)
                    .containsExactly(annDeposit.id(), third.id());
            Member elsewhere = store.member(other, "ann", 20).orElseThrow();
            assertThat(elsewhere.ordersByStatus()).isEqualTo(Map.of(OrderStatus.PENDING_PAYMENT, 1));
            assertThat(elsewhere.shares()).isEmpty();
            assertThat(elsewhere.helpsGiven()).isEmpty();

            assertThat(store.member(shop, "nobody", 20)).as("a buyer the shop never saw").isEmpty();
            assertThat(store.earnPoints(shop, "dora", 50, null, "welcome", now, null).accepted()).isTrue();
            assertThat(store.member(shop, "dora", 20)).as("points alone make a member").hasValueSatisfying(m -> {
                assertThat(m.ordersByStatus()).isEmpty();
                assertThat(m.recentOrders()).isEmpty();
            });
            assertThat(store.member(other, "dora", 20)).isEmpty();
        }
    }

    private static Order deposit(Store store, Activity a, String buyer, Instant now) {
        Order o = store.place(a, new OrderRequest(BuyerFacts.of(buyer), "P1", 1, null, null, null, null), now, null).value().order();
        return store.pay(a.shopId(), o.id(), "pay-" + o.id(), now, null).value();
    }
}
