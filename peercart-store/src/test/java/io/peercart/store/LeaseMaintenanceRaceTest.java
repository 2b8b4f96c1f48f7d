package io.peercart.store;

import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.Decision;
import io.peercart.core.order.Order;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scheduler's lease maintenance running while a sale starts must never strand stock. A pool
 * that maintenance forgot while its first refill was under way used to live on beside the map's
 * new pool: the node held two leases, buyers reached only one, and the other's units stayed
 * "leased" (renewed every second, never sold) while every buyer was told SOLD_OUT — seen as
 * SeckillConcurrencyHttpTest accepting 404 of 500 units. Here many fresh skus start selling at once
 * while maintenance runs in a tight loop; every unit of every sku must sell.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeaseMaintenanceRaceTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant NOW = T0.plusSeconds(60);
    private static final int ACTIVITIES = 20, STOCK = 40, BUYERS = 60, THREADS = 32;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void maintenanceDuringTheFirstRefillsStrandsNoUnit(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("race", T0).shopId();
            List<Activity> activities = new ArrayList<>();
            for (int i = 0; i < ACTIVITIES; i++) {
                Activity a = seckill(shop, T0, T0, T0.plus(Duration.ofHours(1)), item("RACE-" + i, 100, STOCK, 1));
                assertThat(store.createActivity(a, null).accepted()).isTrue();
                activities.add(a);
            }
            AtomicBoolean selling = new AtomicBoolean(true);
            AtomicInteger next = new AtomicInteger(), accepted = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            try {
                Future<?> maintenance = pool.submit(() -> {
                    go.await();
                    while (selling.get()) store.maintainLeases(NOW);
                    return null;
                });
                List<Future<?>> buyers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) buyers.add(pool.submit(() -> {
                    go.await();
                    for (int i; (i = next.getAndIncrement()) < ACTIVITIES * BUYERS; ) {
                        Activity a = activities.get(i % ACTIVITIES);
                        Decision<Order> d = store.placeOrder(a, "buyer-" + i, a.items().getFirst().sku(), 1, NOW, null);
                        if (d.accepted()) accepted.incrementAndGet();
                    }
                    return null;
                }));
                go.countDown();
                for (Future<?> b : buyers) b.get(50, TimeUnit.SECONDS);
                selling.set(false);
                maintenance.get(10, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(accepted.get()).as("every unit of every sku sold (more buyers than units)").isEqualTo(ACTIVITIES * STOCK);
            assertThat(db.queryLong("SELECT COALESCE(SUM(leased), 0) FROM activity_items")).as("no unit left stranded in a lease").isZero();
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }
}
