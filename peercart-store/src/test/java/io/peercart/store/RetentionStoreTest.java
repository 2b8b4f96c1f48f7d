package io.peercart.store;

import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.webhook.DeliveryJob;
import io.peercart.store.webhook.Webhook;
import io.peercart.store.webhook.WebhookDelivery;
import io.peercart.store.webhook.WebhookStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The retention (docs/operations.md): outbox events, finished webhook deliveries and idempotency
 * records older than it are purged oldest first, at most a batch per call, and nothing still
 * needed goes: the newest event, events not fanned out to webhooks or waiting in a pending
 * delivery, events a live node has not streamed. Instants are given, not read from a clock.
 */
@Timeout(60)
class RetentionStoreTest {
    private static final Instant OLD = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant NOW = OLD.plus(Duration.ofDays(40));
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Instant BEFORE = NOW.minus(RETENTION);

    private static List<OutboxEvent> all(Store store) { return store.allEvents(0, 10_000); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void oldEventsGoOldestFirstInBoundedBatchesAndTheNewestStays(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(OLD);
            String shop = store.createShop("retention", OLD).shopId();
            Activity a = seckill(shop, OLD, OLD, OLD.plus(Duration.ofDays(60)), item("R-1", 100, 1_000, 1));
            assertThat(store.createActivity(a, null).accepted()).isTrue();
            for (int i = 0; i < 20; i++) assertThat(store.placeOrder(a, "old-" + i, "R-1", 1, OLD, null).accepted()).isTrue();
            List<OutboxEvent> old = all(store);
            long newest = store.latestEventSeq();
            assertThat(old).hasSizeGreaterThan(20);
            assertThat(store.eventsPurgedThrough()).isZero();

            int max = 7, total = 0, batches = 0;
            for (int n; (n = store.purgeEvents(NOW, BEFORE, max)) > 0; ) {
                assertThat(n).as("one batch").isLessThanOrEqualTo(max);
                total += n;
                batches++;
                List<OutboxEvent> left = all(store);
                assertThat(left.getFirst().seq()).as("oldest first: what is left follows what was purged")
                        .isEqualTo(store.eventsPurgedThrough() + 1);
                assertThat(left).containsExactlyElementsOf(old.subList(old.size() - left.size(), old.size()));
            }
            assertThat(total).as("every old event but the newest").isEqualTo(old.size() - 1);
            assertThat(batches).isEqualTo((old.size() - 1 + max - 1) / max);
            assertThat(all(store)).extracting(OutboxEvent::seq).containsExactly(newest);
            assertThat(store.eventsPurgedThrough()).isEqualTo(old.get(old.size() - 2).seq());

            // numbering goes on after the newest (SQLite's rowid would start again in an empty table)
            assertThat(store.placeOrder(a, "new-1", "R-1", 1, NOW, null).accepted()).isTrue();
            assertThat(all(store).getFirst().seq()).isEqualTo(newest);
            assertThat(all(store).get(1).seq()).isGreaterThan(newest);
            // the old one is not the newest any more: it goes; those younger than the retention stay
            assertThat(store.purgeEvents(NOW, BEFORE, max)).isEqualTo(1);
            assertThat(store.purgeEvents(NOW.plus(RETENTION).minusSeconds(1), BEFORE.plus(RETENTION).minusSeconds(1), max)).isZero();
            assertThat(all(store)).allSatisfy(e -> assertThat(e.createdAt()).isEqualTo(NOW)).isNotEmpty();
            assertThat(store.eventsPurgedThrough()).isEqualTo(newest);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void eventsStillNeededStayAndOnlyFinishedDeliveriesAndOldAnswersArePurged(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(OLD);
            WebhookStore hooks = store.webhooks();
            String shop = store.createShop("needed", OLD).shopId();
            Activity a = seckill(shop, OLD, OLD, OLD.plus(Duration.ofDays(60)), item("N-1", 100, 1_000, 1));
            store.createActivity(a, null);
            long beforeEndpoint = store.latestEventSeq();
            Webhook w = hooks.create(shop, "http://127.0.0.1:9/hook", List.of("order.created"), OLD, null).value();
            for (int i = 0; i < 4; i++) store.placeOrder(a, "u" + i, "N-1", 1, OLD, null);

            // not fanned out yet: only what no endpoint will ever get may go
            store.purgeEvents(NOW, BEFORE, 1_000);
            assertThat(all(store).getFirst().seq()).isEqualTo(beforeEndpoint + 1);

            assertThat(hooks.fanOut(OLD, 1_000)).isPositive();
            List<DeliveryJob> sent = hooks.claim(OLD, Duration.ofSeconds(30), 3); // the oldest three; the fourth stays pending
            assertThat(sent).hasSize(3);
            for (DeliveryJob j : sent) assertThat(hooks.succeeded(j.deliveryId(), OLD, 200)).isTrue();
            WebhookDelivery pending = hooks.deliveries(shop, w.id(), null, 10).items().stream()
                    .filter(d -> d.status().equals("PENDING")).findFirst().orElseThrow();

            // a live node that has streamed only up to before the pending event holds from there
            long streamed = sent.get(1).event().seq();
            store.heartbeat("127.0.0.1:1", "test", OLD, streamed, NOW);
            store.purgeEvents(NOW, BEFORE, 1_000);
            assertThat(all(store).getFirst().seq()).as("what the live node has not streamed").isEqualTo(streamed + 1);
            // once the node is silent past the lease period, it is dead: the pending delivery holds its event
            store.heartbeat("127.0.0.1:1", "test", OLD, streamed, NOW.minus(Duration.ofMinutes(1)));
            store.purgeEvents(NOW, BEFORE, 1_000);
            assertThat(all(store).getFirst().seq()).as("the pending delivery's event").isEqualTo(pending.eventSeq());
            assertThat(hooks.claim(NOW, Duration.ofHours(1), 10)).singleElement()
                    .satisfies(j -> assertThat(j.deliveryId()).isEqualTo(pending.id()));

            // a finished delivery redelivered after its event was purged is given up, saying why
            String first = sent.getFirst().deliveryId();
            assertThat(hooks.redeliver(shop, w.id(), first, NOW, null).accepted()).isTrue();
            assertThat(hooks.claim(NOW.plus(Duration.ofMinutes(1)), Duration.ofSeconds(30), 10)).isEmpty(); // the pending one is leased
            WebhookDelivery gone = hooks.delivery(shop, w.id(), first).orElseThrow();
            assertThat(gone.status()).isEqualTo("FAILED");
            assertThat(gone.lastError()).contains("retention");

            // the delivery log: finished ones older than the retention go, a batch at a time; the pending one stays
            assertThat(hooks.purge(OLD, 2)).as("none older than OLD").isZero();
            assertThat(hooks.purge(BEFORE, 2)).isEqualTo(2);
            assertThat(hooks.purge(BEFORE, 2)).isEqualTo(1);
            assertThat(hooks.purge(BEFORE, 2)).isZero();
            assertThat(hooks.deliveries(shop, w.id(), null, 10).items()).extracting(WebhookDelivery::id).containsExactly(pending.id());

            // idempotency records past their replay window go, a batch at a time
            for (int i = 0; i < 3; i++) store.saveIdempotentResponse(shop, "p", "old-" + i, "h", 200, "{}", OLD);
            store.saveIdempotentResponse(shop, "p", "new", "h", 200, "{}", NOW);
            assertThat(store.purgeIdempotency(NOW.minus(Duration.ofHours(48)), 2)).isEqualTo(2);
            assertThat(store.purgeIdempotency(NOW.minus(Duration.ofHours(48)), 2)).isEqualTo(1);
            assertThat(store.purgeIdempotency(NOW.minus(Duration.ofHours(48)), 2)).isZero();
            assertThat(store.idempotentResponse(shop, "p", "old-0")).isEmpty();
            assertThat(store.idempotentResponse(shop, "p", "new")).isPresent();
        }
    }
}
