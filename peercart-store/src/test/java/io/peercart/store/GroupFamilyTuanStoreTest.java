package io.peercart.store;

import io.peercart.store.outbox.OutboxEvent;

import static io.peercart.store.GroupFamilyFixtures.ENDS;
import static io.peercart.store.GroupFamilyFixtures.T0;
import static io.peercart.store.GroupFamilyFixtures.activity;
import static io.peercart.store.GroupFamilyFixtures.created;
import static io.peercart.store.GroupFamilyFixtures.events;
import static io.peercart.store.GroupFamilyFixtures.pay;
import static io.peercart.store.GroupFamilyFixtures.payload;
import static io.peercart.store.GroupFamilyFixtures.reload;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.tuan.CashbackTier;
import io.peercart.store.tuan.Settlement;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tuan (团购返现) settlement through the public Store on both engines: due at endsAt +
 * settlementDelaySeconds, at the tier reached by distinct buyers holding paid, unrefunded orders;
 * each eligible order's cashback recorded on the order and announced once; the settlement view.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupFamilyTuanStoreTest {
    private static final Instant NOW = T0.plusSeconds(10);
    private static final long DELAY = 3_600;

    private static Activity tuan(String shop, String sku, List<Map<String, Object>> tiers) {
        return activity(shop, "tuan", GroupFamilyFixtures.tuanItem(sku, 10_000, 3), Map.of("tiers", tiers, "settlementDelaySeconds", DELAY));
    }

    private static Order bought(Store store, Activity a, String buyer, int quantity) {
        Order o = store.place(a, buyer, a.items().getFirst().sku(), quantity, NOW, null).value().order();
        return pay(store, o, NOW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void settlesOnceAfterTheDelayAtTheTierOfDistinctPaidBuyersRefundsExcluded(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("tuan", T0).shopId();
            // four buyers would reach 10 %, three reach 5 %: the refunded buyer and a buyer's second order decide
            Activity a = created(store, tuan(shop, "T1", List.of(Map.of("minBuyers", 2, "cashbackPercent", 5),
                    Map.of("minBuyers", 4, "cashbackPercent", 10))));
            Order b1 = bought(store, a, "b1", 1);
            Order b1Again = bought(store, a, "b1", 2);
            Order b2 = bought(store, a, "b2", 1);
            Order b3 = bought(store, a, "b3", 1);
            Order b4 = bought(store, a, "b4", 1);
            Order unpaid = store.place(a, "b5", "T1", 1, NOW, null).value().order();
            assertThat(reload(store, b1).status()).as("released when paid").isEqualTo(OrderStatus.RELEASED);
            assertThat(store.tuanBuyers(shop, a.id())).isEqualTo(4);
            assertThat(store.refund(shop, b4.id(), "returned", NOW.plusSeconds(60), null).accepted()).isTrue();
            assertThat(store.tuanBuyers(shop, a.id())).as("distinct buyers with paid, unrefunded orders").isEqualTo(3);
            List<OutboxEvent> progress = events(store, shop, a.id(), "tuan.progress");
            assertThat(progress).as("five payments and a refund").hasSize(6);
            assertThat(payload(progress.getLast()).get("buyers").asInt()).isEqualTo(3);
            assertThat(payload(progress.getLast()).get("buyersMissing").asInt()).isEqualTo(1);

            Instant due = ENDS.plusSeconds(DELAY);
            Settlement pending = store.settlement(shop, a.id()).orElseThrow();
            assertThat(pending.settled()).isFalse();
            assertThat(pending.dueAt()).isEqualTo(due);
            assertThat(store.runDueActivityWork(due.minusMillis(1), 100)).as("not due inside the after-sale window").isZero();
            assertThat(store.settlement(shop, a.id()).orElseThrow().settled()).isFalse();

            assertThat(store.runDueActivityWork(due, 100)).isEqualTo(1);
            Settlement settled = store.settlement(shop, a.id()).orElseThrow();
            assertThat(settled.settled()).isTrue();
            assertThat(settled.settledAt()).isEqualTo(due);
            assertThat(settled.outcome().buyers()).isEqualTo(3);
            assertThat(settled.outcome().tier()).isEqualTo(new CashbackTier(2, 5, null));
            assertThat(settled.outcome().cashbackOrders()).isEqualTo(4);
            assertThat(settled.outcome().cashbackTotal()).as("5 %% of 50,000").isEqualTo(2_500);
            Map<Order, Long> cashback = Map.of(b1, 500L, b1Again, 1_000L, b2, 500L, b3, 500L, b4, 0L, unpaid, 0L);
            cashback.forEach((o, fen) -> assertThat(reload(store, o).cashbackFen()).as("cashback of %s", o.buyerId()).isEqualTo(fen));
            assertThat(reload(store, b4).status()).isEqualTo(OrderStatus.REFUNDED);

            assertThat(store.runDueActivityWork(due.plusSeconds(3_600), 100)).as("settled once").isZero();
            List<OutboxEvent> orderCashbacks = events(store, shop, a.id(), "order.cashback");
            assertThat(orderCashbacks).extracting(OutboxEvent::aggregateId)
                    .containsExactlyInAnyOrder(b1.id(), b1Again.id(), b2.id(), b3.id());
            assertThat(orderCashbacks).allSatisfy(e -> {
                assertThat(payload(e).get("reason").asText()).isEqualTo("CASHBACK");
                assertThat(payload(e).get("cashback").asLong()).isEqualTo(store.order(shop, e.aggregateId()).orElseThrow().cashbackFen());
            });
            assertThat(events(store, shop, a.id(), "cashback.settled")).singleElement().satisfies(e -> {
                assertThat(e.publicEvent()).isTrue();
                assertThat(payload(e).get("buyers").asInt()).isEqualTo(3);
                assertThat(payload(e).get("cashbackTotal").asLong()).isEqualTo(2_500);
            });
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aCashbackPerUnitAboveTheItemPriceIsRefusedAtCreation(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("tuan", T0).shopId();
            Activity tooMuch = tuan(shop, "X1", List.of(Map.of("minBuyers", 2, "cashbackPerUnit", 5_000),
                    Map.of("minBuyers", 3, "cashbackPerUnit", 10_001)));
            var refused = store.createActivity(tooMuch, null);
            assertThat(refused.accepted()).isFalse();
            assertThat(refused.refusal().code()).isEqualTo(io.peercart.core.Code.VALIDATION_FAILED);
            assertThat(refused.refusal().detail()).contains("rules.tiers[1].cashbackPerUnit", "X1", "10000");
            assertThat(store.activity(shop, tooMuch.id())).as("nothing of it was written").isEmpty();
            created(store, tuan(shop, "X2", List.of(Map.of("minBuyers", 2, "cashbackPerUnit", 10_000)))); // all of the price back: allowed
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void perUnitCashbackAndATuanBelowItsLowestTierSettlesWithNothingToPay(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("tuan", T0).shopId();
            Activity perUnit = created(store, tuan(shop, "U1", List.of(Map.of("minBuyers", 2, "cashbackPerUnit", 300))));
            Order two = bought(store, perUnit, "c1", 2);
            Order one = bought(store, perUnit, "c2", 1);
            Activity short1 = created(store, tuan(shop, "S1", List.of(Map.of("minBuyers", 2, "cashbackPercent", 5))));
            Order lonely = bought(store, short1, "c1", 1);

            assertThat(store.runDueActivityWork(ENDS.plusSeconds(DELAY), 100)).as("both settle").isEqualTo(2);
            assertThat(reload(store, two).cashbackFen()).isEqualTo(600);
            assertThat(reload(store, one).cashbackFen()).isEqualTo(300);
            Settlement.Outcome perUnitOutcome = store.settlement(shop, perUnit.id()).orElseThrow().outcome();
            assertThat(perUnitOutcome.cashbackTotal()).isEqualTo(900);
            assertThat(perUnitOutcome.tier()).isEqualTo(new CashbackTier(2, null, 300L));

            Settlement none = store.settlement(shop, short1.id()).orElseThrow();
            assertThat(none.settled()).isTrue();
            assertThat(none.outcome().tier()).isNull();
            assertThat(none.outcome().buyers()).isEqualTo(1);
            assertThat(none.outcome().cashbackOrders()).isZero();
            assertThat(reload(store, lonely).cashbackFen()).isZero();
            assertThat(events(store, shop, short1.id(), "order.cashback")).isEmpty();
            assertThat(events(store, shop, short1.id(), "cashback.settled")).hasSize(1);
            assertThat(store.settlement(shop, "act_none")).isEmpty();
        }
    }
}
