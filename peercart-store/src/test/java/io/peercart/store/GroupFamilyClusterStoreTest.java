package io.peercart.store;

import io.peercart.store.outbox.OutboxEvent;

import static io.peercart.store.GroupFamilyFixtures.ENDS;
import static io.peercart.store.GroupFamilyFixtures.T0;
import static io.peercart.store.GroupFamilyFixtures.activity;
import static io.peercart.store.GroupFamilyFixtures.created;
import static io.peercart.store.GroupFamilyFixtures.events;
import static io.peercart.store.GroupFamilyFixtures.groupItem;
import static io.peercart.store.GroupFamilyFixtures.paidGroup;
import static io.peercart.store.GroupFamilyFixtures.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.draw.Draw;
import io.peercart.store.draw.PublishedDraw;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
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
 * The scheduled group work of every kind — groupOn expiry, a ladder group's settlement, a
 * luckyDrawGroup draw, a tuan settlement — run by several schedulers at the same moment: on
 * PostgreSQL two nodes on one database with two threads each, on SQLite four threads on the one
 * store. Each item must be done exactly once: one event per change, loser points credited once.
 */
class GroupFamilyClusterStoreTest {
    private static final Instant NOW = T0.plusSeconds(10);
    private static final int THREADS_PER_NODE = 4;

    /** Every node's threads call runDueActivityWork(now) at once; returns the items they moved. */
    private static int race(List<Store> nodes, Instant now) throws Exception {
        int threads = nodes.size() == 1 ? THREADS_PER_NODE : THREADS_PER_NODE / 2 * nodes.size();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                Store node = nodes.get(i % nodes.size());
                runs.add(pool.submit(() -> {
                    go.await();
                    return node.runDueActivityWork(now, 100);
                }));
            }
            go.countDown();
            int moved = 0;
            for (Future<Integer> r : runs) moved += r.get();
            return moved;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentSchedulersDoEachExpiryDrawAndSettlementExactlyOnce(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = GroupFamilyFixtures.nodes(engine, db);
            Store first = nodes.getFirst(), last = nodes.getLast();
            String shop = first.createShop("cluster", T0).shopId();

            Activity groupOn = created(first, activity(shop, "groupOn", groupItem("G1", 9_900, 1), Map.of("groupSize", 3, "groupTtlSeconds", 600)));
            List<Order> failing = new ArrayList<>();
            for (int i = 0; i < 4; i++) failing.addAll(paidGroup(nodes.get(i % nodes.size()), groupOn, "fail" + i, 1, NOW));

            Activity ladder = created(first, activity(shop, "groupOn", groupItem("D1", 9_900, 1), Map.of("groupTtlSeconds", 600,
                    "tiers", List.of(Map.of("size", 2, "price", 9_900), Map.of("size", 3, "price", 8_900), Map.of("size", 5, "price", 6_900)))));
            List<Order> laddered = new ArrayList<>();
            for (int i = 0; i < 2; i++) laddered.addAll(paidGroup(nodes.get(i % nodes.size()), ladder, "ladder" + i, 2, NOW));

            Activity lucky = created(first, activity(shop, "luckyDrawGroup", groupItem("L1", 500, 1),
                    Map.of("groupSize", 2, "winners", 2, "loserPoints", 10)));
            List<Order> entries = new ArrayList<>();
            for (int i = 0; i < 3; i++) entries.addAll(paidGroup(nodes.get(i % nodes.size()), lucky, "lucky" + i, 1, NOW));

            Activity tuan = created(first, activity(shop, "tuan", GroupFamilyFixtures.tuanItem("T1", 10_000, 1),
                    Map.of("tiers", List.of(Map.of("minBuyers", 2, "cashbackPercent", 5)), "settlementDelaySeconds", 60)));
            List<Order> bought = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Store node = nodes.get(i % nodes.size());
                bought.add(pay(node, node.place(tuan, "tuan" + i, "T1", 1, NOW, null).value().order(), NOW));
            }

            Instant late = ENDS.plusSeconds(3_600); // every group expired, the draw and the settlement due
            int moved = race(nodes, late);
            assertThat(race(nodes, late.plusSeconds(60))).as("nothing is left to do").isZero();

            assertThat(events(first, shop, groupOn.id(), "group.failed")).extracting(OutboxEvent::aggregateId)
                    .as("each group failed once").doesNotHaveDuplicates().hasSize(4);
            assertThat(events(first, shop, groupOn.id(), "order.refund_requested")).extracting(OutboxEvent::aggregateId)
                    .containsExactlyInAnyOrderElementsOf(failing.stream().map(Order::id).toList());
            for (Order o : failing) assertThat(last.order(shop, o.id()).orElseThrow().reason()).isEqualTo("GROUP_FAILED");

            assertThat(events(first, shop, ladder.id(), "group.succeeded")).hasSize(2);
            assertThat(events(first, shop, ladder.id(), "order.cashback")).extracting(OutboxEvent::aggregateId)
                    .containsExactlyInAnyOrderElementsOf(laddered.stream().map(Order::id).toList());
            for (Order o : laddered) assertThat(last.order(shop, o.id()).orElseThrow().cashbackFen()).isEqualTo(1_000);

            assertThat(events(first, shop, lucky.id(), "draw.completed")).as("drawn once").hasSize(1);
            PublishedDraw draw = last.draws(shop, lucky.id()).getFirst();
            List<String> published = draw.entries(), winners = draw.winners();
            assertThat(published).containsExactlyInAnyOrderElementsOf(entries.stream().map(Order::id).toList());
            assertThat(winners).isEqualTo(Draw.winners(draw.seed(), published, 2));
            assertThat(events(first, shop, lucky.id(), "order.refund_requested")).as("one per loser").hasSize(4);
            for (Order o : entries) {
                boolean won = winners.contains(o.id());
                assertThat(last.order(shop, o.id()).orElseThrow().status()).isEqualTo(won ? OrderStatus.RELEASED : OrderStatus.REFUND_REQUESTED);
                assertThat(last.memberPoints(shop, o.buyerId(), late).available()).as("points of %s, credited once", o.buyerId())
                        .isEqualTo(won ? 0 : 10);
            }

            assertThat(events(first, shop, tuan.id(), "cashback.settled")).as("settled once").hasSize(1);
            assertThat(events(first, shop, tuan.id(), "order.cashback")).extracting(OutboxEvent::aggregateId)
                    .containsExactlyInAnyOrderElementsOf(bought.stream().map(Order::id).toList());
            assertThat(last.settlement(shop, tuan.id()).orElseThrow().outcome().cashbackTotal()).isEqualTo(1_500);

            assertThat(first.groups(shop, groupOn.id(), GroupStatus.FAILED, false, null, 100).items()).hasSize(4);
            assertThat(moved).as("at least every order moved (settlements may be counted by each node that saw them due)")
                    .isGreaterThanOrEqualTo(failing.size() + laddered.size() + entries.size());
            StoreFixtures.assertStockAddsUp(first, db);
        }
    }
}
