package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activity's start and end on the public live stream: a real server whose scheduler reads a
 * {@link TestClock}; as the test moves the clock past {@code startsAt} and {@code endsAt}, anyone
 * watching the activity gets {@code activity.started} and {@code activity.ended}, once each, and
 * nothing while the clock stands just before the start.
 */
class ActivityClockHttpTest {
    static final String OPERATOR = "pck_activityclockhttptestoperatorkey0001";
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void thePublicStreamShowsTheStartAndTheEndAsTheClockMoves(@TempDir Path dir) {
        TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        ServerConfig config = ServerConfig.embedded(dir, 0).withAdminKey(OPERATOR).withClock(clock)
                .withTuning(ServerConfig.Tuning.DEFAULTS.withHeartbeat(Duration.ofMillis(300)));
        try (PeerCartServer server = PeerCartServer.start(config)) {
            ApiClient api = new ApiClient(server.port());
            Instant startsAt = clock.instant().plusSeconds(60), endsAt = startsAt.plusSeconds(600);
            Map<String, Object> body = ApiClient.seckill("clock", "CLOCK-1", 10, 1, clock.instant());
            body.put("startsAt", startsAt.toString());
            body.put("endsAt", endsAt.toString());
            String id = api.createActivity(OPERATOR, body);

            try (SseClient anyone = SseClient.open(server.port(), "/v1/activities/" + id + "/events", null, 0)) {
                assertThat(anyone.status()).isEqualTo(200);
                assertThat(anyone.take(1, WAIT)).extracting(SseClient.Event::type).containsExactly("activity.created");

                // just before the start, for longer than the scheduler's period (heartbeats measure the wait)
                clock.advance(Duration.between(clock.instant(), startsAt.minusMillis(1)));
                awaitHeartbeats(anyone, 5);
                assertThat(anyone.drained()).as("nothing before startsAt").isEmpty();

                clock.advance(Duration.ofMillis(1));
                SseClient.Event started = anyone.take(1, WAIT).getFirst();
                assertThat(started.type()).isEqualTo("activity.started");
                assertThat(started.data().get("data").get("activityId").asText()).isEqualTo(id);
                assertThat(started.data().get("data").get("status").asText()).isEqualTo("RUNNING");
                assertThat(Instant.parse(started.data().get("createdAt").asText())).isAfterOrEqualTo(startsAt);

                clock.advance(Duration.between(clock.instant(), endsAt));
                SseClient.Event ended = anyone.take(1, WAIT).getFirst();
                assertThat(ended.type()).isEqualTo("activity.ended");
                assertThat(ended.data().get("data").get("status").asText()).isEqualTo("ENDED");
                assertThat(ended.id()).isGreaterThan(started.id());

                clock.advance(Duration.ofHours(1));
                awaitHeartbeats(anyone, 5);
                assertThat(anyone.drained()).as("each once").isEmpty();
            }
            String shop = server.store().activityShop(id).orElseThrow();
            assertThat(server.store().events(shop, id, 0, 100)).extracting(e -> e.type())
                    .isEqualTo(List.of("activity.created", "activity.started", "activity.ended"));
            assertThat(api.serverErrors()).as("5xx answers").isEmpty();
        }
    }

    /** Waits (with a deadline) until the stream has had {@code n} more heartbeats: real time passing. */
    private static void awaitHeartbeats(SseClient stream, int n) {
        int target = stream.comments() + n;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (stream.comments() < target) {
            assertThat(System.nanoTime()).as("heartbeats within %s", WAIT).isLessThan(deadline);
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
    }
}
