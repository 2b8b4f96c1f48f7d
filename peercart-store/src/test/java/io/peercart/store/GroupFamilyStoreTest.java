package io.peercart.store;

import io.peercart.store.outbox.OutboxEvent;

import static io.peercart.store.GroupFamilyFixtures.ENDS;
import static io.peercart.store.GroupFamilyFixtures.T0;
import static io.peercart.store.GroupFamilyFixtures.activity;
import static io.peercart.store.GroupFamilyFixtures.assertStatus;
import static io.peercart.store.GroupFamilyFixtures.created;
import static io.peercart.store.GroupFamilyFixtures.events;
import static io.peercart.store.GroupFamilyFixtures.groupItem;
import static io.peercart.store.GroupFamilyFixtures.pay;
import static io.peercart.store.GroupFamilyFixtures.payload;
import static io.peercart.store.GroupFamilyFixtures.place;
import static io.peercart.store.GroupFamilyFixtures.placePaid;
import static io.peercart.store.GroupFamilyFixtures.reload;
import static io.peercart.store.GroupFamilyFixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.group.Group;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.group.Member;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.group.GroupFigures;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * groupOn and ladder groups (rules.tiers) through the public Store on both engines: success when
 * paid members fill the seats, expiry by the scheduled group work (once, at its boundary),
 * "auto" matching, a leader's refund, the activity's cancellation, and a ladder group's settlement
 * at the tier reached with its cashback. What GroupHttpTest shows over HTTP on SQLite, here at the
 * store level and on PostgreSQL too.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupFamilyStoreTest {
    private static final Instant NOW = T0.plusSeconds(10);

    private static Activity groupOn(String shop, Map<String, Object> rules) {
        return activity(shop, "groupOn", groupItem("G1", 9_900, 2), rules);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aGroupFilledByPaidMembersSucceedsReleasesEveryOrderAndIsNotExpiredLater(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("groups", T0).shopId();
            Activity a = created(store, groupOn(shop, Map.of("groupSize", 3, "groupTtlSeconds", 600, "leaderPrice", 8_900)));

            Order leader = place(store, a, "leader", 1, null, NOW);
            assertThat(leader.unitPriceFen()).as("the leader's price").isEqualTo(8_900);
            assertThat(store.group(shop, leader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.FORMING);
            pay(store, leader, NOW);
            Group open = store.group(shop, leader.groupId()).orElseThrow();
            assertThat(open.status()).isEqualTo(GroupStatus.OPEN);
            assertThat(open.expiresAt()).as("the clock starts at the leader's payment").isEqualTo(NOW.plusSeconds(600));

            Order m1 = place(store, a, "m1", 1, leader.groupId(), NOW);
            Order m2 = place(store, a, "m2", 1, "auto", NOW);
            assertThat(m2.groupId()).as("auto joins the one open group").isEqualTo(leader.groupId());
            assertThat(m1.unitPriceFen()).isEqualTo(9_900);
            pay(store, m1, NOW);
            assertStatus(store, m1, OrderStatus.PAID, null); // paid is not shippable
            assertThat(store.group(shop, leader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.OPEN);
            pay(store, m2, NOW.plusSeconds(1));

            Group done = store.group(shop, leader.groupId()).orElseThrow();
            assertThat(done.status()).isEqualTo(GroupStatus.SUCCEEDED);
            assertThat(done.members()).hasSize(3).allMatch(Member::paid);
            for (Order o : List.of(leader, m1, m2)) assertStatus(store, o, OrderStatus.RELEASED, null);
            assertThat(types(store, shop, a.id())).containsSubsequence("group.opened", "group.joined", "group.joined", "group.succeeded")
                    .filteredOn("order.released"::equals).hasSize(3);
            List<OutboxEvent> succeeded = events(store, shop, a.id(), "group.succeeded");
            assertThat(succeeded).singleElement().satisfies(e -> {
                assertThat(e.aggregateId()).isEqualTo(leader.groupId());
                assertThat(e.publicEvent()).isTrue();
                assertThat(payload(e).get("seatsLeft").asInt()).isZero();
            });

            assertThat(store.runDueActivityWork(NOW.plusSeconds(3_600), 100)).as("a finished group is not due").isZero();
            assertThat(store.group(shop, leader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.SUCCEEDED);
            GroupFigures figures = store.groupFigures(shop, a.id());
            assertThat(figures.count(GroupStatus.SUCCEEDED)).isEqualTo(1);
            assertThat(figures.successRate()).isEqualTo(1.0);
            assertThat(figures.averageTimeToFillSeconds()).as("opened at NOW, its last seat paid a second later").isEqualTo(1.0);
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void anUnfilledGroupFailsAtItsExpiryOnceRefundRequestsForThePaidAndCancelsTheUnpaid(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("groups", T0).shopId();
            Activity a = created(store, groupOn(shop, Map.of("groupSize", 4, "groupTtlSeconds", 600)));
            Order leader = placePaid(store, a, "leader", 1, null, NOW);
            Order paid = placePaid(store, a, "paid", 1, leader.groupId(), NOW);
            Order unpaid = place(store, a, "unpaid", 1, leader.groupId(), NOW);
            Instant expiresAt = NOW.plusSeconds(600);

            assertThat(store.runDueActivityWork(expiresAt.minusMillis(1), 100)).as("not due before its expiry").isZero();
            assertThat(store.group(shop, leader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.OPEN);

            assertThat(store.runDueActivityWork(expiresAt, 100)).as("the three orders moved").isEqualTo(3);
            Group failed = store.group(shop, leader.groupId()).orElseThrow();
            assertThat(failed.status()).isEqualTo(GroupStatus.FAILED);
            assertStatus(store, leader, OrderStatus.REFUND_REQUESTED, "GROUP_FAILED");
            assertStatus(store, paid, OrderStatus.REFUND_REQUESTED, "GROUP_FAILED");
            assertStatus(store, unpaid, OrderStatus.CANCELLED, null);

            assertThat(store.runDueActivityWork(expiresAt.plusSeconds(60), 100)).as("done once").isZero();
            assertThat(events(store, shop, a.id(), "group.failed")).hasSize(1);
            assertThat(events(store, shop, a.id(), "order.refund_requested")).extracting(OutboxEvent::aggregateId)
                    .containsExactlyInAnyOrder(leader.id(), paid.id());
            assertThat(events(store, shop, a.id(), "order.cancelled")).extracting(OutboxEvent::aggregateId).containsExactly(unpaid.id());
            GroupFigures figures = store.groupFigures(shop, a.id());
            assertThat(figures.count(GroupStatus.FAILED)).isEqualTo(1);
            assertThat(figures.successRate()).isZero();
            assertThat(figures.averageTimeToFillSeconds()).as("none filled").isNull();
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void autoJoinsTheGroupClosestToSuccessThatTheBuyerIsNotIn(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("groups", T0).shopId();
            Activity a = created(store, groupOn(shop, Map.of("groupSize", 4, "groupTtlSeconds", 3_600)));

            Order leaderA = place(store, a, "leaderA", 1, "auto", NOW);
            assertThat(store.group(shop, leaderA.groupId()).orElseThrow().leaderBuyerId()).as("nothing to join: auto opens a group")
                    .isEqualTo("leaderA");
            pay(store, leaderA, NOW);
            String groupA = leaderA.groupId();
            placePaid(store, a, "a1", 1, groupA, NOW);
            placePaid(store, a, "a2", 1, groupA, NOW); // A: 1 seat left
            String groupB = placePaid(store, a, "leaderB", 1, null, NOW).groupId();
            placePaid(store, a, "b1", 1, groupB, NOW); // B: 2 seats left, expires first
            String groupE = placePaid(store, a, "leaderE", 1, null, NOW.plusSeconds(5)).groupId();
            placePaid(store, a, "e1", 1, groupE, NOW.plusSeconds(5)); // E: 2 seats left, expires later
            String groupC = placePaid(store, a, "leaderC", 1, null, NOW.plusSeconds(5)).groupId(); // C: 3 seats left

            Instant later = NOW.plusSeconds(10);
            assertThat(place(store, a, "x1", 1, "auto", later).groupId()).as("fewest seats left").isEqualTo(groupA);
            assertThat(place(store, a, "x2", 1, "auto", later).groupId()).as("a tie: the earliest expiry").isEqualTo(groupB);
            assertThat(place(store, a, "b1", 1, "auto", later).groupId()).as("not a group the buyer is in").isEqualTo(groupE);
            assertThat(place(store, a, "leaderC", 1, "auto", later).groupId()).as("not the buyer's own group").isEqualTo(groupB);
            assertThat(store.group(shop, groupA).orElseThrow().seatsLeft()).isZero();
            assertThat(store.group(shop, groupC).orElseThrow().seatsTaken()).isEqualTo(1);
            for (String id : List.of(groupA, groupB, groupC, groupE))
                assertThat(store.group(shop, id).orElseThrow().members()).as("no buyer twice in %s", id)
                        .extracting(Member::buyerId).doesNotHaveDuplicates();
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aRefundedLeaderHandsTheGroupToTheEarliestPaidMemberOrFailsItWhenNoneIsPaid(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("groups", T0).shopId();
            Activity a = created(store, groupOn(shop, Map.of("groupSize", 3, "groupTtlSeconds", 600)));

            Order leader = placePaid(store, a, "leader", 1, null, NOW);
            Order heir = placePaid(store, a, "heir", 1, leader.groupId(), NOW);
            Order unpaid = place(store, a, "unpaid", 1, leader.groupId(), NOW);
            assertThat(store.refund(shop, leader.id(), "changed my mind", NOW.plusSeconds(5), null).accepted()).isTrue();
            Group handed = store.group(shop, leader.groupId()).orElseThrow();
            assertThat(handed.status()).isEqualTo(GroupStatus.OPEN);
            assertThat(handed.leaderBuyerId()).isEqualTo("heir");
            assertThat(handed.members()).extracting(Member::buyerId).containsExactly("heir", "unpaid");
            assertThat(handed.memberByOrder(heir.id()).orElseThrow().leader()).isTrue();
            assertThat(handed.expiresAt()).as("the clock goes on").isEqualTo(NOW.plusSeconds(600));
            assertThat(types(store, shop, a.id())).contains("group.left");

            pay(store, unpaid, NOW.plusSeconds(6));
            Order last = placePaid(store, a, "last", 1, leader.groupId(), NOW.plusSeconds(7)); // the freed seat
            assertThat(store.group(shop, leader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.SUCCEEDED);
            for (Order o : List.of(heir, unpaid, last)) assertStatus(store, o, OrderStatus.RELEASED, null);
            assertStatus(store, leader, OrderStatus.REFUNDED, null);

            Order lonely = placePaid(store, a, "lonely", 1, null, NOW);
            Order waiting = place(store, a, "waiting", 1, lonely.groupId(), NOW);
            assertThat(store.refund(shop, lonely.id(), "changed my mind", NOW.plusSeconds(5), null).accepted()).isTrue();
            assertThat(store.group(shop, lonely.groupId()).orElseThrow().status()).as("no paid member to take over").isEqualTo(GroupStatus.FAILED);
            assertStatus(store, waiting, OrderStatus.CANCELLED, null);
            assertThat(events(store, shop, a.id(), "group.failed")).extracting(OutboxEvent::aggregateId).containsExactly(lonely.groupId());
            assertThat(store.runDueActivityWork(NOW.plusSeconds(3_600), 100)).as("nothing left to expire").isZero();
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void cancellingTheActivityFailsItsFormingAndOpenGroupsAndLeavesFinishedOnes(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("groups", T0).shopId();
            Activity a = created(store, groupOn(shop, Map.of("groupSize", 2, "groupTtlSeconds", 600)));
            Order doneLeader = placePaid(store, a, "done-leader", 1, null, NOW);
            Order doneMember = placePaid(store, a, "done-member", 1, doneLeader.groupId(), NOW);
            Order openLeader = placePaid(store, a, "open-leader", 1, null, NOW);
            Order openMember = place(store, a, "open-member", 1, openLeader.groupId(), NOW);
            Order forming = place(store, a, "forming-leader", 1, null, NOW);

            assertThat(store.cancelActivity(shop, a.id(), NOW.plusSeconds(20), null).accepted()).isTrue();
            assertThat(store.group(shop, doneLeader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.SUCCEEDED);
            assertStatus(store, doneLeader, OrderStatus.RELEASED, null);
            assertStatus(store, doneMember, OrderStatus.RELEASED, null);
            assertThat(store.group(shop, openLeader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.FAILED);
            assertStatus(store, openLeader, OrderStatus.REFUND_REQUESTED, "ACTIVITY_CANCELLED");
            assertStatus(store, openMember, OrderStatus.CANCELLED, "ACTIVITY_CANCELLED");
            assertThat(store.group(shop, forming.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.FAILED);
            assertStatus(store, forming, OrderStatus.CANCELLED, "ACTIVITY_CANCELLED");

            assertThat(store.runDueActivityWork(NOW.plusSeconds(3_600), 100)).as("the failed group is no longer due").isZero();
            assertThat(events(store, shop, a.id(), "order.refund_requested")).hasSize(1);
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    // ---- ladder groups (rules.tiers)

    private static final List<Map<String, Object>> TIERS = List.of(Map.of("size", 2, "price", 9_900),
            Map.of("size", 3, "price", 8_900), Map.of("size", 5, "price", 6_900));

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aLadderGroupSettlesAtTheTierItsPaidMembersReachedAndPaysTheDifferenceBackPerUnit(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("ladder", T0).shopId();
            Activity a = created(store, groupOn(shop, Map.of("tiers", TIERS, "groupTtlSeconds", 600)));

            // three paid (one of them for two units) and one unpaid: tier 3 at expiry
            Order leader = placePaid(store, a, "leader", 1, null, NOW);
            assertThat(store.group(shop, leader.groupId()).orElseThrow().size()).as("the largest tier's seats").isEqualTo(5);
            Order twoUnits = placePaid(store, a, "two-units", 2, leader.groupId(), NOW);
            Order third = placePaid(store, a, "third", 1, leader.groupId(), NOW);
            Order unpaid = place(store, a, "unpaid", 1, leader.groupId(), NOW);
            for (Order o : List.of(leader, twoUnits, third)) assertThat(o.unitPriceFen()).as("the first tier up front").isEqualTo(9_900);
            // five paid: the top tier at once
            List<Order> full = GroupFamilyFixtures.paidGroup(store, a, "full", 4, NOW);
            // one paid: below the lowest tier, fails
            Order alone = placePaid(store, a, "alone", 1, null, NOW);

            Group top = store.group(shop, full.getFirst().groupId()).orElseThrow();
            assertThat(top.status()).isEqualTo(GroupStatus.SUCCEEDED);
            for (Order o : full) {
                Order now = reload(store, o);
                assertThat(now.status()).isEqualTo(OrderStatus.RELEASED);
                assertThat(now.cashbackFen()).as("9,900 paid, 6,900 at five").isEqualTo(3_000);
            }
            assertThat(reload(store, leader).cashbackFen()).as("no cashback before the group settles").isZero();

            assertThat(store.runDueActivityWork(NOW.plusSeconds(600), 100)).isPositive();
            Group settled = store.group(shop, leader.groupId()).orElseThrow();
            assertThat(settled.status()).isEqualTo(GroupStatus.SUCCEEDED);
            assertThat(settled.members()).extracting(Member::orderId).containsExactlyInAnyOrder(leader.id(), twoUnits.id(), third.id());
            assertThat(reload(store, leader).cashbackFen()).isEqualTo(1_000);
            assertThat(reload(store, twoUnits).cashbackFen()).as("the difference times the quantity").isEqualTo(2_000);
            assertThat(reload(store, third).cashbackFen()).isEqualTo(1_000);
            for (Order o : List.of(leader, twoUnits, third)) assertStatus(store, o, OrderStatus.RELEASED, null);
            assertStatus(store, unpaid, OrderStatus.CANCELLED, null);
            assertThat(reload(store, unpaid).cashbackFen()).isZero();
            assertThat(store.group(shop, alone.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.FAILED);
            assertStatus(store, alone, OrderStatus.REFUND_REQUESTED, "GROUP_FAILED");
            assertThat(reload(store, alone).cashbackFen()).isZero();

            assertThat(store.runDueActivityWork(NOW.plusSeconds(1_200), 100)).as("settled once").isZero();
            List<OutboxEvent> cashbacks = events(store, shop, a.id(), "order.cashback");
            assertThat(cashbacks).hasSize(8).allSatisfy(e -> {
                assertThat(e.publicEvent()).as("for the merchant").isFalse();
                assertThat(payload(e).get("reason").asText()).isEqualTo("LADDER_PRICE");
                assertThat(payload(e).get("cashback").asLong()).isEqualTo(store.order(shop, e.aggregateId()).orElseThrow().cashbackFen());
            });
            assertThat(cashbacks).filteredOn(e -> e.aggregateId().equals(twoUnits.id())).singleElement()
                    .satisfies(e -> assertThat(payload(e).get("tier").get("size").asInt()).isEqualTo(3));
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aGroupMayBeJoinedAfterTheActivityEndedButNoneOpens(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("groups", T0).shopId();
            Activity a = created(store, groupOn(shop, Map.of("groupSize", 2, "groupTtlSeconds", 600)));
            Instant nearEnd = ENDS.minusSeconds(60);
            Order leader = placePaid(store, a, "leader", 1, null, nearEnd);
            Instant afterEnd = ENDS.plusSeconds(30);
            assertThat(store.placeInGroup(a, "late-leader", true, "G1", 1, null, afterEnd, null).accepted()).as("no group opens after the end").isFalse();
            Order member = placePaid(store, a, "member", 1, leader.groupId(), afterEnd);
            assertThat(store.group(shop, leader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.SUCCEEDED);
            assertStatus(store, member, OrderStatus.RELEASED, null);
            assertThat(store.runDueActivityWork(nearEnd.plusSeconds(600), 100)).isZero();
        }
    }
}
