package io.peercart.store;

import io.peercart.store.group.GroupDesk;
import io.peercart.store.engine.Ids;
import io.peercart.store.order.PlacedOrder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft;
import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.ActivityValidation;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.group.Group;
import io.peercart.core.group.GroupStatus;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Group seats and group expiry on both engines; on PostgreSQL through two nodes on one database,
 * as a cluster runs them: seats are never double-booked and an expiry is done exactly once.
 */
class GroupStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static Activity groupOn(String shop, int size, long ttlSeconds) {
        var draft = new ActivityDraft("groupOn", "group", T0, T0.plus(Duration.ofHours(2)), null, null,
                List.of(new ItemDraft("G1", null, null, 1_000L, 1, 1, 500L, null, null, null)), Map.of("groupSize", size, "groupTtlSeconds", ttlSeconds));
        return ActivityValidation.validate(draft, Ids.next("act"), shop, T0).value();
    }

    /** One store on SQLite (one process owns the file); two peers on PostgreSQL. */
    private static List<Store> nodes(StoreFactory engine, TestDatabase db) {
        Store first = db.open(T0);
        return engine == StoreFactory.SQLITE ? List.of(first) : List.of(first, db.open(T0));
    }

    private static Group openGroup(Store store, Activity a, Instant now) {
        Decision<PlacedOrder> leader = store.placeInGroup(a, "leader", false, "G1", 1, null, now, null);
        assertThat(store.pay(a.shopId(), leader.value().order().id(), "p-leader", now, null).accepted()).isTrue();
        return store.group(a.shopId(), leader.value().order().groupId()).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void fortyBuyersOnEveryNodeRaceForFourSeatsAndFourGetThem(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = nodes(engine, db);
            String shop = nodes.getFirst().createShop("groups", T0).shopId();
            Activity a = groupOn(shop, 5, 3_600);
            assertThat(nodes.getFirst().createActivity(a, null).accepted()).isTrue();
            Instant now = T0.plusSeconds(10);
            Group g = openGroup(nodes.getFirst(), a, now);
            assertThat(g.status()).isEqualTo(GroupStatus.OPEN);

            CountDownLatch go = new CountDownLatch(1);
            List<Future<Decision<PlacedOrder>>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(40)) {
                for (int i = 0; i < 40; i++) {
                    Store node = nodes.get(i % nodes.size());
                    String buyer = "racer-" + i;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return node.placeInGroup(a, buyer, true, "G1", 1, g.id(), now, null);
                    }));
                }
                go.countDown();
                int seated = 0;
                for (var f : answers) {
                    Decision<PlacedOrder> d = f.get();
                    if (d.accepted()) seated++;
                    else assertThat(d.refusal().code()).isEqualTo(Code.GROUP_FULL);
                }
                assertThat(seated).isEqualTo(4);
            }
            Group full = nodes.getFirst().group(shop, g.id()).orElseThrow();
            assertThat(full.members()).hasSize(5);
            assertThat(db.query("SELECT COUNT(*) FROM orders WHERE group_id = ?", g.id()).getFirst().getFirst())
                    .satisfies(n -> assertThat(((Number) n).intValue()).isEqualTo(5));
            StoreFixtures.assertStockAddsUp(nodes.getFirst(), db);
            for (Store s : nodes) s.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anExpiredGroupFailsOnceWhicheverNodesRunTheScheduler(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = nodes(engine, db);
            String shop = nodes.getFirst().createShop("groups", T0).shopId();
            Activity a = groupOn(shop, 3, 600);
            assertThat(nodes.getFirst().createActivity(a, null).accepted()).isTrue();
            Instant now = T0.plusSeconds(10);
            Group g = openGroup(nodes.getFirst(), a, now);
            var member = nodes.getLast().placeInGroup(a, "member", true, "G1", 1, g.id(), now, null).value().order();
            assertThat(nodes.getLast().pay(shop, member.id(), "p-member", now, null).accepted()).isTrue();

            Instant late = now.plusSeconds(601);
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<Future<Integer>> runs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Store node = nodes.get(i % nodes.size());
                    runs.add(pool.submit(() -> { go.await(); return node.runDueActivityWork(late, 100); }));
                }
                go.countDown();
                for (var r : runs) r.get();
            }
            assertThat(nodes.getFirst().group(shop, g.id()).orElseThrow().status()).isEqualTo(GroupStatus.FAILED);
            assertThat(db.query("SELECT COUNT(*) FROM outbox WHERE type = 'group.failed' AND aggregate_id = ?", g.id()).getFirst().getFirst())
                    .satisfies(n -> assertThat(((Number) n).intValue()).as("one failure event").isEqualTo(1));
            assertThat(db.query("SELECT COUNT(*) FROM outbox WHERE type = 'order.refund_requested'").getFirst().getFirst())
                    .satisfies(n -> assertThat(((Number) n).intValue()).as("one refund request per paid order").isEqualTo(2));
            StoreFixtures.assertStockAddsUp(nodes.getFirst(), db);
            for (Store s : nodes) s.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void autoFindsTheGroupWithASeatBehindMoreThanAPageOfFullOnes(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("groups", T0).shopId();
            Activity a = groupOn(shop, 2, 3_600);
            assertThat(store.createActivity(a, null).accepted()).isTrue();
            Instant now = T0.plusSeconds(10);
            int full = GroupDesk.AUTO_CANDIDATES + 20; // full until their unpaid members' pay windows close
            for (int i = 0; i < full; i++) {
                var leader = store.placeInGroup(a, "leader-" + i, false, "G1", 1, null, now, null).value().order();
                assertThat(store.pay(shop, leader.id(), "p-" + i, now, null).accepted()).isTrue();
                assertThat(store.placeInGroup(a, "member-" + i, true, "G1", 1, leader.groupId(), now, null).accepted()).isTrue();
            }
            Instant later = now.plusSeconds(60); // expires after every full group
            var open = store.placeInGroup(a, "late-leader", false, "G1", 1, null, later, null).value().order();
            assertThat(store.pay(shop, open.id(), "p-late", later, null).accepted()).isTrue();

            var matched = store.placeInGroup(a, "newcomer", true, "G1", 1, "auto", later, null).value().order();
            assertThat(matched.groupId()).as("joins the one group with a seat, not a new one").isEqualTo(open.groupId());
            assertThat(store.groups(shop, a.id(), GroupStatus.OPEN, true, null, 500).items()).as("open with a seat left").isEmpty();
            assertThat(store.groups(shop, a.id(), GroupStatus.OPEN, false, null, 500).items()).hasSize(full + 1);
            store.close();
        }
    }
}
