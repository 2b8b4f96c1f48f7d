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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher on a real store: each subscriber gets exactly the events its filter wants, in
 * order; one that does not read falls a whole ring behind and is dropped when it looks again, and
 * the others go on.
 */
class EventHubTest {
    private static final Instant T0 = Instant.now().minusSeconds(60);

    @Test
    void fansOutByFilterInOrderAndDropsASubscriberThatDoesNotRead() throws Exception {
        try (TestDatabase db = StoreFixtures.sqliteDatabase()) {
            Store store = db.open(T0);
            String shop = store.createShop("hub", T0).shopId();
            String otherShop = store.createShop("other", T0).shopId();
            try (EventHub hub = new EventHub(store, Duration.ofMillis(50), 4, 10)) {
                hub.start();
                List<Long> gotAll = new ArrayList<>(), gotPublic = new ArrayList<>();
                CompletableFuture<EventHub.Subscriber> all = new CompletableFuture<>(), publicOnly = new CompletableFuture<>();
                Thread reader = Thread.ofVirtual().start(() -> drain(hub, new EventHub.Filter(shop, null, false, null), all, gotAll));
                Thread publicReader = Thread.ofVirtual().start(() -> drain(hub, new EventHub.Filter(shop, null, true, null), publicOnly, gotPublic));
                EventHub.Subscriber slow = hub.subscribe(new EventHub.Filter(shop, null, false, null)); // this thread never reads it
                EventHub.Subscriber others = hub.subscribe(new EventHub.Filter(otherShop, null, false, null));
                long start = all.get().startPosition;
                publicOnly.get();

                Activity a = seckill(shop, T0, T0, T0.plus(Duration.ofHours(1)), item("HUB-1", 100, 50, 1));
                store.createActivity(a, null);
                for (int i = 0; i < 6; i++) { // paced: the readers keep up, the slow one never reads
                    store.placeOrder(a, "b" + i, "HUB-1", 1, Instant.now(), null);
                    int committed = store.shopEvents(shop, start, 1000).size();
                    ApiClient.await("the reader keeps up", Duration.ofSeconds(10), () -> { synchronized (gotAll) { return gotAll.size() == committed; } });
                }
                List<OutboxEvent> expected = store.shopEvents(shop, start, 1000);
                assertThat(expected).hasSizeGreaterThan(4); // more than the ring: the slow one's first frame is overwritten

                assertThat(hub.next(slow, Duration.ofSeconds(10))).isEmpty();
                assertThat(slow.dropped).as("a whole ring behind: dropped, not skipped ahead").isTrue();
                assertThat(hub.dropped()).isEqualTo(1);
                assertThat(hub.subscribers()).isEqualTo(3); // and the dispatcher no longer marks it
                synchronized (gotAll) {
                    assertThat(gotAll).containsExactlyElementsOf(expected.stream().map(OutboxEvent::seq).toList());
                }
                List<Long> publicSeqs = expected.stream().filter(OutboxEvent::publicEvent).map(OutboxEvent::seq).toList();
                ApiClient.await("public events", Duration.ofSeconds(10), () -> { synchronized (gotPublic) { return gotPublic.size() == publicSeqs.size(); } });
                synchronized (gotPublic) {
                    assertThat(gotPublic).containsExactlyElementsOf(publicSeqs);
                }
                assertThat(hub.next(others, Duration.ofMillis(100))).as("another shop's stream gets none of it").isEmpty();
                assertThat(others.dropped).isFalse();
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

    @Test
    void aNodeServesTheStreamsHalfItsHeapHoldsAtMostTenThousand() {
        assertThat(EventHub.streamLimit(174_272L << 10)).isEqualTo(4_356); // -Xmx176m: Runtime.maxMemory() leaves out a survivor space
        assertThat(EventHub.streamLimit(400L << 20)).isEqualTo(10_000);
        assertThat(EventHub.streamLimit(8L << 30)).isEqualTo(10_000);
        assertThat(EventHub.streamLimit(0)).isZero();
    }

    /** A stream's thread: subscribes, then takes what it is woken for until it is dropped or the hub closes. */
    private static void drain(EventHub hub, EventHub.Filter filter, CompletableFuture<EventHub.Subscriber> subscribed, List<Long> into) {
        EventHub.Subscriber s = hub.subscribe(filter);
        subscribed.complete(s);
        try {
            while (true) {
                List<EventHub.Frame> frames = hub.next(s, Duration.ofSeconds(30));
                if (s.dropped) return;
                synchronized (into) {
                    frames.forEach(f -> into.add(f.seq()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
