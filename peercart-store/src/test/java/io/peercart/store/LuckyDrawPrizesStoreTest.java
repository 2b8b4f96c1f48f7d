package io.peercart.store;

import static io.peercart.store.GroupFamilyFixtures.ENDS;
import static io.peercart.store.GroupFamilyFixtures.T0;
import static io.peercart.store.GroupFamilyFixtures.activity;
import static io.peercart.store.GroupFamilyFixtures.created;
import static io.peercart.store.GroupFamilyFixtures.place;
import static io.peercart.store.GroupFamilyFixtures.reload;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.stock.Stock;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.order.PlacedOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A luckyDrawGroup's stock is its prizes (issue 12, wrong answer #4): entries take no units, so a
 * group of five fills on a stock of three; with winnersPerGroup each open group holds its prizes,
 * so no more groups open than there are prizes for; losers never keep a unit; and
 * total = available + leased + reserved + sold at every step, on both engines.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LuckyDrawPrizesStoreTest {
    private static final Instant NOW = T0.plusSeconds(10);

    /** A ¥0 entry priced by its joinPrice alone (no groupPrice, as docs/groups.md allows). */
    private static ItemDraft prizes(long stock) { return new ItemDraft("L0", 12_900L, null, stock, 1, 1, null, 0L, null, null); }

    private static Stock stock(Store store, Activity a) {
        return store.stats(a.shopId(), a.id()).skus().getFirst().stock();
    }

    private static void assertStock(Store store, TestDatabase db, Activity a, long available, long reserved, long sold) {
        Stock s = stock(store, a);
        assertThat(new long[]{s.available(), s.reserved(), s.sold()}).as("available, reserved, sold: %s", s).containsExactly(available, reserved, sold);
        StoreFixtures.assertStockAddsUp(store, db);
    }

    private static List<Order> fullGroup(Store store, Activity a, String tag, int size, Instant now) {
        List<Order> group = new ArrayList<>();
        group.add(place(store, a, tag + "-0", 1, null, now));
        for (int i = 1; i < size; i++) group.add(place(store, a, tag + "-" + i, 1, group.getFirst().groupId(), now));
        return group;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void perGroupPrizesBoundTheOpenGroupsAndAGroupOfFiveFillsOnAStockOfThree(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("prizes", T0).shopId();
            Activity a = created(store, activity(shop, "luckyDrawGroup", prizes(3),
                    Map.of("groupSize", 5, "groupTtlSeconds", 600, "winnersPerGroup", 1, "drawAt", "GROUP_SUCCESS")));
            assertStock(store, db, a, 3, 0, 0);

            List<Order> first = fullGroup(store, a, "g1", 5, NOW); // five entries on three prizes: the group fills
            assertThat(store.group(shop, first.getFirst().groupId()).orElseThrow().status()).isEqualTo(GroupStatus.SUCCEEDED);
            List<Order> won = first.stream().map(o -> reload(store, o)).filter(o -> o.status() == OrderStatus.RELEASED).toList();
            assertThat(won).as("one prize per group").hasSize(1);
            assertThat(first.stream().map(o -> reload(store, o).status())).as("the losers are closed (¥0: refunded at once)")
                    .filteredOn(s -> s != OrderStatus.RELEASED).hasSize(4).doesNotContain(OrderStatus.PAID);
            assertStock(store, db, a, 2, 0, 1); // the ¥0 losers, refunded at once, moved no unit: they never held one

            Order second = place(store, a, "g2-0", 1, null, NOW);
            Order third = place(store, a, "g3-0", 1, null, NOW);
            assertStock(store, db, a, 0, 2, 1);
            Decision<PlacedOrder> fourth = store.placeInGroup(a, "g4-0", true, "L0", 1, null, NOW, null);
            assertThat(fourth.accepted()).isFalse();
            assertThat(fourth.refusal().code()).as("no prize left for a fourth group").isEqualTo(Code.SOLD_OUT);
            Decision<PlacedOrder> joins = store.placeInGroup(a, "g2-1", true, "L0", 1, second.groupId(), NOW, null);
            assertThat(joins.accepted()).as("joining an open group needs no prize of its own").isTrue();
            assertStock(store, db, a, 0, 2, 1);

            assertThat(store.runDueActivityWork(NOW.plusSeconds(601), 100)).as("both groups expire").isPositive();
            assertThat(reload(store, third).status()).as("a ¥0 entry has nothing to refund: closed at once").isEqualTo(OrderStatus.REFUNDED);
            assertStock(store, db, a, 2, 0, 1);
            assertThat(store.placeInGroup(a, "g4-0", true, "L0", 1, null, NOW.plusSeconds(602), null).accepted())
                    .as("a failed group's prize opens another").isTrue();
            assertStock(store, db, a, 1, 1, 1);

            Order winner = won.getFirst();
            assertThat(store.refund(shop, winner.id(), "returned", NOW.plusSeconds(603), null).accepted()).isTrue();
            assertStock(store, db, a, 2, 1, 0); // a refunded winner's prize goes back
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void activityWidePrizesLetEntriesOutnumberTheStockAndOnlyWinnersTakeUnits(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("prizes", T0).shopId();
            Activity tooFew = activity(shop, "luckyDrawGroup", prizes(2), Map.of("groupSize", 5, "winners", 3));
            Decision<?> refused = store.createActivity(tooFew, null);
            assertThat(refused.accepted()).isFalse();
            assertThat(refused.refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
            assertThat(refused.refusal().detail()).contains("winners", "stock");

            Activity a = created(store, activity(shop, "luckyDrawGroup", prizes(2), Map.of("groupSize", 5, "groupTtlSeconds", 600, "winners", 2)));
            List<Order> entries = new ArrayList<>();
            entries.addAll(fullGroup(store, a, "g1", 5, NOW));
            entries.addAll(fullGroup(store, a, "g2", 5, NOW));
            assertStock(store, db, a, 2, 0, 0); // ten entries, no unit taken
            store.runDueActivityWork(ENDS.plusSeconds(1), 100);
            store.runDueActivityWork(ENDS.plusSeconds(2), 100);
            assertThat(store.draws(shop, a.id()).getFirst().drawn()).isTrue();
            assertThat(entries.stream().filter(o -> reload(store, o).status() == OrderStatus.RELEASED)).hasSize(2);
            assertStock(store, db, a, 0, 0, 2);
        }
    }
}
