package io.peercart.store;

import io.peercart.store.activity.ActivityClock;
import io.peercart.store.outbox.OutboxEvent;

import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercart.core.Activity;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code activity.started} / {@code activity.ended} on both engines: written at the activity's
 * instants (never before), once each even when two stores on one database run the job at the same
 * moment, across a restart, and never after a cancellation.
 */
class ActivityClockStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Activity activity(Store store, String shop, String sku, long startSecond, long endSecond) {
        Activity a = seckill(shop, T0, T0.plusSeconds(startSecond), T0.plusSeconds(endSecond), item(sku, 1_000, 5, 1));
        assertThat(store.createActivity(a, null).accepted()).isTrue();
        return a;
    }

    /** The activity's clock events: type, status in the payload, and when they were written. */
    private static List<String> clockEvents(Store store, Activity a) throws Exception {
        List<String> out = new ArrayList<>();
        for (OutboxEvent e : store.events(a.shopId(), a.id(), 0, 1_000)) {
            if (!e.type().equals(ActivityClock.STARTED) && !e.type().equals(ActivityClock.ENDED)) continue;
            assertThat(e.publicEvent()).isTrue();
            assertThat(e.aggregateId()).isEqualTo(a.id());
            var payload = JSON.readTree(e.payload());
            assertThat(payload.get("activityId").asText()).isEqualTo(a.id());
            assertThat(payload.get("type").asText()).isEqualTo("seckill");
            Instant due = e.type().equals(ActivityClock.STARTED) ? a.startsAt() : a.endsAt();
            assertThat(e.createdAt()).as("%s not before its instant", e.type()).isAfterOrEqualTo(due);
            out.add(e.type() + " " + payload.get("status").asText());
        }
        return out;
    }

    /** Both stores run the job from two threads each, all released at once, until nothing is left due at {@code now}. */
    private static void race(ExecutorService pool, Store one, Store two, Instant now) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> runs = new ArrayList<>();
        for (Store s : List.of(one, two, one, two))
            runs.add(pool.submit(() -> {
                go.await();
                int total = 0, n;
                while ((n = s.announceActivityClock(now, 4)) > 0) total += n; // a small batch: several rounds
                return total;
            }));
        go.countDown();
        for (Future<Integer> f : runs) f.get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void startsAndEndsAreWrittenOnceAtTheirInstantsWhileTwoStoresRace(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            Store peer = db.open(T0); // PostgreSQL: a second node; SQLite: a second store on the same file
            String shop = store.createShop("clock", T0).shopId();
            List<Activity> activities = new ArrayList<>();
            for (int i = 0; i < 12; i++) activities.add(activity(store, shop, "S" + i, 10 + i % 3, 20 + i % 4));
            Activity longOne = activity(store, shop, "LONG", 10, 3_600);

            assertThat(store.announceActivityClock(T0.plusSeconds(9), 100)).as("nothing before startsAt").isZero();
            for (Activity a : activities) assertThat(clockEvents(store, a)).isEmpty();

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int second = 10; second <= 24; second++) {
                    Instant now = T0.plusSeconds(second);
                    race(pool, store, peer, now);
                    for (Activity a : activities) {
                        List<String> expected = new ArrayList<>();
                        if (!now.isBefore(a.startsAt())) expected.add("activity.started RUNNING");
                        if (!now.isBefore(a.endsAt())) expected.add("activity.ended ENDED");
                        assertThat(clockEvents(store, a)).as("%s at +%ds", a.id(), second).isEqualTo(expected);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(clockEvents(store, longOne)).containsExactly("activity.started RUNNING");
            assertThat(db.queryLong("SELECT COUNT(*) FROM activity_clock WHERE next_event = 'ended'")).as("only the long one is left").isEqualTo(1);
            assertThat(db.queryLong("SELECT COUNT(*) FROM activity_clock")).isEqualTo(1);
            peer.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aCancelledActivityAnnouncesNothingAfterItsCancellation(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("cancel", T0).shopId();
            Activity beforeStart = activity(store, shop, "C1", 60, 120);
            Activity running = activity(store, shop, "C2", 60, 120);
            Activity startNotYetAnnounced = activity(store, shop, "C3", 60, 120);

            assertThat(store.cancelActivity(shop, beforeStart.id(), T0.plusSeconds(30), null).accepted()).isTrue();
            assertThat(store.announceActivityClock(T0.plusSeconds(60), 100)).as("two starts").isEqualTo(2);
            assertThat(store.cancelActivity(shop, running.id(), T0.plusSeconds(90), null).accepted()).isTrue();
            assertThat(store.announceActivityClock(T0.plusSeconds(200), 100)).as("one end").isEqualTo(1);

            assertThat(clockEvents(store, beforeStart)).isEmpty();
            assertThat(clockEvents(store, running)).containsExactly("activity.started RUNNING");
            assertThat(clockEvents(store, startNotYetAnnounced)).containsExactly("activity.started RUNNING", "activity.ended ENDED");
            assertThat(store.events(shop, running.id(), 0, 100)).extracting(OutboxEvent::type)
                    .containsExactly("activity.created", "activity.started", "activity.cancelled");

            // cancelled after its start was due but before the job ran: the start is never announced
            Activity late = activity(store, shop, "C4", 300, 400);
            assertThat(store.cancelActivity(shop, late.id(), T0.plusSeconds(301), null).accepted()).isTrue();
            assertThat(store.announceActivityClock(T0.plusSeconds(500), 100)).isZero();
            assertThat(clockEvents(store, late)).isEmpty();
            assertThat(db.queryLong("SELECT COUNT(*) FROM activity_clock")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aNodeDownOverBothInstantsAnnouncesBothInOrderAndARestartRepeatsNothing(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            Store first = db.open(T0);
            String shop = first.createShop("restart", T0).shopId();
            Activity missed = activity(first, shop, "R1", 60, 120);
            Activity later = activity(first, shop, "R2", 60, 600);
            first.close();

            Store second = db.open(T0);
            assertThat(second.announceActivityClock(T0.plusSeconds(200), 100)).isEqualTo(3);
            assertThat(clockEvents(second, missed)).as("the status at the instant announced")
                    .containsExactly("activity.started RUNNING", "activity.ended ENDED");
            second.close();

            Store third = db.open(T0);
            assertThat(third.announceActivityClock(T0.plusSeconds(200), 100)).as("nothing again").isZero();
            assertThat(third.announceActivityClock(T0.plusSeconds(600), 100)).isEqualTo(1);
            assertThat(clockEvents(third, later)).containsExactly("activity.started RUNNING", "activity.ended ENDED");
            assertThat(clockEvents(third, missed)).hasSize(2);
        }
    }
}
