package io.peercart.store;

import static io.peercart.store.GroupFamilyFixtures.activity;
import static io.peercart.store.GroupFamilyFixtures.created;
import static io.peercart.store.GroupFamilyFixtures.groupItem;
import static io.peercart.store.GroupFamilyFixtures.paidGroup;
import static io.peercart.store.GroupFamilyFixtures.pay;
import static io.peercart.store.GroupFamilyFixtures.reload;
import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Decision;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.engine.Page;
import io.peercart.store.order.OrderFilter;
import io.peercart.store.order.RefundRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The merchant's order search and the refund queue, on SQLite and on PostgreSQL: every filter
 * alone and together, cursor pages that add up to the whole answer, and another shop's orders
 * (same buyer ids, same skus) never in it.
 */
@Timeout(60)
class OrderSearchStoreTest {
    private static final Instant T0 = GroupFamilyFixtures.T0;
    private static final Instant END = GroupFamilyFixtures.ENDS;
    private static final Instant NOW = T0.plus(Duration.ofMinutes(1));

    private static OrderFilter filter(String activityId, String buyerId, Set<OrderStatus> statuses, String sku, ActivityType type,
                                      Instant from, Instant to) {
        return new OrderFilter(activityId, buyerId, statuses, sku, type, from, to);
    }

    private static Order placed(Store store, Activity a, String buyer, String sku, Instant at) {
        Decision<Order> d = store.placeOrder(a, buyer, sku, 1, at, null);
        assertThat(d.accepted()).as("%s buys %s: %s", buyer, sku, d.accepted() ? "" : d.refusal()).isTrue();
        return d.value();
    }

    /** Every page of a search at {@code limit} a page, joined. */
    private static <T> List<T> all(BiFunction<String, Integer, Page<T>> pages, int limit) {
        List<T> out = new ArrayList<>();
        String cursor = null;
        for (int i = 0; i < 1_000; i++) {
            Page<T> p = pages.apply(cursor, limit);
            assertThat(p.items().size()).isLessThanOrEqualTo(limit);
            out.addAll(p.items());
            if (p.nextCursor() == null) return out;
            cursor = p.nextCursor();
        }
        throw new AssertionError("no last page");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void everyFilterAloneAndTogetherInCursorPagesAndNeverAnotherShop(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("searcher", T0).shopId();
            String other = store.createShop("neighbour", T0).shopId();
            Activity flash = created(store, seckill(shop, T0, T0, END, item("S-1", 9_900, 100, 5), item("寿司-1", 1_200, 100, 5)));
            Activity group = created(store, activity(shop, "groupOn", groupItem("G-1", 9_900, 1), Map.of("groupSize", 3)));
            Activity theirs = created(store, seckill(other, T0, T0, END, item("S-1", 9_900, 100, 5)));

            Order o1 = placed(store, flash, "u1", "S-1", NOW);
            Order o2 = pay(store, placed(store, flash, "张三", "寿司-1", NOW.plusSeconds(10)), NOW.plusSeconds(11));
            Order o3 = placed(store, flash, "u1", "寿司-1", NOW.plusSeconds(20));
            Order o4 = GroupFamilyFixtures.placePaid(store, group, "u1", 1, null, NOW.plusSeconds(30));
            Order o5 = placed(store, flash, "u2", "S-1", NOW.plusSeconds(40));
            assertThat(store.cancelOrder(shop, o5.id(), "BUYER_CANCELLED", NOW.plusSeconds(41), null).accepted()).isTrue();
            o5 = reload(store, o5);
            placed(store, theirs, "u1", "S-1", NOW.plusSeconds(10));
            placed(store, theirs, "张三", "S-1", NOW.plusSeconds(20));
            List<Order> mine = List.of(o1, o2, o3, o4, o5);
            assertThat(mine).isSortedAccordingTo(Comparator.comparing(Order::id));

            assertThat(all((c, n) -> store.searchOrders(shop, OrderFilter.ALL, c, n), 100)).containsExactlyElementsOf(mine);
            assertThat(all((c, n) -> store.searchOrders(shop, OrderFilter.ALL, c, n), 2)).as("pages of two").containsExactlyElementsOf(mine);
            assertThat(all((c, n) -> store.searchOrders(shop, OrderFilter.ALL, c, n), 1)).as("pages of one").containsExactlyElementsOf(mine);

            record Case(String name, OrderFilter filter, List<Order> expected) {}
            List<Case> cases = List.of(
                    new Case("activity", filter(flash.id(), null, null, null, null, null, null), List.of(o1, o2, o3, o5)),
                    new Case("buyer", filter(null, "u1", null, null, null, null, null), List.of(o1, o3, o4)),
                    new Case("chinese buyer", filter(null, "张三", null, null, null, null, null), List.of(o2)),
                    new Case("sku", filter(null, null, null, "S-1", null, null, null), List.of(o1, o5)),
                    new Case("chinese sku", filter(null, null, null, "寿司-1", null, null, null), List.of(o2, o3)),
                    new Case("one status", filter(null, null, Set.of(OrderStatus.PENDING_PAYMENT), null, null, null, null), List.of(o1, o3)),
                    new Case("two statuses", filter(null, null, Set.of(OrderStatus.PAID, OrderStatus.RELEASED, OrderStatus.CANCELLED), null,
                            null, null, null), List.of(o2, o4, o5)),
                    new Case("type", filter(null, null, null, null, ActivityType.groupOn, null, null), List.of(o4)),
                    new Case("type with no activity", filter(null, null, null, null, ActivityType.auction, null, null), List.of()),
                    new Case("created from (inclusive)", filter(null, null, null, null, null, NOW.plusSeconds(20), null), List.of(o3, o4, o5)),
                    new Case("created to (exclusive)", filter(null, null, null, null, null, null, NOW.plusSeconds(20)), List.of(o1, o2)),
                    new Case("created between", filter(null, null, null, null, null, NOW.plusSeconds(10), NOW.plusSeconds(31)),
                            List.of(o2, o3, o4)),
                    new Case("buyer and activity", filter(flash.id(), "u1", null, null, null, null, null), List.of(o1, o3)),
                    new Case("buyer, sku and status", filter(null, "u1", Set.of(OrderStatus.PENDING_PAYMENT), "寿司-1", null, null, null),
                            List.of(o3)),
                    new Case("type and status", filter(null, null, Set.of(OrderStatus.PENDING_PAYMENT), null, ActivityType.seckill, null,
                            NOW.plusSeconds(5)), List.of(o1)),
                    new Case("another shop's activity", filter(theirs.id(), null, null, null, null, null, null), List.of()),
                    new Case("nobody", filter(null, "u9", null, null, null, null, null), List.of()));
            for (Case k : cases) {
                assertThat(all((c, n) -> store.searchOrders(shop, k.filter(), c, n), 100)).as(k.name()).containsExactlyElementsOf(k.expected());
                assertThat(all((c, n) -> store.searchOrders(shop, k.filter(), c, n), 1)).as(k.name() + " a page at a time")
                        .containsExactlyElementsOf(k.expected());
            }
            assertThat(all((c, n) -> store.searchOrders(other, OrderFilter.ALL, c, n), 10)).as("the neighbour sees only its own")
                    .extracting(Order::shopId).containsOnly(other).hasSize(2);
            assertThat(store.searchOrders(shop, OrderFilter.ALL.withActivity(flash.id()), null, 100).items())
                    .as("one activity's search is its order list").isEqualTo(store.orders(shop, flash.id(), null, 100).items());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void theRefundQueueIsOldestRequestFirstWithWhatToRefund(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("refunds", T0).shopId();
            String other = store.createShop("neighbour", T0).shopId();
            Activity early = created(store, activity(shop, "groupOn", groupItem("R-1", 9_900, 1), Map.of("groupSize", 3)));
            Activity late = created(store, activity(shop, "groupOn", groupItem("R-2", 5_000, 1), Map.of("groupSize", 3)));
            Activity theirs = created(store, activity(other, "groupOn", groupItem("R-1", 9_900, 1), Map.of("groupSize", 3)));
            List<Order> earlyOrders = paidGroup(store, early, "e", 1, NOW);
            List<Order> lateOrders = paidGroup(store, late, "l", 1, NOW.plusSeconds(60));
            paidGroup(store, theirs, "t", 1, NOW);
            Order paidElsewhere = GroupFamilyFixtures.placePaid(store, created(store, activity(shop, "groupOn", groupItem("R-3", 100, 1),
                    Map.of("groupSize", 3))), "p", 1, null, NOW);

            // the later activity's groups fail first: its refunds were requested first
            assertThat(store.cancelActivity(shop, late.id(), NOW.plusSeconds(100), null).accepted()).isTrue();
            assertThat(store.cancelActivity(shop, early.id(), NOW.plusSeconds(200), null).accepted()).isTrue();
            assertThat(store.cancelActivity(other, theirs.id(), NOW.plusSeconds(50), null).accepted()).isTrue();

            List<RefundRequest> queue = all((c, n) -> store.pendingRefunds(shop, c, n), 100);
            List<Order> expected = new ArrayList<>();
            lateOrders.stream().sorted(Comparator.comparing(Order::id)).map(o -> reload(store, o)).forEach(expected::add);
            earlyOrders.stream().sorted(Comparator.comparing(Order::id)).map(o -> reload(store, o)).forEach(expected::add);
            assertThat(queue).extracting(RefundRequest::order).containsExactlyElementsOf(expected);
            assertThat(queue).extracting(r -> r.order().status()).containsOnly(OrderStatus.REFUND_REQUESTED);
            assertThat(queue).extracting(r -> r.order().reason()).containsOnly("ACTIVITY_CANCELLED");
            assertThat(queue).extracting(RefundRequest::requestedAt)
                    .containsExactly(NOW.plusSeconds(100), NOW.plusSeconds(100), NOW.plusSeconds(200), NOW.plusSeconds(200));
            assertThat(queue).extracting(RefundRequest::refundableFen).containsExactly(5_000L, 5_000L, 9_900L, 9_900L);
            assertThat(queue).extracting(r -> r.order().id()).doesNotContain(paidElsewhere.id());
            assertThat(all((c, n) -> store.pendingRefunds(shop, c, n), 1)).as("a page at a time").isEqualTo(queue);
            assertThat(all((c, n) -> store.pendingRefunds(other, c, n), 10)).extracting(r -> r.order().shopId()).containsOnly(other)
                    .hasSize(2);

            // a refund made leaves the queue
            Order first = queue.getFirst().order();
            assertThat(store.refund(shop, first.id(), "MERCHANT_REFUND", NOW.plusSeconds(300), null).accepted()).isTrue();
            assertThat(all((c, n) -> store.pendingRefunds(shop, c, n), 100)).extracting(RefundRequest::order)
                    .containsExactlyElementsOf(expected.subList(1, expected.size()));
        }
    }
}
