package io.peercart.store;

import static io.peercart.store.GroupFamilyFixtures.ENDS;
import static io.peercart.store.GroupFamilyFixtures.T0;
import static io.peercart.store.GroupFamilyFixtures.activity;
import static io.peercart.store.GroupFamilyFixtures.assertStatus;
import static io.peercart.store.GroupFamilyFixtures.created;
import static io.peercart.store.GroupFamilyFixtures.events;
import static io.peercart.store.GroupFamilyFixtures.groupItem;
import static io.peercart.store.GroupFamilyFixtures.paidGroup;
import static io.peercart.store.GroupFamilyFixtures.pay;
import static io.peercart.store.GroupFamilyFixtures.place;
import static io.peercart.store.GroupFamilyFixtures.placePaid;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.Code;
import io.peercart.core.draw.Draw;
import io.peercart.store.draw.PublishedDraw;
import io.peercart.core.group.Group;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.group.Member;
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
 * The group family's edges that depend on the clock and the scheduled work, on both engines: a
 * payment that arrives after the group clock ran out, an unpaid seat freed by its pay timeout, a
 * GROUP_SUCCESS draw of a group completed by simulatedFill at expiry, and the draw of a cancelled
 * luckyDrawGroup's succeeded groups.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupFamilyEdgeStoreTest {
    private static final Instant NOW = T0.plusSeconds(10);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aPaymentAfterTheClockRanOutCountsAndTheExpiryDecides(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("edges", T0).shopId();
            Activity a = created(store, activity(shop, "groupOn", groupItem("G1", 9_900, 1), Map.of("groupSize", 2, "groupTtlSeconds", 600)));
            Order leader = placePaid(store, a, "leader", 1, null, NOW);
            Order member = place(store, a, "member", 1, leader.groupId(), NOW); // pay window 900 s > ttl 600 s
            Order otherLeader = placePaid(store, a, "other-leader", 1, null, NOW);
            Order otherMember = place(store, a, "other-member", 1, otherLeader.groupId(), NOW);

            Instant afterClock = NOW.plusSeconds(700);
            pay(store, member, afterClock);
            assertThat(store.group(shop, leader.groupId()).orElseThrow().status()).as("the expiry decides").isEqualTo(GroupStatus.OPEN);
            assertStatus(store, member, OrderStatus.PAID, null);
            assertThat(store.runDueActivityWork(afterClock, 100)).as("two released, one refund requested, one cancelled").isEqualTo(4);
            assertThat(store.group(shop, leader.groupId()).orElseThrow().status()).as("full: succeeds").isEqualTo(GroupStatus.SUCCEEDED);
            assertStatus(store, leader, OrderStatus.RELEASED, null);
            assertStatus(store, member, OrderStatus.RELEASED, null);
            assertThat(store.group(shop, otherLeader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.FAILED);
            assertStatus(store, otherMember, OrderStatus.CANCELLED, "GROUP_FAILED");
            var late = store.pay(shop, otherMember.id(), "late", afterClock.plusSeconds(1), null);
            assertThat(late.accepted()).as("a cancelled seat cannot be paid").isFalse();
            assertThat(late.refusal().code()).isEqualTo(Code.ORDER_NOT_PENDING);
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void anUnpaidSeatIsFreedWhenItsPayWindowCloses(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("edges", T0).shopId();
            Activity a = created(store, activity(shop, "groupOn", groupItem("G1", 9_900, 1), Map.of("groupSize", 2, "groupTtlSeconds", 3_600)));
            Order leader = placePaid(store, a, "leader", 1, null, NOW);
            Order sleeper = place(store, a, "sleeper", 1, leader.groupId(), NOW);
            var full = store.placeInGroup(a, "eager", true, "G1", 1, leader.groupId(), NOW.plusSeconds(1), null);
            assertThat(full.refusal().code()).isEqualTo(Code.GROUP_FULL);

            Instant closed = sleeper.payDeadline().plusSeconds(1);
            assertThat(store.expireDueOrders(closed, 100)).isEqualTo(1);
            assertStatus(store, sleeper, OrderStatus.CANCELLED, "PAY_TIMEOUT");
            Group freed = store.group(shop, leader.groupId()).orElseThrow();
            assertThat(freed.status()).isEqualTo(GroupStatus.OPEN);
            assertThat(freed.seatsLeft()).isEqualTo(1);
            Order eager = placePaid(store, a, "eager", 1, leader.groupId(), closed);
            assertThat(store.group(shop, leader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.SUCCEEDED);
            assertStatus(store, eager, OrderStatus.RELEASED, null);
            assertThat(store.runDueActivityWork(NOW.plusSeconds(3_600), 100)).isZero();
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aGroupSuccessDrawOfAGroupFilledWithVirtualMembersAtExpiryDrawsOnlyItsRealMembersOnce(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("edges", T0).shopId();
            Activity a = created(store, activity(shop, "luckyDrawGroup", groupItem("L1", 500, 1), Map.of("groupSize", 4,
                    "groupTtlSeconds", 600, "simulatedFill", true, "winnersPerGroup", 1, "drawAt", "GROUP_SUCCESS")));
            List<Order> real = paidGroup(store, a, "sim", 1, NOW);
            String commitment = store.draws(shop, a.id()).getFirst().commitment();

            assertThat(store.runDueActivityWork(NOW.plusSeconds(600), 100)).as("both entries drawn").isEqualTo(2);
            Group g = store.group(shop, real.getFirst().groupId()).orElseThrow();
            assertThat(g.status()).isEqualTo(GroupStatus.SUCCEEDED);
            assertThat(g.members()).filteredOn(Member::virtual).hasSize(2);
            PublishedDraw draw = store.draws(shop, a.id()).getFirst();
            List<String> entries = draw.entries(), winners = draw.winners();
            assertThat(entries).as("virtual members never enter").containsExactlyInAnyOrderElementsOf(real.stream().map(Order::id).toList());
            assertThat(Draw.commitment(draw.seed())).isEqualTo(commitment);
            assertThat(winners).isEqualTo(Draw.winners(draw.seed(), entries, 1));
            for (Order o : real) assertStatus(store, o, winners.contains(o.id()) ? OrderStatus.RELEASED : OrderStatus.REFUND_REQUESTED, null);

            assertThat(store.runDueActivityWork(ENDS.plusSeconds(60), 100)).isZero();
            assertThat(events(store, shop, a.id(), "draw.completed")).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aCancelledLuckyDrawStillDrawsItsSucceededGroupsAtTheEnd(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("edges", T0).shopId();
            Activity a = created(store, activity(shop, "luckyDrawGroup", groupItem("L1", 500, 1),
                    Map.of("groupSize", 2, "groupTtlSeconds", 600, "winners", 1)));
            List<Order> succeeded = paidGroup(store, a, "done", 1, NOW);
            Order open = placePaid(store, a, "open", 1, null, NOW);
            assertThat(store.cancelActivity(shop, a.id(), NOW.plusSeconds(20), null).accepted()).isTrue();
            assertStatus(store, open, OrderStatus.REFUND_REQUESTED, "ACTIVITY_CANCELLED");
            for (Order o : succeeded) assertStatus(store, o, OrderStatus.PAID, null);

            assertThat(store.runDueActivityWork(ENDS, 100)).isEqualTo(2);
            PublishedDraw draw = store.draws(shop, a.id()).getFirst();
            List<String> entries = draw.entries();
            assertThat(entries).containsExactlyInAnyOrderElementsOf(succeeded.stream().map(Order::id).toList());
            assertThat(events(store, shop, a.id(), "order.released")).hasSize(1);
            assertThat(events(store, shop, a.id(), "order.refund_requested")).as("the cancelled group's and the loser's").hasSize(2);
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }
}
