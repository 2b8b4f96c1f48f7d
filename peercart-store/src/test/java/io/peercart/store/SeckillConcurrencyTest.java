package io.peercart.store;

import io.peercart.store.engine.Page;

import io.peercart.store.activity.ActivityStats;
import io.peercart.store.fcode.CodeRow;
import io.peercart.store.order.PlacedOrder;

import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Item;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.stock.Stock;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hot path under contention, on both engines and for every stock-selling type built so far
 * (seckill, auction, fCode): 5,000 buyers, each trying twice, from 64 threads at once, for 500
 * units with a limit of one per buyer. Exactly 500 orders, no buyer twice, every other attempt
 * refused as sold out or over the limit (for fCode: or the buyer's own code already held), and the
 * stock adds up.
 */
class SeckillConcurrencyTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant NOW = T0.plusSeconds(60);
    private static final int STOCK = 500;
    private static final int BUYERS = 5_000;
    private static final int TRIES_PER_BUYER = 2;
    private static final int THREADS = 64;

    static Stream<Arguments> enginesAndTypes() {
        return StoreFixtures.stores().flatMap(e -> Stream.of(ActivityType.seckill, ActivityType.auction, ActivityType.fCode)
                .map(t -> Arguments.of(e, t)));
    }

    /** The activity of the type under test, with what each buyer needs to order (an F code for fCode). */
    static Activity activity(ActivityType type, String shop, Item item) {
        Activity s = seckill(shop, T0, T0, T0.plus(Duration.ofHours(1)), item);
        return switch (type) {
            case seckill -> s;
            case auction -> StoreFixtures.withType(s, ActivityType.auction, Map.of("startPrice", item.priceFen(),
                    "floorPrice", item.priceFen() / 2, "dropAmount", 100, "dropIntervalSeconds", 10));
            case fCode -> StoreFixtures.withType(s, ActivityType.fCode, Map.of());
            default -> throw new IllegalArgumentException(type.name());
        };
    }

    static Decision<Order> place(Store store, Activity a, String buyer, Map<String, String> codes) {
        return switch (a.type()) {
            case auction -> store.placeAuction(a, buyer, "HOT", 1, null, NOW, null).map(PlacedOrder::order);
            case fCode -> store.placeWithCode(a, buyer, "HOT", 1, codes.get(buyer), NOW, null).map(PlacedOrder::order);
            default -> store.placeOrder(a, buyer, "HOT", 1, NOW, null);
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("enginesAndTypes")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void fiveThousandBuyersTryingTwiceGetExactlyTheFiveHundredUnits(StoreFactory engine, ActivityType type) throws Exception {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("flash", T0).shopId();
            Activity created = activity(type, shop, item("HOT", 9900, STOCK, 1));
            assertThat(store.createActivity(created, null).accepted()).isTrue();
            Activity a = store.activity(shop, created.id()).orElseThrow();
            Map<String, String> codes = new HashMap<>();
            if (type == ActivityType.fCode) {
                assertThat(store.generateCodes(shop, a.id(), BUYERS, null, T0, null).accepted()).isTrue();
                List<CodeRow> all = new ArrayList<>();
                store.forEachCode(shop, a.id(), null, null, all::add);
                for (int b = 0; b < BUYERS; b++) codes.put("buyer-" + b, all.get(b).code());
            }

            List<String> attempts = new ArrayList<>(BUYERS * TRIES_PER_BUYER);
            for (int t = 0; t < TRIES_PER_BUYER; t++)
                for (int b = 0; b < BUYERS; b++) attempts.add("buyer-" + b);
            Collections.shuffle(attempts, new Random(42)); // a buyer's two tries land anywhere, often concurrently

            Map<Code, LongAdder> refusals = new ConcurrentHashMap<>();
            List<Order> accepted = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger next = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            long batchesBefore = store.writerCounters()[0];
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long elapsedNanos;
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < THREADS; w++) {
                    workers.add(pool.submit(() -> {
                        start.await();
                        for (int i; (i = next.getAndIncrement()) < attempts.size(); ) {
                            Decision<Order> d = place(store, a, attempts.get(i), codes);
                            if (d instanceof Decision.Accepted<Order>(Order o)) accepted.add(o);
                            else refusals.computeIfAbsent(d.refusal().code(), c -> new LongAdder()).increment();
                        }
                        return null;
                    }));
                }
                long t0 = System.nanoTime();
                start.countDown();
                for (Future<?> f : workers) f.get(50, TimeUnit.SECONDS);
                elapsedNanos = System.nanoTime() - t0;
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }

            Map<Code, Long> counts = new EnumMap<>(Code.class);
            refusals.forEach((code, n) -> counts.put(code, n.sum()));
            long[] writer = store.writerCounters();
            System.out.printf("[%s %s] %d attempts from %d threads in %d ms: %d accepted, refused %s; %d write batches%n",
                    engine, type, attempts.size(), THREADS, TimeUnit.NANOSECONDS.toMillis(elapsedNanos), accepted.size(), counts,
                    writer[0] - batchesBefore);

            assertThat(accepted).hasSize(STOCK);
            assertThat(accepted).extracting(Order::buyerId).doesNotHaveDuplicates();
            if (type == ActivityType.fCode) assertThat(counts.keySet()).isSubsetOf(Code.SOLD_OUT, Code.LIMIT_REACHED, Code.CODE_LOCKED);
            else assertThat(counts.keySet()).containsOnly(Code.SOLD_OUT, Code.LIMIT_REACHED);
            assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(attempts.size() - STOCK);

            List<Order> stored = new ArrayList<>();
            String cursor = null;
            do {
                Page<Order> page = store.orders(shop, a.id(), cursor, 200);
                stored.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(stored).hasSize(STOCK);
            Set<String> buyers = new HashSet<>();
            for (Order o : stored) {
                assertThat(buyers.add(o.buyerId())).as("%s ordered once", o.buyerId()).isTrue();
                assertThat(o.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
                assertThat(o.quantity()).isEqualTo(1);
            }
            assertThat(stored).containsExactlyInAnyOrderElementsOf(accepted);

            Stock s = store.stock(shop, a.id()).getFirst().stock();
            assertThat(s.available() + s.leased() + s.reserved() + s.sold()).isEqualTo(STOCK);
            assertThat(s).isEqualTo(new Stock(STOCK, 0, 0, STOCK, 0));
            ActivityStats stats = store.stats(shop, a.id());
            assertThat(stats.orders()).isEqualTo(STOCK);
            assertThat(stats.participants()).isEqualTo(STOCK);
            assertThat(db.queryLong("SELECT COUNT(*) FROM buyer_quota WHERE shop_id = ? AND units = 1", shop)).isEqualTo(STOCK);
            StoreFixtures.assertStockAddsUp(store, db);
            if (type == ActivityType.fCode) {
                assertThat(db.queryLong("SELECT COUNT(*) FROM fcodes WHERE shop_id = ? AND status = 'LOCKED'", shop)).isEqualTo(STOCK);
                assertThat(db.queryLong("SELECT COUNT(DISTINCT order_id) FROM fcodes WHERE shop_id = ? AND status = 'LOCKED'", shop)).isEqualTo(STOCK);
            }
            if (type == ActivityType.auction) assertThat(stored).allSatisfy(o -> assertThat(o.unitPriceFen()).isEqualTo(9900 - 600));
        }
    }
}
