package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.StoreFixtures;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live events over SSE against real nodes: subscribe, cause events, disconnect, cause more,
 * reconnect with Last-Event-ID and get exactly the missed sequence (checked against the outbox
 * itself), also across a server restart; on SQLite and on PostgreSQL. Plus public versus merchant
 * visibility, the shop-wide stream with its type filter, heartbeats and bad input.
 */
class LiveEventsHttpTest {
    static final String OPERATOR = "pck_liveeventshttptestoperatorkey00000001";
    static final Duration WAIT = Duration.ofSeconds(20);

    private static ServerConfig config(Path dir, TestDatabase db) {
        ServerConfig c = ServerConfig.embedded(dir, 0).withAdminKey(OPERATOR)
                .withTuning(ServerConfig.Tuning.DEFAULTS.withHeartbeat(Duration.ofMillis(300)));
        return db == null ? c : c.withDatabase(db.url(), db.user(), db.password()).withSecretKeys(db.secretKey(), null);
    }

    @Test
    void sqliteResumesExactlyAcrossDisconnectAndRestart(@TempDir Path dir) {
        resumes(config(dir, null));
    }

    @Test
    void postgresqlResumesExactlyAcrossDisconnectAndRestart(@TempDir Path dir) {
        try (TestDatabase db = StoreFixtures.postgresDatabase()) {
            resumes(config(dir, db));
        }
    }

    private void resumes(ServerConfig config) {
        String activity, shop;
        long last;
        try (PeerCartServer server = PeerCartServer.start(config)) {
            ApiClient api = new ApiClient(server.port());
            activity = api.createActivity(OPERATOR, seckill("live", "LIVE-1", 100, 1, Instant.now()));
            shop = server.store().activityShop(activity).orElseThrow();
            String path = "/v1/activities/" + activity + "/events";
            // from the start: the activity's whole history, then live
            try (SseClient all = SseClient.open(server.port(), path, OPERATOR, 0)) {
                assertThat(all.status()).isEqualTo(200);
                assertThat(all.contentType()).startsWith("text/event-stream");
                String order = order(api, activity, "u1");
                order(api, activity, "u2");
                pay(api, order);
                last = assertExactly(all, stored(server, shop, activity, 0, e -> true));
            }
            // disconnected: more happens; the reconnect gets exactly what was missed, then live again
            String third = order(api, activity, "u3");
            api.post("/v1/orders/" + third + "/cancel").auth(OPERATOR).send();
            try (SseClient resumed = SseClient.open(server.port(), path, OPERATOR, last)) {
                last = assertExactly(resumed, stored(server, shop, activity, last, e -> true));
                order(api, activity, "u4");
                last = assertExactly(resumed, stored(server, shop, activity, last, e -> true));
            }
            order(api, activity, "u5"); // missed across the restart
        }
        try (PeerCartServer server = PeerCartServer.start(config)) {
            ApiClient api = new ApiClient(server.port());
            try (SseClient resumed = SseClient.open(server.port(), "/v1/activities/" + activity + "/events", OPERATOR, last)) {
                last = assertExactly(resumed, stored(server, shop, activity, last, e -> true));
                order(api, activity, "u6");
                assertExactly(resumed, stored(server, shop, activity, last, e -> true));
            }
            // anyone sees the public events only: the activity and its units left, no orders
            try (SseClient anyone = SseClient.open(server.port(), "/v1/activities/" + activity + "/events", null, 0)) {
                List<SseClient.Event> got = anyone.take(stored(server, shop, activity, 0, OutboxEvent::publicEvent).size(), WAIT);
                assertThat(got).extracting(SseClient.Event::type).doesNotContain("order.created", "order.paid")
                        .contains("activity.created", "stock.changed");
                assertThat(got.getLast().data().path("data").path("left").asLong()).isEqualTo(100 - 5); // u3 cancelled
            }
            assertThat(api.serverErrors()).isEmpty();
        }
    }

    @Test
    void shopStreamFiltersByTypeAndEveryMistakeIsA4xx(@TempDir Path dir) {
        try (PeerCartServer server = PeerCartServer.start(config(dir, null))) {
            ApiClient api = new ApiClient(server.port());
            String a1 = api.createActivity(OPERATOR, seckill("shop 1", "SHOP-1", 10, 1, Instant.now()));
            String a2 = api.createActivity(OPERATOR, seckill("shop 2", "SHOP-2", 10, 1, Instant.now()));
            String shop = server.store().activityShop(a1).orElseThrow();
            try (SseClient orders = SseClient.open(server.port(), "/v1/events?types=order.*,activity.cancelled", OPERATOR, 0)) {
                order(api, a1, "s1");
                order(api, a2, "s1");
                api.post("/v1/activities/" + a2 + "/cancel").auth(OPERATOR).send();
                List<OutboxEvent> expected = server.store().shopEvents(shop, 0, 1000).stream()
                        .filter(e -> e.type().startsWith("order.") || e.type().equals("activity.cancelled")).toList();
                assertThat(expected).extracting(OutboxEvent::type).containsExactly("order.created", "order.created", "activity.cancelled");
                assertExactly(orders, expected);
            }
            // another shop's merchant sees none of it
            String otherKey = api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "Other")).send().text("apiKey");
            assertThat(SseClient.open(server.port(), "/v1/activities/" + a1 + "/events", otherKey, -1).status()).isEqualTo(404);
            assertThat(SseClient.open(server.port(), "/v1/activities/act_nope/events", null, -1).status()).isEqualTo(404);
            assertThat(SseClient.open(server.port(), "/v1/events", null, -1).status()).isEqualTo(401);
            String buyer = api.token(OPERATOR, "b1");
            assertThat(SseClient.open(server.port(), "/v1/events", buyer, -1).status()).isEqualTo(403);
            Response badId = api.get("/v1/events").auth(OPERATOR).header("Last-Event-ID", "abc").send();
            assertThat(badId.status()).isEqualTo(422);
            assertThat(badId.code()).isEqualTo("VALIDATION_FAILED");
            Response badType = api.get("/v1/events?types=Order!").auth(OPERATOR).send();
            assertThat(badType.status()).isEqualTo(422);
            assertThat(badType.json().get("detail").asText()).startsWith("types:");
            // idle streams get heartbeats
            try (SseClient idle = SseClient.open(server.port(), "/v1/activities/" + a1 + "/events", null, -1)) {
                ApiClient.await("two heartbeats", WAIT, () -> idle.commentTexts().stream().filter(c -> c.contains("heartbeat")).count() >= 2);
            }
            assertThat(api.serverErrors()).isEmpty();
        }
    }

    /** Two peers on one database: a stream on one node carries what the other writes, and resumes on either. */
    @Test
    void postgresqlPeersStreamEachOthersEventsAndResumeAcrossNodes(@TempDir Path dir) {
        try (TestDatabase db = StoreFixtures.postgresDatabase();
             PeerCartServer one = PeerCartServer.start(config(dir.resolve("one"), db));
             PeerCartServer two = PeerCartServer.start(config(dir.resolve("two"), db))) {
            ApiClient apiOne = new ApiClient(one.port()), apiTwo = new ApiClient(two.port());
            String activity = apiOne.createActivity(OPERATOR, seckill("peers", "PEERS-1", 100, 1, Instant.now()));
            String shop = one.store().activityShop(activity).orElseThrow();
            String path = "/v1/activities/" + activity + "/events";
            long last;
            try (SseClient onTwo = SseClient.open(two.port(), path, OPERATOR, 0)) {
                order(apiOne, activity, "p1"); // written by node one, streamed by node two
                order(apiTwo, activity, "p2");
                last = assertExactly(onTwo, stored(one, shop, activity, 0, e -> true));
            }
            order(apiTwo, activity, "p3");
            try (SseClient onOne = SseClient.open(one.port(), path, OPERATOR, last)) { // resumes on the other node
                last = assertExactly(onOne, stored(two, shop, activity, last, e -> true));
                order(apiTwo, activity, "p4");
                assertExactly(onOne, stored(one, shop, activity, last, e -> true));
            }
            assertThat(apiOne.serverErrors()).isEmpty();
            assertThat(apiTwo.serverErrors()).isEmpty();
        }
    }

    @Test
    void aStreamThatFallsBehindIsDroppedAndResumesFromItsLastId(@TempDir Path dir) {
        // one event of buffer: an order's two events (order.created, stock.changed) arrive together and overflow it
        ServerConfig c = config(dir, null).withTuning(ServerConfig.Tuning.DEFAULTS.withStreamBacklog(1));
        try (PeerCartServer server = PeerCartServer.start(c)) {
            ApiClient api = new ApiClient(server.port());
            String activity = api.createActivity(OPERATOR, seckill("slow", "SLOW-1", 1000, 1, Instant.now()));
            String shop = server.store().activityShop(activity).orElseThrow();
            String path = "/v1/activities/" + activity + "/events";
            List<SseClient.Event> got = new java.util.ArrayList<>();
            try (SseClient stream = SseClient.open(server.port(), path, OPERATOR, 0)) {
                for (int i = 0; i < 100 && !stream.ended(); i++) {
                    order(api, activity, "slow-" + i);
                    ApiClient.await("the order's events or the end", WAIT,
                            () -> stream.ended() || stored(server, shop, activity, 0, e -> true).getLast().seq() == lastId(got, stream));
                }
                assertThat(stream.ended()).as("dropped within 100 orders").isTrue();
                got.addAll(stream.drained());
                assertThat(stream.commentTexts()).anyMatch(t -> t.contains("too slow"));
            }
            // what it got is a gapless prefix; the reconnect brings exactly the rest
            List<OutboxEvent> all = stored(server, shop, activity, 0, e -> true);
            assertThat(got).extracting(SseClient.Event::id)
                    .containsExactlyElementsOf(all.subList(0, got.size()).stream().map(OutboxEvent::seq).toList());
            long last = got.isEmpty() ? 0 : got.getLast().id();
            try (SseClient resumed = SseClient.open(server.port(), path, OPERATOR, last)) {
                assertExactly(resumed, stored(server, shop, activity, last, e -> true));
            }
            assertThat(server.store().stats(shop, activity).orders()).isPositive();
            assertThat(api.serverErrors()).isEmpty();
        }
    }

    @Test
    void aStreamBeyondTheNodesLimitIsA503AndAClosedStreamFreesItsPlace(@TempDir Path dir) throws Exception {
        ServerConfig c = config(dir, null);
        c = c.withTuning(c.tuning().withMaxStreams(1));
        try (PeerCartServer server = PeerCartServer.start(c)) {
            ApiClient api = new ApiClient(server.port());
            String activity = api.createActivity(OPERATOR, seckill("full", "FULL-1", 10, 1, Instant.now()));
            String path = "/v1/activities/" + activity + "/events";
            try (SseClient first = SseClient.open(server.port(), path, null, -1)) {
                assertThat(first.status()).isEqualTo(200);
                order(api, activity, "full-0");
                assertThat(first.take(1, WAIT)).as("the first stream is live").hasSize(1);
                Response second = api.get(path).send();
                assertThat(second.status()).isEqualTo(503);
                assertThat(second.text("code")).isEqualTo("TOO_MANY_SUBSCRIBERS");
            }
            // the first stream gone (noticed at its next heartbeat), a new one is served
            ApiClient.await("the first stream's place freed", WAIT, () -> {
                try (SseClient again = SseClient.open(server.port(), path, null, -1)) {
                    return again.status() == 200;
                }
            });
            assertThat(api.serverErrors()).hasSize(1); // the 503 above, nothing else
        }
    }

    /** Moves what the stream received into {@code got}; the last id so far (0 when none). */
    private static long lastId(List<SseClient.Event> got, SseClient stream) {
        got.addAll(stream.drained());
        return got.isEmpty() ? 0 : got.getLast().id();
    }

    /** Takes as many events as expected and checks ids, types and envelopes; returns the last id. */
    static long assertExactly(SseClient client, List<OutboxEvent> expected) {
        assertThat(expected).isNotEmpty();
        List<SseClient.Event> got = client.take(expected.size(), WAIT);
        assertThat(got).extracting(SseClient.Event::id).containsExactlyElementsOf(expected.stream().map(OutboxEvent::seq).toList());
        assertThat(got).extracting(SseClient.Event::type).containsExactlyElementsOf(expected.stream().map(OutboxEvent::type).toList());
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).data().get("id").asText()).isEqualTo("evt_" + expected.get(i).seq());
            assertThat(got.get(i).data().get("aggregateId").asText()).isEqualTo(expected.get(i).aggregateId());
        }
        return got.getLast().id();
    }

    static List<OutboxEvent> stored(PeerCartServer server, String shop, String activity, long after, Predicate<OutboxEvent> which) {
        return server.store().events(shop, activity, after, 1000).stream().filter(which).toList();
    }

    static String order(ApiClient api, String activity, String buyer) {
        Response r = api.post("/v1/activities/" + activity + "/orders").auth(OPERATOR).buyer(buyer).json(Map.of("quantity", 1)).send();
        assertThat(r.status()).as("order: %s", r).isEqualTo(201);
        return r.text("orderId");
    }

    static void pay(ApiClient api, String order) {
        Response r = api.post("/v1/orders/" + order + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "p-" + order)).send();
        assertThat(r.status()).as("pay: %s", r).isEqualTo(200);
    }
}
