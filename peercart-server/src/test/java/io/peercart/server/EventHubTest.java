package io.peercart.server;

import io.peercart.server.events.EventHub;

import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.Store;
import io.peercart.store.StoreFixtures;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher on a real store: each subscriber gets exactly the events its filter wants, in
 * order; one that does not read is dropped when its bounded queue is full, and the others go on.
 */
class EventHubTest {
    private static final Instant T0 = Instant.now().minusSeconds(60);

    @Test
    void fansOutByFilterInOrderAndDropsASubscriberThatDoesNotRead() throws Exception {
        try (TestDatabase db = StoreFixtures.sqliteDatabase()) {
            Store store = db.open(T0);
            String shop = store.createShop("hub", T0).shopId();
            String otherShop = store.createShop("other", T0).shopId();
            try (EventHub hub = new EventHub(store, Duration.ofMillis(50), 4)) {
                hub.start();
                EventHub.Subscriber all = hub.subscribe(new EventHub.Filter(shop, null, false, null));
                EventHub.Subscriber slow = hub.subscribe(new EventHub.Filter(shop, null, false, null));
                EventHub.Subscriber publicOnly = hub.subscribe(new EventHub.Filter(shop, null, true, null));
                EventHub.Subscriber others = hub.subscribe(new EventHub.Filter(otherShop, null, false, null));
                long start = all.startPosition;
                List<Long> gotAll = new ArrayList<>(), gotPublic = new ArrayList<>();
                Thread reader = Thread.ofVirtual().start(() -> drain(all, gotAll));
                Thread publicReader = Thread.ofVirtual().start(() -> drain(publicOnly, gotPublic));

                Activity a = seckill(shop, T0, T0, T0.plus(Duration.ofHours(1)), item("HUB-1", 100, 50, 1));
                store.createActivity(a, null);
                for (int i = 0; i < 6; i++) { // paced: the readers keep up, the slow one never reads
                    store.placeOrder(a, "b" + i, "HUB-1", 1, Instant.now(), null);
                    int committed = store.shopEvents(shop, start, 1000).size();
                    ApiClient.await("the reader keeps up", Duration.ofSeconds(10), () -> { synchronized (gotAll) { return gotAll.size() == committed; } });
                }
                List<OutboxEvent> expected = store.shopEvents(shop, start, 1000);
                assertThat(expected).hasSizeGreaterThan(4);

                ApiClient.await("the slow subscriber dropped", Duration.ofSeconds(10), () -> slow.dropped);
                ApiClient.await("every event to the reader", Duration.ofSeconds(10), () -> { synchronized (gotAll) { return gotAll.size() == expected.size(); } });
                assertThat(hub.dropped()).isEqualTo(1);
                assertThat(slow.queue).containsExactly(EventHub.END); // its buffer let go at once, only the wake-up left
                assertThat(hub.subscribers()).isEqualTo(3); // and the dispatcher no longer offers to it
                synchronized (gotAll) {
                    assertThat(gotAll).containsExactlyElementsOf(expected.stream().map(OutboxEvent::seq).toList());
                }
                List<Long> publicSeqs = expected.stream().filter(OutboxEvent::publicEvent).map(OutboxEvent::seq).toList();
                ApiClient.await("public events", Duration.ofSeconds(10), () -> { synchronized (gotPublic) { return gotPublic.size() == publicSeqs.size(); } });
                synchronized (gotPublic) {
                    assertThat(gotPublic).containsExactlyElementsOf(publicSeqs);
                }
                assertThat(others.queue).isEmpty();
                hub.unsubscribe(slow); // what its stream thread does when it ends: harmless twice
                hub.unsubscribe(others);
                assertThat(hub.subscribers()).isEqualTo(2);
                hub.close();
                reader.join(5_000);
                publicReader.join(5_000);
                assertThat(reader.isAlive()).as("streams end when the hub closes").isFalse();
            }
        }
    }

    private static void drain(EventHub.Subscriber s, List<Long> into) {
        try {
            while (true) {
                EventHub.Frame f = EventHub.next(s, Duration.ofSeconds(30));
                if (f == null || f == EventHub.END) return;
                synchronized (into) {
                    into.add(f.seq());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
