package io.peercart.store;

import io.peercart.store.engine.Page;

import io.peercart.store.seckill.AuctionDrops;
import io.peercart.store.fcode.CodeBatch;
import io.peercart.store.fcode.CodeRow;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.order.PlacedOrder;

import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.fcode.CodeStatus;
import io.peercart.core.fcode.WrongCodes;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.stock.Stock;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Auction and fCode on both engines: the price the store charges, the drops it announces once, and
 * F codes from generation through ordering, racing, cancelling, paying, refunding and guessing.
 * One database per engine for the class; every test has its own shop.
 */
class AuctionAndFCodeStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<StoreFactory, TestDatabase> DATABASES = new ConcurrentHashMap<>();
    private static final Map<StoreFactory, Store> STORES = new ConcurrentHashMap<>();

    private TestDatabase db;
    private Store store;
    private final List<String> shops = new ArrayList<>();

    private Store open(StoreFactory engine) {
        db = DATABASES.computeIfAbsent(engine, StoreFactory::create);
        store = STORES.computeIfAbsent(engine, e -> db.open(T0));
        return store;
    }

    private String shop() {
        String id = store.createShop("shop", T0).shopId();
        shops.add(id);
        return id;
    }

    @AfterEach
    void stockAddsUp() {
        if (store != null) StoreFixtures.assertStockAddsUp(store, db, shops);
    }

    @AfterAll
    static void close() {
        DATABASES.values().forEach(TestDatabase::close);
        DATABASES.clear();
        STORES.clear();
    }

    /** 10000 fen, -1000 every 60 s, floor 7500; from T0 for an hour; 10 units, 1 per buyer. */
    private Activity auction(String shop, long stock) {
        Activity a = StoreFixtures.withType(seckill(shop, T0, T0, T0.plus(Duration.ofHours(1)), item("LOT", 10_000, stock, 1)),
                ActivityType.auction, Map.of("startPrice", 10_000, "floorPrice", 7_500, "dropAmount", 1_000, "dropIntervalSeconds", 60));
        assertThat(store.createActivity(a, null).accepted()).isTrue();
        return a;
    }

    private Activity fCode(String shop, String sku, long stock, Map<String, Object> rules) {
        Activity a = StoreFixtures.withType(seckill(shop, T0, T0, T0.plus(Duration.ofHours(2)), item(sku, 5_000, stock, 1)),
                ActivityType.fCode, rules);
        assertThat(store.createActivity(a, null).accepted()).isTrue();
        return a;
    }

    private List<String> codes(String shop, Activity a, int count) {
        CodeBatch batch = store.generateCodes(shop, a.id(), count, null, T0, null).value();
        List<String> out = new ArrayList<>();
        store.forEachCode(shop, a.id(), batch.id(), null, c -> out.add(c.code()));
        return out;
    }

    private CodeRow code(String shop, Activity a, String code) {
        List<CodeRow> rows = new ArrayList<>();
        store.forEachCode(shop, a.id(), null, null, c -> { if (c.code().equals(code)) rows.add(c); });
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private static void refused(Decision<?> d, Code code) {
        assertThat(d.accepted()).as("%s", d).isFalse();
        assertThat(d.refusal().code()).isEqualTo(code);
    }

    private List<JsonNode> drops(String shop, Activity a) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (OutboxEvent e : store.events(shop, a.id(), 0, 1000))
            if (e.type().equals(AuctionDrops.EVENT)) {
                assertThat(e.publicEvent()).isTrue();
                out.add(JSON.readTree(e.payload()));
            }
        return out;
    }

    // ---------------------------------------------------------------- auction

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void anAuctionOrderIsChargedTheServersPriceAndATamperedPriceChangesNothing(StoreFactory engine) {
        open(engine);
        String shop = shop();
        Activity a = auction(shop, 10);
        Instant now = T0.plusSeconds(150); // two drops: 8000
        refused(store.placeAuction(a, "b1", "LOT", 1, 10_000L, now, null), Code.PRICE_CHANGED);
        refused(store.placeAuction(a, "b1", "LOT", 1, 1L, now, null), Code.PRICE_CHANGED);
        assertThat(store.stock(shop, a.id()).getFirst().stock()).as("a refused price takes nothing").isEqualTo(Stock.of(10));
        assertThat(store.orders(shop, a.id(), null, 10).items()).isEmpty();

        Order o = store.placeAuction(a, "b1", "LOT", 1, 8_000L, now, null).value().order();
        assertThat(o.unitPriceFen()).isEqualTo(8_000);
        assertThat(o.amountFen()).isEqualTo(8_000);
        Order later = store.placeAuction(a, "b2", "LOT", 1, null, T0.plusSeconds(3000), null).value().order();
        assertThat(later.unitPriceFen()).as("at the floor").isEqualTo(7_500);
        assertThat(store.order(shop, o.id()).orElseThrow().unitPriceFen()).as("stored as charged").isEqualTo(8_000);
        assertThat(store.pay(shop, o.id(), "p1", now.plusSeconds(30), null).value().amountFen()).as("paid as locked").isEqualTo(8_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void everyPriceDropIsAnnouncedOnceAcrossRestartsAndPeers(StoreFactory engine) throws Exception {
        open(engine);
        String shop = shop();
        Activity a = auction(shop, 10);
        store.announcePriceDrops(T0.plusSeconds(59), 100);
        assertThat(drops(shop, a)).isEmpty();
        store.announcePriceDrops(T0.plusSeconds(60), 100);
        store.announcePriceDrops(T0.plusSeconds(61), 100);
        List<JsonNode> first = drops(shop, a);
        assertThat(first).hasSize(1);
        assertThat(first.getFirst().get("price").asLong()).isEqualTo(9_000);
        assertThat(first.getFirst().get("nextPrice").asLong()).isEqualTo(8_000);
        assertThat(first.getFirst().get("nextDropAt").asText()).isEqualTo(T0.plusSeconds(120).toString());
        assertThat(first.getFirst().get("floorPrice").asLong()).isEqualTo(7_500);

        // PostgreSQL: a second node on the same database, both running the job at once (SQLite: one node,
        // its scheduler and a concurrent caller)
        Store peer = engine == StoreFactory.POSTGRESQL ? db.open(T0) : store;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int second : new int[]{120, 121, 180, 240, 300}) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> runs = new ArrayList<>();
                for (Store s : List.of(store, peer, store, peer))
                    runs.add(pool.submit(() -> { go.await(); return s.announcePriceDrops(T0.plusSeconds(second), 100); }));
                go.countDown();
                for (Future<Integer> f : runs) f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<JsonNode> all = drops(shop, a);
        assertThat(all).extracting(n -> n.get("drop").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(all).extracting(n -> n.get("price").asLong()).containsExactly(9_000L, 8_000L, 7_500L);
        assertThat(all.get(2).get("nextPrice").isNull()).as("the floor: nothing follows").isTrue();
        assertThat(db.queryLong("SELECT COUNT(*) FROM auction_drops WHERE shop_id = ?", shop)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aRestartedNodeNeitherRepeatsNorLosesADrop(StoreFactory engine) throws Exception {
        try (TestDatabase own = engine.create()) {
            Store first = own.open(T0);
            String shop = first.createShop("restart", T0).shopId();
            Activity a = StoreFixtures.withType(seckill(shop, T0, T0, T0.plus(Duration.ofHours(1)), item("R1", 10_000, 5, 1)),
                    ActivityType.auction, Map.of("startPrice", 10_000, "floorPrice", 7_500, "dropAmount", 1_000, "dropIntervalSeconds", 60));
            assertThat(first.createActivity(a, null).accepted()).isTrue();
            assertThat(first.announcePriceDrops(T0.plusSeconds(60), 100)).isEqualTo(1);
            first.close();

            Store second = own.open(T0);
            assertThat(second.announcePriceDrops(T0.plusSeconds(61), 100)).as("drop 1 is not announced again").isZero();
            assertThat(second.announcePriceDrops(T0.plusSeconds(120), 100)).as("drop 2 is not lost").isEqualTo(1);
            List<Long> announced = new ArrayList<>();
            for (OutboxEvent e : second.events(shop, a.id(), 0, 100))
                if (e.type().equals(AuctionDrops.EVENT)) announced.add(JSON.readTree(e.payload()).get("drop").asLong());
            assertThat(announced).containsExactly(1L, 2L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void dropsMissedWhileDownAreAnnouncedAsOneAndACancelledAuctionStops(StoreFactory engine) throws Exception {
        open(engine);
        String shop = shop();
        Activity a = auction(shop, 10);
        store.announcePriceDrops(T0.plusSeconds(130), 100);
        List<JsonNode> d = drops(shop, a);
        assertThat(d).hasSize(1);
        assertThat(d.getFirst().get("drop").asLong()).isEqualTo(2);
        assertThat(d.getFirst().get("missedDrops").asLong()).isEqualTo(1);
        assertThat(d.getFirst().get("droppedAt").asText()).isEqualTo(T0.plusSeconds(120).toString());

        Activity b = auction(shop(), 10);
        assertThat(store.cancelActivity(b.shopId(), b.id(), T0.plusSeconds(30), null).accepted()).isTrue();
        store.announcePriceDrops(T0.plusSeconds(600), 100);
        assertThat(drops(b.shopId(), b)).isEmpty();
        assertThat(db.queryLong("SELECT COUNT(*) FROM auction_drops WHERE shop_id = ?", b.shopId())).isZero();
    }

    // ---------------------------------------------------------------- fCode

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void codesAreUniqueOverSeveralBatchesAndListedInPages(StoreFactory engine) {
        open(engine);
        String shop = shop();
        Activity a = fCode(shop, "P1", 10, Map.of());
        Activity b = fCode(shop, "P2", 10, Map.of());
        List<CodeBatch> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) batches.add(store.generateCodes(shop, i % 2 == 0 ? a.id() : b.id(), 3_000, i == 3 ? "VP" : null, T0, null).value());
        assertThat(db.queryLong("SELECT COUNT(*) FROM fcodes WHERE shop_id = ?", shop)).isEqualTo(12_000);
        assertThat(db.queryLong("SELECT COUNT(DISTINCT code) FROM fcodes WHERE shop_id = ?", shop)).isEqualTo(12_000);
        assertThat(db.queryLong("SELECT COUNT(*) FROM fcodes WHERE shop_id = ? AND batch_id = ? AND code LIKE 'VP%' AND LENGTH(code) = 14",
                shop, batches.get(3).id())).isEqualTo(3_000);

        Set<String> paged = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<CodeRow> page = store.codes(shop, a.id(), null, CodeStatus.UNUSED, cursor, 500);
            assertThat(page.items().size()).isLessThanOrEqualTo(500);
            page.items().forEach(c -> assertThat(paged.add(c.code())).isTrue());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(paged).hasSize(6_000);
        assertThat(pages).isEqualTo(12);
        assertThat(store.codes(shop, a.id(), batches.get(2).id(), null, null, 500).items())
                .allSatisfy(c -> assertThat(c.batchId()).isEqualTo(batches.get(2).id()));
        assertThat(store.codes(shop, a.id(), batches.get(1).id(), null, null, 500).items()).as("another activity's batch").isEmpty();
        assertThat(store.codes(shop, a.id(), null, CodeStatus.USED, null, 500).items()).isEmpty();

        // the batches of one activity, oldest first, each counted on its own
        var all = store.codeBatches(shop, a.id(), null, 500);
        assertThat(all.items()).extracting(f -> f.batch().id()).containsExactly(batches.get(0).id(), batches.get(2).id());
        assertThat(all.items()).allSatisfy(f -> assertThat(List.of(f.batch().count(), (int) f.unused(), (int) f.locked(), (int) f.used()))
                .containsExactly(3_000, 3_000, 0, 0));
        assertThat(all.nextCursor()).isNull();
        var first = store.codeBatches(shop, a.id(), null, 1);
        assertThat(first.nextCursor()).isEqualTo(batches.get(0).id());
        assertThat(store.codeBatches(shop, a.id(), first.nextCursor(), 1).items()).extracting(f -> f.batch().id()).containsExactly(batches.get(2).id());
        assertThat(store.codeBatches(shop, b.id(), null, 500).items()).extracting(f -> f.batch().prefix()).containsExactly(null, "VP");
        assertThat(store.codeBatches(shop(), a.id(), null, 500).items()).as("another shop").isEmpty();

        refused(store.generateCodes(shop, "act_nope", 1, null, T0, null), Code.NOT_FOUND);
        Activity s = seckill(shop, T0, T0, T0.plusSeconds(60), item("S1", 100, 1, 1));
        store.createActivity(s, null);
        refused(store.generateCodes(shop, s.id(), 1, null, T0, null), Code.WRONG_ACTIVITY_TYPE);
        refused(store.generateCodes(shop, a.id(), 1, null, T0.plus(Duration.ofHours(3)), null), Code.ACTIVITY_NOT_EDITABLE);
        refused(store.generateCodes(shop(), a.id(), 1, null, T0, null), Code.NOT_FOUND);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aHundredThousandCodesInOneCall(StoreFactory engine) {
        open(engine);
        String shop = shop();
        Activity a = fCode(shop, "BIG", 10, Map.of());
        long t0 = System.nanoTime();
        CodeBatch batch = store.generateCodes(shop, a.id(), 100_000, "BG", T0, null).value();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[%s] 100,000 codes in %d ms%n", engine, millis);
        assertThat(db.queryLong("SELECT COUNT(DISTINCT code) FROM fcodes WHERE shop_id = ? AND batch_id = ?", shop, batch.id())).isEqualTo(100_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void twentyBuyersRacingWithOneCodeGetExactlyOneOrder(StoreFactory engine) throws Exception {
        open(engine);
        String shop = shop();
        Activity a = fCode(shop, "RACE", 1_000, Map.of());
        List<String> codes = codes(shop, a, 5);
        Instant now = T0.plusSeconds(10);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int round = 0; round < codes.size(); round++) {
                String code = codes.get(round);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Decision<PlacedOrder>>> answers = new ArrayList<>();
                for (int b = 0; b < 20; b++) {
                    String buyer = "r" + round + "-b" + b;
                    answers.add(pool.submit(() -> { go.await(); return store.placeWithCode(a, buyer, "RACE", 1, code, now, null); }));
                }
                go.countDown();
                Map<Code, Integer> refusals = new EnumMap<>(Code.class);
                List<Order> orders = new ArrayList<>();
                for (var f : answers) {
                    Decision<PlacedOrder> d = f.get(30, TimeUnit.SECONDS);
                    if (d.accepted()) orders.add(d.value().order());
                    else refusals.merge(d.refusal().code(), 1, Integer::sum);
                }
                assertThat(orders).as("round %d", round).hasSize(1);
                assertThat(refusals).isEqualTo(Map.of(Code.CODE_LOCKED, 19));
                CodeRow row = code(shop, a, code);
                assertThat(row.status()).isEqualTo(CodeStatus.LOCKED);
                assertThat(row.orderId()).isEqualTo(orders.getFirst().id());
                assertThat(row.buyerId()).isEqualTo(orders.getFirst().buyerId());
            }
        } finally {
            pool.shutdownNow();
        }
        Stock s = store.stock(shop, a.id()).getFirst().stock();
        assertThat(s.reserved()).as("the losers took no stock").isEqualTo(5);
        assertThat(db.queryLong("SELECT COUNT(*) FROM buyer_quota WHERE shop_id = ? AND units > 0", shop)).isEqualTo(5);
        assertThat(db.queryLong("SELECT COUNT(*) FROM fcode_wrong_codes WHERE shop_id = ?", shop)).as("a taken code is no guess").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void theCodeFollowsItsOrderThroughCancelTimeoutPayAndRefund(StoreFactory engine) {
        open(engine);
        String shop = shop();
        Activity a = fCode(shop, "FOLLOW", 100, Map.of());
        List<String> codes = codes(shop, a, 3);
        Instant now = T0.plusSeconds(10);

        refused(store.placeWithCode(a, "b1", "FOLLOW", 2, codes.get(0), now, null), Code.ORDER_LIMIT_EXCEEDED);
        Order o1 = store.placeWithCode(a, "b1", "FOLLOW", 1, codes.get(0).toLowerCase(), now, null).value().order();
        assertThat(code(shop, a, codes.get(0)).status()).isEqualTo(CodeStatus.LOCKED);
        refused(store.placeWithCode(a, "b2", "FOLLOW", 1, codes.get(0), now, null), Code.CODE_LOCKED);
        store.cancelOrder(shop, o1.id(), "BUYER_CANCELLED", now.plusSeconds(1), null).value();
        CodeRow freed = code(shop, a, codes.get(0));
        assertThat(freed.status()).as("cancel returns the code").isEqualTo(CodeStatus.UNUSED);
        assertThat(freed.orderId()).isNull();

        Order o2 = store.placeWithCode(a, "b2", "FOLLOW", 1, codes.get(0), now.plusSeconds(2), null).value().order();
        store.expireDueOrders(o2.payDeadline(), 100);
        assertThat(store.order(shop, o2.id()).orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(code(shop, a, codes.get(0)).status()).as("a timeout returns the code").isEqualTo(CodeStatus.UNUSED);

        Order o3 = store.placeWithCode(a, "b3", "FOLLOW", 1, codes.get(0), now.plusSeconds(3), null).value().order();
        store.pay(shop, o3.id(), "pay-3", now.plusSeconds(4), null).value();
        assertThat(code(shop, a, codes.get(0)).status()).isEqualTo(CodeStatus.USED);
        refused(store.placeWithCode(a, "b4", "FOLLOW", 1, codes.get(0), now.plusSeconds(5), null), Code.CODE_USED);
        store.refund(shop, o3.id(), "MERCHANT_REFUND", now.plusSeconds(6), null).value();
        CodeRow used = code(shop, a, codes.get(0));
        assertThat(used.status()).as("stays used after a refund").isEqualTo(CodeStatus.USED);
        assertThat(used.orderId()).isEqualTo(o3.id());

        Activity reusable = fCode(shop, "REUSE", 100, Map.of("codeReusableAfterRefund", true));
        String c = codes(shop, reusable, 1).getFirst();
        Order o4 = store.placeWithCode(reusable, "b5", "REUSE", 1, c, now, null).value().order();
        store.pay(shop, o4.id(), "pay-4", now, null).value();
        store.refund(shop, o4.id(), "MERCHANT_REFUND", now, null).value();
        assertThat(code(shop, reusable, c).status()).as("the activity says a refund frees it").isEqualTo(CodeStatus.UNUSED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void wrongCodesAreCountedPerBuyerUntilTheHourPasses(StoreFactory engine) throws Exception {
        open(engine);
        String shop = shop();
        Activity a = fCode(shop, "GUESS", 100, Map.of("maxWrongCodesPerHour", 3));
        Activity other = fCode(shop, "OTHER", 100, Map.of());
        String good = codes(shop, a, 1).getFirst();
        String elsewhere = codes(shop, other, 1).getFirst();
        Instant now = T0.plusSeconds(10);

        refused(store.placeWithCode(a, "g", "GUESS", 1, null, now, null), Code.VALIDATION_FAILED);
        refused(store.placeWithCode(a, "g", "GUESS", 1, "ZZZZZZZZZZZZ", now, null), Code.INVALID_CODE);
        refused(store.placeWithCode(a, "g", "GUESS", 1, "short", now.plusSeconds(1), null), Code.INVALID_CODE);
        refused(store.placeWithCode(a, "g", "GUESS", 1, elsewhere, now.plusSeconds(2), null), Code.INVALID_CODE);
        refused(store.placeWithCode(a, "g", "GUESS", 1, good, now.plusSeconds(3), null), Code.TOO_MANY_ATTEMPTS);
        refused(store.placeWithCode(a, "g", "GUESS", 1, "ZZZZZZZZZZZY", now.plusSeconds(4), null), Code.TOO_MANY_ATTEMPTS);
        assertThat(store.placeWithCode(a, "someone-else", "GUESS", 1, "ZZZZZZZZZZZX", now, null).refusal().code())
                .as("counted per buyer").isEqualTo(Code.INVALID_CODE);
        assertThat(store.stock(shop, a.id()).getFirst().stock()).isEqualTo(Stock.of(100));

        Instant later = now.plus(WrongCodes.WINDOW);
        assertThat(store.placeWithCode(a, "g", "GUESS", 1, good, later, null).accepted()).as("the first wrong code aged out").isTrue();

        // many wrong codes at once from one buyer (two peers on PostgreSQL): never more counted than the limit
        Store peer = engine == StoreFactory.POSTGRESQL ? db.open(T0) : store;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Code>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Store s = i % 2 == 0 ? store : peer;
                String guess = "ZZZZZZZZZZ" + (char) ('A' + i) + "Z";
                answers.add(pool.submit(() -> { go.await(); return s.placeWithCode(a, "storm", "GUESS", 1, guess, now, null).refusal().code(); }));
            }
            go.countDown();
            Map<Code, Integer> seen = new EnumMap<>(Code.class);
            for (Future<Code> f : answers) seen.merge(f.get(30, TimeUnit.SECONDS), 1, Integer::sum);
            assertThat(seen).isEqualTo(Map.of(Code.INVALID_CODE, 3, Code.TOO_MANY_ATTEMPTS, 13));
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.purgeWrongCodes(later.plus(WrongCodes.WINDOW), 1_000)).isGreaterThanOrEqualTo(2);
    }
}
