package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static io.peercart.server.LiveEventsHttpTest.assertExactly;
import static io.peercart.server.LiveEventsHttpTest.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import io.peercart.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The retention over HTTP: the scheduler purges events past it (the test's clock moves 31 days, the
 * purge runs every 50 ms), and a stream that resumes from before what is kept gets
 * {@code event: reset} first, then goes on live; one that resumes inside the kept range replays
 * exactly; an order's timeline says when its earlier events are gone.
 */
class RetentionHttpTest {
    static final String OPERATOR = LiveEventsHttpTest.OPERATOR; // its order() helper orders with it
    static final Duration WAIT = Duration.ofSeconds(20);
    static final TestClock clock = new TestClock();

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR, clock,
            c -> c.withTuning(ServerConfig.Tuning.DEFAULTS.withPurgeEvery(Duration.ofMillis(50))));

    @Test
    void aStreamResumingFromBeforeTheRetainedEventsIsResetThenGoesOnLive() {
        ApiClient api = node.api;
        int port = node.server.port();
        Store store = node.server.store();
        String old = api.createActivity(OPERATOR, seckill("old", "OLD-1", 100, 1, clock.instant()));
        String oldOrder = order(api, old, "u1");
        long oldLast = store.latestEventSeq();
        String shop = store.activityShop(old).orElseThrow();

        clock.advance(Duration.ofDays(31)); // past the default retention of 30 days
        String fresh = api.createActivity(OPERATOR, seckill("new", "NEW-1", 100, 1, clock.instant()));
        // every event older than the retention gone (the scheduler may write one stamped just before the move): nothing moves after
        Instant horizon = clock.instant().minus(ServerConfig.Tuning.DEFAULT_RETENTION);
        ApiClient.await("the old events purged", WAIT, () -> store.allEvents(0, 10_000).stream().noneMatch(e -> e.createdAt().isBefore(horizon)));
        long purged = store.eventsPurgedThrough();
        assertThat(purged).isGreaterThanOrEqualTo(oldLast);

        long resetId;
        try (SseClient shopStream = SseClient.open(port, "/v1/events", OPERATOR, 1)) {
            SseClient.Event reset = shopStream.take(1, WAIT).getFirst();
            assertThat(reset.type()).isEqualTo("reset");
            assertThat(reset.data().get("reason").asText()).isEqualTo("EVENTS_PURGED");
            assertThat(reset.data().get("lastEventId").asLong()).isEqualTo(1);
            assertThat(reset.data().get("retainedFromSeq").asLong()).isGreaterThan(oldLast);
            resetId = reset.id();
            assertThat(reset.data().get("continuesAfter").asLong()).isEqualTo(resetId);
            assertThat(resetId).as("never an id a resume would be reset from again").isGreaterThanOrEqualTo(purged);
            // then live, from now
            String newOrder = order(api, fresh, "u2");
            assertThat(shopStream.takeUntil("order.created", WAIT)).allSatisfy(e -> assertThat(e.id()).isGreaterThan(resetId))
                    .last().satisfies(e -> assertThat(e.data().get("aggregateId").asText()).isEqualTo(newOrder));
        }
        // the activity stream too, whoever asks
        try (SseClient activityStream = SseClient.open(port, "/v1/activities/" + old + "/events", null, oldLast - 1)) {
            assertThat(activityStream.take(1, WAIT).getFirst().type()).isEqualTo("reset");
        }
        // from the reset's id, or from anywhere in the kept range: an exact replay, no reset
        try (SseClient fromReset = SseClient.open(port, "/v1/events", OPERATOR, resetId)) {
            assertExactly(fromReset, store.shopEvents(shop, resetId, 1000));
        }
        try (SseClient inside = SseClient.open(port, "/v1/events", OPERATOR, purged)) {
            assertExactly(inside, store.shopEvents(shop, purged, 1000));
        }

        // an order's timeline says its earlier events are gone; a new order's is whole
        Response oldTimeline = api.get("/v1/orders/" + oldOrder + "/events").auth(OPERATOR).send();
        assertThat(oldTimeline.status()).isEqualTo(200);
        assertThat(oldTimeline.json().get("earlierEventsPurged").asBoolean()).isTrue();
        assertThat(oldTimeline.json().get("items").findValuesAsText("type")).doesNotContain("order.created");
        String newOrder = order(api, fresh, "u3");
        Response newTimeline = api.get("/v1/orders/" + newOrder + "/events").auth(OPERATOR).send();
        assertThat(newTimeline.json().get("earlierEventsPurged").asBoolean()).isFalse();
        assertThat(newTimeline.json().get("items").get(0).get("type").asText()).isEqualTo("order.created");
        assertThat(List.of(oldTimeline.status(), newTimeline.status())).containsOnly(200);
    }
}
