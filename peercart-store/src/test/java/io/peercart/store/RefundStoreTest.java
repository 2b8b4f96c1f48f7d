package io.peercart.store;

import static io.peercart.store.GroupFamilyFixtures.ENDS;
import static io.peercart.store.GroupFamilyFixtures.T0;
import static io.peercart.store.GroupFamilyFixtures.activity;
import static io.peercart.store.GroupFamilyFixtures.assertStatus;
import static io.peercart.store.GroupFamilyFixtures.created;
import static io.peercart.store.GroupFamilyFixtures.events;
import static io.peercart.store.GroupFamilyFixtures.payload;
import static io.peercart.store.GroupFamilyFixtures.place;
import static io.peercart.store.GroupFamilyFixtures.placePaid;
import static io.peercart.store.GroupFamilyFixtures.reload;
import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Limits;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Refund;
import io.peercart.core.stock.Stock;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.order.RefundRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Merchant refunds on both engines (docs/orders.md, "Refunds"): partial refunds that add up to
 * the order, a refund beyond what is left refused without a trace, units and quota back only when
 * the order is refunded in full, concurrent refunds from two nodes that never return more than was
 * paid, the refund queue net of partial refunds, and ¥0 orders PeerCart would ask to refund closed
 * at once (a free lucky draw's losers, a free group that failed).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RefundStoreTest {
    private static final Instant NOW = T0.plusSeconds(10);

    private static Stock stock(Store store, Activity a) {
        return store.stock(a.shopId(), a.id()).getFirst().stock();
    }

    private static Order accepted(Decision<Order> d) {
        assertThat(d.accepted()).as("%s", d).isTrue();
        return d.value();
    }

    private static void refused(Decision<Order> d, Code code) {
        assertThat(d.accepted()).as("%s", d).isFalse();
        assertThat(d.refusal().code()).isEqualTo(code);
    }

    /** A paid seckill order of two units at 10,000 fen: 20,000 paid. */
    private static Order paidOrder(Store store, Activity a, String buyer, Instant at) {
        Order o = accepted(store.placeOrder(a, buyer, "R-1", 2, at, null));
        return accepted(store.pay(a.shopId(), o.id(), "pay-" + o.id(), at, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void partialRefundsAddUpAndOnlyTheLastGivesUnitsAndQuotaBack(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("refunds", T0).shopId();
            Activity a = created(store, seckill(shop, T0, T0, ENDS, item("R-1", 10_000, 10, 2)));
            Order o = paidOrder(store, a, "u1", NOW);
            assertThat(o.status()).isEqualTo(OrderStatus.RELEASED);

            Order part = accepted(store.refund(shop, o.id(), 5_000L, "damaged box", NOW.plusSeconds(1), null));
            assertThat(part.status()).as("a partial refund leaves the order as it was").isEqualTo(OrderStatus.RELEASED);
            assertThat(part.refundedFen()).isEqualTo(5_000);
            assertThat(stock(store, a).sold()).as("its units stay sold").isEqualTo(2);
            refused(store.placeOrder(a, "u1", "R-1", 1, NOW.plusSeconds(2), null), Code.LIMIT_REACHED);

            refused(store.refund(shop, o.id(), 15_001L, "too much", NOW.plusSeconds(3), null), Code.REFUND_EXCEEDS_PAID);
            assertThat(reload(store, o)).as("a refused refund changes nothing").isEqualTo(part);
            assertThat(store.refunds(shop, o.id())).hasSize(1);
            assertThat(events(store, shop, a.id(), "order.partially_refunded")).hasSize(1);

            accepted(store.refund(shop, o.id(), 10_000L, "late delivery", NOW.plusSeconds(4), null));
            Order full = accepted(store.refund(shop, o.id(), null, "the rest", NOW.plusSeconds(5), null));
            assertThat(full.status()).isEqualTo(OrderStatus.REFUNDED);
            assertThat(full.refundedFen()).isEqualTo(20_000);
            assertThat(full.reason()).as("a seckill order had no reason: the merchant's").isEqualTo("the rest");
            assertThat(store.refunds(shop, o.id())).containsExactly(new Refund(5_000, "damaged box", NOW.plusSeconds(1)),
                    new Refund(10_000, "late delivery", NOW.plusSeconds(4)), new Refund(5_000, "the rest", NOW.plusSeconds(5)));
            Stock s = stock(store, a);
            assertThat(s.sold()).as("refunded in full: units back").isZero();
            assertThat(s.available() + s.leased()).isEqualTo(10);
            accepted(store.placeOrder(a, "u1", "R-1", 2, NOW.plusSeconds(6), null)); // and the buyer's quota

            assertThat(accepted(store.refund(shop, o.id(), null, "again", NOW.plusSeconds(7), null))).as("a repeat").isEqualTo(full);
            refused(store.refund(shop, o.id(), 1L, "more", NOW.plusSeconds(7), null), Code.REFUND_EXCEEDS_PAID);
            assertThat(store.refunds(shop, o.id())).hasSize(3);

            assertThat(events(store, shop, a.id(), "order.partially_refunded")).extracting(e -> payload(e).get("refund").get("amount").asLong())
                    .containsExactly(5_000L, 10_000L);
            assertThat(events(store, shop, a.id(), "order.refunded")).singleElement().satisfies(e -> {
                assertThat(payload(e).get("refund").get("amount").asLong()).isEqualTo(5_000);
                assertThat(payload(e).get("refundedAmount").asLong()).isEqualTo(20_000);
                assertThat(payload(e).get("refundable").asLong()).isZero();
            });
            refused(store.refund("another-shop", o.id(), 1L, "x", NOW, null), Code.NOT_FOUND);
            assertThat(store.refunds("another-shop", o.id())).isEmpty();
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void concurrentPartialRefundsFromTwoNodesNeverReturnMoreThanWasPaid(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = GroupFamilyFixtures.nodes(engine, db);
            Store store = nodes.getFirst();
            String shop = store.createShop("refunds", T0).shopId();
            Activity a = created(store, seckill(shop, T0, T0, ENDS, item("R-1", 10_000, 10, 2)));
            Order o = paidOrder(store, a, "u1", NOW);
            int threads = 4, each = 10; // 40 refunds of 700 asked: 28,000 of 20,000
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Store node = nodes.get(t % nodes.size());
                work.add(() -> {
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        Decision<Order> d = node.refund(shop, o.id(), 700L, "bit by bit", NOW.plusSeconds(1), null);
                        if (d.accepted()) ok++;
                        else assertThat(d.refusal().code()).isEqualTo(Code.REFUND_EXCEEDS_PAID);
                    }
                    return ok;
                });
            }
            int accepted = 0;
            try (var pool = Executors.newFixedThreadPool(threads)) {
                for (Future<Integer> f : pool.invokeAll(work)) accepted += f.get();
            }
            assertThat(accepted).as("20,000 / 700").isEqualTo(28);
            Order after = reload(store, o);
            assertThat(after.refundedFen()).isEqualTo(28 * 700);
            assertThat(after.status()).isEqualTo(OrderStatus.RELEASED);
            assertThat(store.refunds(shop, o.id())).hasSize(28).allSatisfy(r -> assertThat(r.amountFen()).isEqualTo(700));
            Order full = accepted(store.refund(shop, o.id(), null, "the rest", NOW.plusSeconds(2), null));
            assertThat(full.refundedFen()).isEqualTo(20_000);
            assertThat(store.refunds(shop, o.id()).getLast().amountFen()).isEqualTo(400);
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void anOrderRecordsAtMostItsLimitOfRefundsAndTheLastIsAlwaysTaken(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("refunds", T0).shopId();
            Activity a = created(store, seckill(shop, T0, T0, ENDS, item("R-1", 10_000, 10, 2)));
            Order o = paidOrder(store, a, "u1", NOW);
            for (int i = 1; i < Limits.MAX_REFUNDS_PER_ORDER; i++) accepted(store.refund(shop, o.id(), 1L, "one fen", NOW, null));
            refused(store.refund(shop, o.id(), 1L, "one fen more", NOW, null), Code.TOO_MANY_REFUNDS);
            assertThat(reload(store, o).refundedFen()).as("the refused one left no trace").isEqualTo(Limits.MAX_REFUNDS_PER_ORDER - 1);
            Order full = accepted(store.refund(shop, o.id(), null, "the rest", NOW, null));
            assertThat(full.status()).isEqualTo(OrderStatus.REFUNDED);
            assertThat(store.refunds(shop, o.id())).hasSize(Limits.MAX_REFUNDS_PER_ORDER);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void theRefundQueueShowsWhatIsLeftAndARefundKeepsTheReasonPeerCartGave(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("refunds", T0).shopId();
            Activity a = created(store, activity(shop, "groupOn", GroupFamilyFixtures.groupItem("G-1", 9_900, 1),
                    Map.of("groupSize", 3, "groupTtlSeconds", 600)));
            Order lonely = placePaid(store, a, "lonely", 1, null, NOW);
            assertThat(store.runDueActivityWork(NOW.plusSeconds(600), 100)).isEqualTo(1);
            assertStatus(store, lonely, OrderStatus.REFUND_REQUESTED, "GROUP_FAILED");

            accepted(store.refund(shop, lonely.id(), 4_000L, "first half", NOW.plusSeconds(700), null));
            RefundRequest queued = store.pendingRefunds(shop, null, 10).items().getFirst();
            assertThat(queued.order().status()).isEqualTo(OrderStatus.REFUND_REQUESTED);
            assertThat(queued.order().reason()).isEqualTo("GROUP_FAILED");
            assertThat(queued.refundableFen()).as("9,900 less the 4,000 refunded").isEqualTo(5_900);
            assertThat(queued.requestedAt()).as("still queued from when it was asked").isEqualTo(NOW.plusSeconds(600));

            Order done = accepted(store.refund(shop, lonely.id(), null, "second half", NOW.plusSeconds(800), null));
            assertThat(done.reason()).as("the reason PeerCart asked for stays").isEqualTo("GROUP_FAILED");
            assertThat(done.refundedFen()).isEqualTo(9_900);
            assertThat(store.pendingRefunds(shop, null, 10).items()).isEmpty();
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void freeLuckyDrawLosersAndFreeFailedGroupsCloseAtOnceWithTheirUnitsAndQuotaBack(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("free draws", T0).shopId();
            ItemDraft free = new ItemDraft("L0", 12_900L, null, 1_000L, 1, 1, 500L, 0L, null, null); // joinPrice 0
            Activity a = created(store, activity(shop, "luckyDrawGroup", free, Map.of("groupSize", 2, "groupTtlSeconds", 600, "winners", 1)));
            List<Order> entries = new ArrayList<>();
            for (int g = 0; g < 2; g++) {
                Order leader = place(store, a, "leader" + g, 1, null, NOW);
                assertThat(leader.status()).as("¥0: paid as it is made").isEqualTo(OrderStatus.PAID);
                entries.add(leader);
                entries.add(place(store, a, "member" + g, 1, leader.groupId(), NOW));
            }
            Order alone = place(store, a, "alone", 1, null, NOW); // its group fails at expiry
            assertThat(store.runDueActivityWork(NOW.plusSeconds(600), 100)).as("the lone group fails").isEqualTo(1);
            assertStatus(store, alone, OrderStatus.REFUNDED, "GROUP_FAILED");

            assertThat(store.runDueActivityWork(ENDS, 100)).as("the draw moves every entry").isEqualTo(4);
            List<Order> losers = entries.stream().map(o -> reload(store, o)).filter(o -> o.status() != OrderStatus.RELEASED).toList();
            assertThat(losers).as("one winner, three losers").hasSize(3).allSatisfy(o -> {
                assertThat(o.status()).as("nothing to refund: closed at once").isEqualTo(OrderStatus.REFUNDED);
                assertThat(o.reason()).isEqualTo("DRAW_LOST");
                assertThat(o.closedAt()).isEqualTo(ENDS);
            });
            assertThat(store.pendingRefunds(shop, null, 10).items()).as("no refund of nothing waits for the merchant").isEmpty();
            assertThat(events(store, shop, a.id(), "order.refund_requested")).isEmpty();
            assertThat(events(store, shop, a.id(), "order.refunded")).hasSize(4);
            Stock s = stock(store, a);
            assertThat(s.sold()).as("only the winner's unit stays sold").isEqualTo(1);
            assertThat(s.available() + s.leased()).isEqualTo(999);
            for (Order o : List.of(losers.getFirst(), reload(store, alone)))
                assertThat(db.query("SELECT units FROM buyer_quota WHERE shop_id = ? AND buyer_id = ?", shop, o.buyerId()))
                        .as("the quota of %s is free again", o.buyerId()).singleElement()
                        .satisfies(r -> assertThat(GroupFamilyFixtures.number(r.getFirst())).isZero());
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }
}
