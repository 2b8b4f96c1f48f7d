package io.peercart.store;

import io.peercart.store.webhook.WebhookDelivery;
import io.peercart.store.webhook.DeliveryJob;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.webhook.Webhook;
import io.peercart.store.webhook.WebhookStore;
import io.peercart.store.engine.Writer;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The outbox read in {@code seq} order never passes an event that commits later, with two nodes
 * writing at once on PostgreSQL (and the one writer of SQLite); and webhook deliveries: fan-out,
 * claims in order per aggregate, retries, leases taken over when a node dies.
 */
@Timeout(120)
class EventOrderAndWebhookStoreTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:01:00Z");
    private static final Instant T0 = NOW.minus(Duration.ofMinutes(1));
    private static final Instant END = T0.plus(Duration.ofHours(1));

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aTailerFollowingSeqSeesEveryEventOnceWhileNodesWriteConcurrently(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            // two peers on PostgreSQL; SQLite has one node by design
            List<Store> nodes = engine == StoreFactory.POSTGRESQL ? List.of(db.open(T0), db.open(T0)) : List.of(db.open(T0));
            Store first = nodes.getFirst();
            String shop = first.createShop("tail", T0).shopId();
            // an activity per node: no row lock they share orders their commits by accident
            List<Activity> activities = new ArrayList<>();
            for (int n = 0; n < nodes.size(); n++) {
                Activity a = seckill(shop, T0, T0, END, item("TAIL-" + n, 100, 100_000, 1));
                assertThat(first.createActivity(a, null).accepted()).isTrue();
                activities.add(a);
            }
            long start = first.latestEventSeq();

            AtomicBoolean writing = new AtomicBoolean(true);
            List<Long> seen = new ArrayList<>();
            Thread tailer = Thread.ofPlatform().start(() -> {
                long after = start;
                boolean lastRound = false;
                while (true) {
                    boolean done = !writing.get(); // read before the batch: an empty read after it means the end
                    List<OutboxEvent> batch = first.allEvents(after, 37);
                    for (OutboxEvent e : batch) {
                        seen.add(e.seq());
                        after = e.seq();
                    }
                    if (batch.isEmpty() && done) {
                        if (lastRound) return;
                        lastRound = true;
                    }
                }
            });
            int threadsPerNode = 4, ordersPerThread = 60;
            try (ExecutorService pool = Executors.newFixedThreadPool(threadsPerNode * nodes.size())) {
                List<Future<?>> all = new ArrayList<>();
                for (int n = 0; n < nodes.size(); n++)
                    for (int t = 0; t < threadsPerNode; t++) {
                        Store node = nodes.get(n);
                        Activity a = activities.get(n);
                        String sku = "TAIL-" + n;
                        String prefix = "n" + n + "t" + t + "-";
                        all.add(pool.submit(() -> {
                            for (int i = 0; i < ordersPerThread; i++) {
                                Decision<Order> d = node.placeOrder(a, prefix + i, sku, 1, NOW, null);
                                assertThat(d.accepted()).as("order %s%d: %s", prefix, i, d).isTrue();
                            }
                        }));
                    }
                for (Future<?> f : all) f.get();
            } finally {
                writing.set(false);
            }
            tailer.join(60_000);
            List<Long> everything = first.allEvents(start, 100_000).stream().map(OutboxEvent::seq).toList();
            assertThat(everything).hasSizeGreaterThanOrEqualTo(threadsPerNode * nodes.size() * ordersPerThread);
            assertThat(seen).as("the tail, in order, each event once, none skipped").containsExactlyElementsOf(everything);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void listenersLearnHowFarTheOutboxIsDurable(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            java.util.concurrent.atomic.AtomicLong durable = new java.util.concurrent.atomic.AtomicLong(-1);
            java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger();
            store.listen(new Writer.Listener() {
                @Override public void committed(int tasks, long nanos) { committed.addAndGet(tasks); }
                @Override public void durable(long outboxSeq) { durable.set(outboxSeq); }
            });
            String shop = store.createShop("durable", T0).shopId();
            store.createActivity(seckill(shop, T0, T0, END, item("DUR-1", 100, 10, 1)), null);
            // the acknowledgement (and so the listener) comes before the call returns
            assertThat(durable.get()).isEqualTo(engine == StoreFactory.SQLITE ? store.latestEventSeq() : Long.MAX_VALUE);
            assertThat(committed.get()).isGreaterThanOrEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void deliveriesAreClaimedInOrderPerAggregateRetriedAndNeverTwiceAfterSuccess(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            WebhookStore hooks = store.webhooks();
            String shop = store.createShop("hooks", T0).shopId();
            Activity a = seckill(shop, T0, T0, END, item("WH-1", 100, 10, 1));
            store.createActivity(a, null); // before the endpoint: not delivered to it
            assertThat(hooks.anyEndpoint()).isFalse();
            Webhook w = hooks.create(shop, "http://127.0.0.1:9/hook", List.of("order.*"), NOW, null).value();
            assertThat(hooks.anyEndpoint()).isTrue();
            Order o = store.placeOrder(a, "u1", "WH-1", 1, NOW, null).value();
            store.pay(shop, o.id(), "p1", NOW, null);
            assertThat(hooks.fanOut(NOW, 1000)).isPositive();
            assertThat(hooks.fanOut(NOW, 1000)).isZero(); // caught up: nothing twice
            List<WebhookDelivery> log = hooks.deliveries(shop, w.id(), null, 100).items();
            assertThat(log).extracting(WebhookDelivery::eventType).containsExactly("order.released", "order.paid", "order.created");

            Duration lease = Duration.ofSeconds(30);
            List<DeliveryJob> claimed = hooks.claim(NOW, lease, 10);
            assertThat(claimed).singleElement().satisfies(j -> assertThat(j.event().type()).isEqualTo("order.created"));
            DeliveryJob created = claimed.getFirst();
            assertThat(created.endpoint().secret()).isEqualTo(w.secret());
            assertThat(hooks.claim(NOW, lease, 10)).as("leased, and the others wait their turn").isEmpty();

            assertThat(hooks.failed(created.deliveryId(), NOW, 500, "HTTP 500", NOW.plusSeconds(10))).isTrue();
            assertThat(hooks.claim(NOW.plusSeconds(5), lease, 10)).as("not due yet; the later events still wait").isEmpty();
            DeliveryJob retry = hooks.claim(NOW.plusSeconds(10), lease, 10).getFirst();
            assertThat(retry.deliveryId()).isEqualTo(created.deliveryId());
            assertThat(retry.failures()).isEqualTo(1);
            assertThat(hooks.succeeded(retry.deliveryId(), NOW.plusSeconds(11), 200)).isTrue();
            assertThat(hooks.claim(NOW.plusSeconds(11), lease, 10)).extracting(j -> j.event().type()).containsExactly("order.paid");
            WebhookDelivery done = hooks.delivery(shop, w.id(), created.deliveryId()).orElseThrow();
            assertThat(done.status()).isEqualTo("SUCCEEDED");
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(done.lastStatus()).isEqualTo(200);
            // a node whose lease ran out may not record: a peer has taken the delivery over
            assertThat(hooks.succeeded(created.deliveryId(), NOW.plusSeconds(12), 200)).isFalse();
            // the log keeps finished deliveries for its retention, pending ones always
            assertThat(hooks.purge(NOW, 1_000)).isZero();
            assertThat(hooks.purge(NOW.plusSeconds(1), 1_000)).isEqualTo(1); // the succeeded one; paid and released are pending
            assertThat(hooks.deliveries(shop, w.id(), null, 100).items()).extracting(WebhookDelivery::eventType)
                    .containsExactly("order.released", "order.paid");
        }
    }

    @Test
    void aDeadNodesClaimsAreTakenOverWhenTheirLeaseEnds() {
        try (TestDatabase db = StoreFixtures.postgresDatabase()) {
            Store alive = db.open(T0), dying = db.open(T0);
            String shop = alive.createShop("takeover", T0).shopId();
            Activity a = seckill(shop, T0, T0, END, item("TO-1", 100, 10, 1));
            alive.createActivity(a, null);
            Webhook w = alive.webhooks().create(shop, "http://127.0.0.1:9/hook", List.of("order.created"), NOW, null).value();
            alive.placeOrder(a, "u1", "TO-1", 1, NOW, null);
            dying.webhooks().fanOut(NOW, 1000);
            Duration lease = Duration.ofSeconds(30);
            DeliveryJob held = dying.webhooks().claim(NOW, lease, 10).getFirst(); // ... and the node dies
            assertThat(alive.webhooks().claim(NOW.plusSeconds(29), lease, 10)).isEmpty();
            DeliveryJob taken = alive.webhooks().claim(NOW.plusSeconds(30), lease, 10).getFirst();
            assertThat(taken.deliveryId()).isEqualTo(held.deliveryId());
            assertThat(dying.webhooks().succeeded(held.deliveryId(), NOW.plusSeconds(31), 200)).isFalse();
            assertThat(alive.webhooks().succeeded(taken.deliveryId(), NOW.plusSeconds(31), 200)).isTrue();
            assertThat(alive.webhooks().deliveries(shop, w.id(), null, 10).items()).singleElement()
                    .satisfies(d -> assertThat(d.status()).isEqualTo("SUCCEEDED"));
        }
    }
}
