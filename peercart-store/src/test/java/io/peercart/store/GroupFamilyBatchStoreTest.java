package io.peercart.store;

import io.peercart.store.engine.StoreException;

import io.peercart.store.draw.PublishedDraw;
import io.peercart.store.tuan.Settlement;

import static io.peercart.store.GroupFamilyFixtures.ENDS;
import static io.peercart.store.GroupFamilyFixtures.T0;
import static io.peercart.store.GroupFamilyFixtures.activity;
import static io.peercart.store.GroupFamilyFixtures.created;
import static io.peercart.store.GroupFamilyFixtures.events;
import static io.peercart.store.GroupFamilyFixtures.number;
import static io.peercart.store.GroupFamilyFixtures.pay;
import static io.peercart.store.GroupFamilyFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.draw.DrawOutcome;
import io.peercart.core.draw.DrawRules;
import io.peercart.core.order.Order;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.engine.Dialect;
import io.peercart.store.group.GroupDesk;
import io.peercart.store.outbox.OutboxEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Due work bigger than one writer task (GroupDesk.ROWS_PER_TASK orders): an activity's draw and a
 * tuan settlement over more orders than that are done in several tasks and come out exactly as one
 * decision over all of them would — the published draw equal to DrawRules' over every entry, every
 * order moved once, each event and each consolation once — when several schedulers (two PostgreSQL
 * nodes) run them at once, and when a task fails half-way (a crash) and a later run goes on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupFamilyBatchStoreTest {
    private static final Instant NOW = T0.plusSeconds(10);
    private static final int GROUP_SIZE = 100;
    private static final int GROUPS = 12; // 1,200 entries: twelve tasks
    private static final int WINNERS = 300;
    private static final long LOSER_POINTS = 50;

    /** A ¥0 lucky draw (orders paid as they are made) of 100-seat groups, {@code WINNERS} prizes, loser points. */
    private static Activity freeDraw(String shop) {
        return activity(shop, "luckyDrawGroup", new ItemDraft("L0", 12_900L, null, 10_000L, 1, 1, 500L, 0L, null, null),
                Map.of("groupSize", GROUP_SIZE, "winners", WINNERS, "loserPoints", LOSER_POINTS));
    }

    /** Runs {@code task(i)} for i in [0, n) on several threads (the writer batches them) and returns the results in order. */
    private static <T> List<T> parallel(int n, IntFunction<T> task) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 12))) {
            List<Future<T>> runs = IntStream.range(0, n).mapToObj(i -> pool.submit(() -> task.apply(i))).toList();
            List<T> out = new ArrayList<>();
            for (Future<T> f : runs) out.add(f.get());
            return out;
        }
    }

    /** Full ¥0 groups (each succeeds when its last seat is taken), built on several threads; returns their ids. */
    private static List<String> fullGroups(List<Store> nodes, Activity a, int groups) throws Exception {
        return parallel(groups, g -> {
            Store node = nodes.get(g % nodes.size());
            Order leader = GroupFamilyFixtures.place(node, a, "g" + g + "-leader", 1, null, NOW);
            for (int m = 1; m < GROUP_SIZE; m++) GroupFamilyFixtures.place(node, a, "g" + g + "-m" + m, 1, leader.groupId(), NOW);
            return leader.groupId();
        });
    }

    /** Every node's threads call runDueActivityWork(now) at once; returns the sum of what they moved. */
    private static int race(List<Store> nodes, Instant now) throws Exception {
        int threads = 4;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Store node = nodes.get(i % nodes.size());
                runs.add(pool.submit(() -> {
                    go.await();
                    return node.runDueActivityWork(now, 100);
                }));
            }
            go.countDown();
            int moved = 0;
            for (Future<Integer> r : runs) moved += r.get(60, TimeUnit.SECONDS);
            return moved;
        }
    }

    /** What DrawRules decides over every entry of the activity's (succeeded, fully paid) groups, in group id order. */
    private static DrawOutcome expectedDraw(Store store, String shop, Activity a, List<String> groupIds, String seed) {
        List<List<String>> perGroup = groupIds.stream().sorted()
                .map(id -> DrawRules.entries(store.group(shop, id).orElseThrow(), order -> true)).toList();
        return DrawRules.draw(seed, perGroup, null, WINNERS);
    }

    private static String seed(TestDatabase db, Activity a) {
        return (String) db.query("SELECT seed FROM draws WHERE activity_id = ?", a.id()).getFirst().getFirst();
    }


    /** How many events of {@code type} each aggregate got. */
    private static Map<String, Long> perAggregate(Store store, String shop, String activityId, String type) {
        return events(store, shop, activityId, type).stream().collect(Collectors.groupingBy(OutboxEvent::aggregateId, Collectors.counting()));
    }

    /**
     * The draw as published equals DrawRules' over all entries; each winner released once, each
     * loser of this ¥0 draw refunded once (nothing to refund: closed at once) with its points once;
     * one draw.completed.
     */
    private static void assertDrawnOnce(Store store, TestDatabase db, String shop, Activity a, DrawOutcome expected, Instant at) {
        PublishedDraw draw = store.draws(shop, a.id()).getFirst();
        assertThat(draw.drawn()).isTrue();
        assertThat(draw.entries()).as("entries as one decision over all of them").isEqualTo(expected.entries());
        assertThat(draw.winners()).as("winners as one decision over all of them").isEqualTo(expected.winners());
        Map<String, Long> released = perAggregate(store, shop, a.id(), "order.released");
        Map<String, Long> refunds = perAggregate(store, shop, a.id(), "order.refunded");
        assertThat(released.keySet()).containsExactlyInAnyOrderElementsOf(expected.winners());
        assertThat(refunds.keySet()).containsExactlyInAnyOrderElementsOf(expected.losers());
        assertThat(released.values()).as("each winner released once").containsOnly(1L);
        assertThat(refunds.values()).as("each loser refunded once").containsOnly(1L);
        assertThat(perAggregate(store, shop, a.id(), "order.refund_requested")).as("no refund of nothing is asked for").isEmpty();
        for (List<Object> r : db.query("SELECT status, reason, COUNT(*) FROM orders WHERE activity_id = ? GROUP BY status, reason", a.id())) {
            long n = number(r.get(2));
            if ("RELEASED".equals(r.get(0))) assertThat(n).isEqualTo(WINNERS);
            else assertThat(r.subList(0, 2)).as("every other entry lost").containsExactly("REFUNDED", "DRAW_LOST");
        }
        assertThat(events(store, shop, a.id(), "draw.completed")).as("published once").singleElement()
                .satisfies(e -> assertThat(payload(e).get("entries").asInt()).isEqualTo(expected.entries().size()));
        for (List<Object> r : db.query("SELECT o.id, COUNT(t.id), COALESCE(SUM(t.amount), 0) FROM orders o LEFT JOIN points_transactions t"
                + " ON t.shop_id = o.shop_id AND t.buyer_id = o.buyer_id AND t.reason = ? WHERE o.activity_id = ? GROUP BY o.id",
                "luckyDrawGroup:" + a.id(), a.id())) {
            boolean won = expected.won((String) r.get(0));
            assertThat(List.of(number(r.get(1)), number(r.get(2)))).as("loserPoints of %s (won: %s), once", r.get(0), won)
                    .containsExactly(won ? 0L : 1L, won ? 0L : LOSER_POINTS);
        }
        StoreFixtures.assertStockAddsUp(store, db);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aDrawOverMoreEntriesThanOneTaskIsTheDrawOverAllOfThemDoneOnceByRacingSchedulers(StoreFactory engine) throws Exception {
        assertThat(GROUPS * GROUP_SIZE).as("more than two tasks' worth").isGreaterThan(2 * GroupDesk.ROWS_PER_TASK);
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = GroupFamilyFixtures.nodes(engine, db);
            Store store = nodes.getFirst();
            String shop = store.createShop("batch-draw", T0).shopId();
            Activity a = created(store, freeDraw(shop));
            List<String> groups = fullGroups(nodes, a, GROUPS);
            DrawOutcome expected = expectedDraw(store, shop, a, groups, seed(db, a));

            assertThat(race(nodes, ENDS.plusSeconds(1))).as("every entry moved, once").isEqualTo(GROUPS * GROUP_SIZE);
            assertThat(race(nodes, ENDS.plusSeconds(3_600))).as("nothing left").isZero();
            assertDrawnOnce(store, db, shop, a, expected, ENDS.plusSeconds(3_600));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aDrawStoppedHalfWayGoesOnFromItsCursorAndMovesEveryOrderOnce(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = GroupFamilyFixtures.nodes(engine, db);
            Store store = nodes.getFirst();
            String shop = store.createShop("batch-crash", T0).shopId();
            Activity a = created(store, freeDraw(shop));
            List<String> groups = fullGroups(nodes, a, GROUPS);
            DrawOutcome expected = expectedDraw(store, shop, a, groups, seed(db, a));
            int tasksDone = 3;
            String stopAt = expected.entries().get(tasksDone * GroupDesk.ROWS_PER_TASK + GroupDesk.ROWS_PER_TASK / 2); // in the fourth task

            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                failUpdatesOf(s, db.dialect(), stopAt);
                assertThatThrownBy(() -> store.runDueActivityWork(ENDS.plusSeconds(1), 100)).as("the fourth task fails")
                        .isInstanceOf(StoreException.class); // the cause, not a NullPointerException over SQLite's null SQLState
                assertThat(store.draws(shop, a.id()).getFirst().drawn()).as("not published half-way").isFalse();
                assertThat(db.queryLong("SELECT applied FROM draws WHERE activity_id = ?", a.id())).as("the first tasks stay done")
                        .isEqualTo(tasksDone * GroupDesk.ROWS_PER_TASK);
                assertThat(db.queryLong("SELECT COUNT(*) FROM orders WHERE activity_id = ? AND status <> 'PAID'", a.id()))
                        .isEqualTo(tasksDone * GroupDesk.ROWS_PER_TASK);
                assertThat(events(store, shop, a.id(), "draw.completed")).isEmpty();
                assertThat(store.runDueActivityWork(ENDS.plusSeconds(30), 100)).as("claimed by the failed run until its claim lapses").isZero();
                s.execute(db.dialect() == Dialect.POSTGRES ? "DROP TRIGGER stop_at ON orders" : "DROP TRIGGER stop_at");
            }
            assertThat(race(nodes, ENDS.plusSeconds(120))).as("the rest, once").isEqualTo(GROUPS * GROUP_SIZE - tasksDone * GroupDesk.ROWS_PER_TASK);
            assertDrawnOnce(store, db, shop, a, expected, ENDS.plusSeconds(120));
        }
    }

    /** A trigger that fails any update of one order: the task moving it fails and rolls back, as if the node died there. */
    private static void failUpdatesOf(Statement s, Dialect dialect, String orderId) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            s.execute("CREATE TRIGGER stop_at BEFORE UPDATE ON orders WHEN NEW.id = '" + orderId + "' BEGIN SELECT RAISE(ABORT, 'stopped'); END");
        } else {
            s.execute("CREATE FUNCTION stop_at() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''stopped''; END'");
            s.execute("CREATE TRIGGER stop_at BEFORE UPDATE ON orders FOR EACH ROW WHEN (NEW.id = '" + orderId + "') EXECUTE FUNCTION stop_at()");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aSettlementOverMoreOrdersThanOneTaskPaysEachOnceWithTheRightTotals(StoreFactory engine) throws Exception {
        int buyers = 1_100; // eleven pages and a short one
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = GroupFamilyFixtures.nodes(engine, db);
            Store store = nodes.getFirst();
            String shop = store.createShop("batch-tuan", T0).shopId();
            Activity a = created(store, activity(shop, "tuan", new ItemDraft("T1", 10_000L, null, 5_000L, 2, 2),
                    Map.of("tiers", List.of(Map.of("minBuyers", 10, "cashbackPercent", 5), Map.of("minBuyers", 1_000, "cashbackPercent", 10)),
                            "settlementDelaySeconds", 60)));
            List<Order> paid = parallel(buyers, i -> {
                Store node = nodes.get(i % nodes.size());
                return pay(node, node.place(a, "b" + i, "T1", 1 + i % 2, NOW, null).value().order(), NOW);
            });
            Order refunded = paid.getFirst();
            assertThat(store.refund(shop, refunded.id(), "returned", NOW.plusSeconds(60), null).accepted()).isTrue();
            Order unpaid = store.place(a, "unpaid", "T1", 1, NOW, null).value().order();
            List<Order> eligible = paid.subList(1, paid.size());

            assertThat(race(nodes, ENDS.plusSeconds(60))).as("one settlement").isEqualTo(1);
            assertThat(race(nodes, ENDS.plusSeconds(3_600))).as("nothing left").isZero();

            Map<String, Long> cashbacks = perAggregate(store, shop, a.id(), "order.cashback");
            assertThat(cashbacks.keySet()).containsExactlyInAnyOrderElementsOf(eligible.stream().map(Order::id).toList());
            assertThat(cashbacks.values()).as("each order's cashback once").containsOnly(1L);
            long total = 0;
            for (Order o : eligible) {
                long expected = o.amountFen() / 10; // 1,100 buyers reached the 10 % tier
                assertThat(store.order(shop, o.id()).orElseThrow().cashbackFen()).isEqualTo(expected);
                total += expected;
            }
            assertThat(store.order(shop, refunded.id()).orElseThrow().cashbackFen()).isZero();
            assertThat(store.order(shop, unpaid.id()).orElseThrow().cashbackFen()).isZero();
            long expectedTotal = total;
            assertThat(events(store, shop, a.id(), "cashback.settled")).as("settled once").singleElement().satisfies(e -> {
                assertThat(payload(e).get("buyers").asInt()).isEqualTo(buyers - 1);
                assertThat(payload(e).get("tier").get("cashbackPercent").asInt()).isEqualTo(10);
                assertThat(payload(e).get("orders").asInt()).isEqualTo(eligible.size());
                assertThat(payload(e).get("cashbackTotal").asLong()).isEqualTo(expectedTotal);
            });
            Settlement settlement = store.settlement(shop, a.id()).orElseThrow();
            assertThat(settlement.settled()).isTrue();
            assertThat(settlement.outcome().buyers()).isEqualTo(buyers - 1);
            assertThat(settlement.outcome().cashbackOrders()).isEqualTo(eligible.size());
            assertThat(settlement.outcome().cashbackTotal()).isEqualTo(expectedTotal);
        }
    }
}
