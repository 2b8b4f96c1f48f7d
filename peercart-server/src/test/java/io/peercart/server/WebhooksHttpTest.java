package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import io.peercart.store.StoreFixtures;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks against a real local HTTP receiver: signatures verify, deliveries of one aggregate
 * arrive in order, 500s and timeouts are retried with backoff (base delay shortened), nothing is
 * sent again after a success, nothing is lost across a restart (SQLite and PostgreSQL), manual
 * redelivery and secret rotation, and the endpoints' input checks.
 */
class WebhooksHttpTest {
    static final String OPERATOR = LiveEventsHttpTest.OPERATOR;
    static final Duration WAIT = Duration.ofSeconds(30);

    private static ServerConfig config(Path dir, TestDatabase db) {
        ServerConfig c = ServerConfig.embedded(dir, 0).withAdminKey(OPERATOR).withAllowPrivateWebhooks(true) // the receiver is on loopback
                .withTuning(ServerConfig.Tuning.DEFAULTS.withWebhookBaseDelay(Duration.ofMillis(50))
                        .withWebhookTimeout(Duration.ofSeconds(2))); // 2 s: a loaded machine is not a timeout
        return db == null ? c : c.withDatabase(db.url(), db.user(), db.password()).withSecretKeys(db.secretKey(), null);
    }

    @Test
    void signedInOrderRetriedAfter500sAndTimeoutsAndNeverAgainAfterSuccess(@TempDir Path dir) {
        try (WebhookReceiver receiver = new WebhookReceiver(); PeerCartServer server = PeerCartServer.start(config(dir, null))) {
            ApiClient api = new ApiClient(server.port());
            JsonNode hook = register(api, receiver.url(), List.of("order.*"));
            String secret = hook.get("secret").asText();
            assertThat(secret).startsWith("whsec_");
            // the first order's creation fails twice (a 500, then no answer within the timeout)
            Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
            receiver.answer(r -> {
                int n = attempts.computeIfAbsent(r.eventId(), k -> new AtomicInteger()).incrementAndGet();
                if (!r.eventType().equals("order.created") || !r.json().path("data").path("buyerId").asText().equals("w1")) return 200;
                return n == 1 ? 500 : n == 2 ? WebhookReceiver.HANG : 200;
            });
            String activity = api.createActivity(OPERATOR, seckill("hooks", "HOOK-1", 10, 1, Instant.now()));
            String o1 = LiveEventsHttpTest.order(api, activity, "w1");
            LiveEventsHttpTest.pay(api, o1);
            ApiClient.await("order.released delivered", WAIT, () -> receiver.received().stream().anyMatch(r -> r.eventType().equals("order.released")));

            List<WebhookReceiver.Received> forOrder = receiver.received().stream()
                    .filter(r -> r.json().path("aggregateId").asText().equals(o1)).toList();
            // in order per aggregate: the paid and released events wait for the created one to succeed
            assertThat(forOrder).extracting(WebhookReceiver.Received::eventType)
                    .containsExactly("order.created", "order.created", "order.created", "order.paid", "order.released");
            assertThat(forOrder.get(0).eventId()).isEqualTo(forOrder.get(2).eventId()); // one stable id across attempts
            for (WebhookReceiver.Received r : receiver.received()) {
                assertThat(verify(r.signature(), r.body(), secret)).as("signature of %s", r.eventId()).isTrue();
                assertThat(r.json().get("id").asText()).isEqualTo(r.eventId());
                assertThat(r.json().get("type").asText()).isEqualTo(r.eventType());
                assertThat(r.eventType()).startsWith("order."); // stock.changed and activity.* were not asked for
            }
            assertThat(verify(forOrder.get(0).signature(), forOrder.get(0).body(), "whsec_wrong")).isFalse();

            // the log: three deliveries, the first after three attempts
            List<JsonNode> log = deliveries(api, hook.get("id").asText());
            assertThat(log).extracting(d -> d.get("eventType").asText()).containsExactly("order.released", "order.paid", "order.created");
            JsonNode created = log.getLast();
            assertThat(created.get("attempts").asInt()).isEqualTo(3);
            assertThat(created.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(created.get("lastStatus").asInt()).isEqualTo(200);
            assertThat(created.get("eventId").asText()).isEqualTo(forOrder.get(0).eventId());

            // a later event goes through; nothing delivered before was sent again
            String o2 = LiveEventsHttpTest.order(api, activity, "w2");
            ApiClient.await("second order delivered", WAIT, () -> receiver.received().stream()
                    .anyMatch(r -> r.json().path("aggregateId").asText().equals(o2)));
            for (WebhookReceiver.Received r : forOrder.subList(2, 5))
                assertThat(receiver.receivedFor(r.eventId())).as("deliveries of %s", r.eventType()).hasSize(r == forOrder.get(2) ? 3 : 1);
            assertThat(api.serverErrors()).isEmpty();
        }
    }

    @Test
    void redeliversRotatesSecretsAndChecksInput(@TempDir Path dir) {
        try (WebhookReceiver receiver = new WebhookReceiver(); PeerCartServer server = PeerCartServer.start(config(dir, null))) {
            ApiClient api = new ApiClient(server.port());
            JsonNode hook = register(api, receiver.url(), List.of("order.created", "activity.*"));
            String id = hook.get("id").asText();
            String activity = api.createActivity(OPERATOR, seckill("redeliver", "REDO-1", 10, 1, Instant.now()));
            LiveEventsHttpTest.order(api, activity, "r1");
            ApiClient.await("two deliveries", WAIT, () -> receiver.received().size() >= 2);
            // two aggregates (the activity, the order): delivered side by side, in either order
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::eventType).containsExactlyInAnyOrder("activity.created", "order.created");
            ApiClient.await("both recorded", WAIT, () -> deliveries(api, id).stream().allMatch(d -> d.get("status").asText().equals("SUCCEEDED")));

            // manual redelivery: the same event, the same body, once more
            JsonNode first = deliveries(api, id).getFirst();
            Response again = api.post("/v1/webhooks/" + id + "/deliveries/" + first.get("id").asText() + "/redeliver").auth(OPERATOR)
                    .idempotencyKey("redo-1").send();
            assertThat(again.status()).as(again.toString()).isEqualTo(202);
            assertThat(again.text("status")).isEqualTo("PENDING");
            String eventId = first.get("eventId").asText();
            ApiClient.await("redelivered", WAIT, () -> receiver.receivedFor(eventId).size() == 2);
            assertThat(receiver.receivedFor(eventId).get(1).body()).isEqualTo(receiver.receivedFor(eventId).get(0).body());
            // the same key again replays the answer and does not deliver a third time
            Response replay = api.post("/v1/webhooks/" + id + "/deliveries/" + first.get("id").asText() + "/redeliver").auth(OPERATOR)
                    .idempotencyKey("redo-1").send();
            assertThat(replay.header("Idempotent-Replayed")).hasValue("true");

            // rotation: the new secret signs, the old one too for the grace period
            String oldSecret = hook.get("secret").asText();
            Response rotated = api.post("/v1/webhooks/" + id + "/rotate-secret").auth(OPERATOR).send();
            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
            String newSecret = rotated.text("secret");
            assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
            assertThat(rotated.text("previousSecretValidUntil")).isNotNull();
            LiveEventsHttpTest.order(api, activity, "r2");
            ApiClient.await("delivery after rotation", WAIT, () -> receiver.received().size() >= 4);
            WebhookReceiver.Received after = receiver.received().getLast();
            assertThat(after.signature().split(",")).hasSize(3);
            assertThat(verify(after.signature(), after.body(), newSecret)).isTrue();
            assertThat(verify(after.signature(), after.body(), oldSecret)).isTrue();

            // reading, listing, deleting; secrets only where they are created
            Response got = api.get("/v1/webhooks/" + id).auth(OPERATOR).send();
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.json().has("secret")).isFalse();
            assertThat(api.get("/v1/webhooks").auth(OPERATOR).send().json().get("items")).hasSize(1);
            assertThat(api.call("DELETE", "/v1/webhooks/" + id).auth(OPERATOR).send().status()).isEqualTo(204);
            assertThat(api.get("/v1/webhooks/" + id).auth(OPERATOR).send().status()).isEqualTo(404);
            assertThat(api.call("DELETE", "/v1/webhooks/" + id).auth(OPERATOR).send().status()).isEqualTo(404);

            // bad input: 4xx with a code, never 5xx
            assertThat(api.post("/v1/webhooks").auth(OPERATOR).json(Map.of("url", "ftp://x", "events", List.of("*"))).send().code()).isEqualTo("VALIDATION_FAILED");
            assertThat(api.post("/v1/webhooks").auth(OPERATOR).json(Map.of("url", receiver.url(), "events", List.of("Order!"))).send().code()).isEqualTo("VALIDATION_FAILED");
            assertThat(api.post("/v1/webhooks").auth(OPERATOR).json(Map.of("url", receiver.url(), "events", List.of())).send().code()).isEqualTo("VALIDATION_FAILED");
            assertThat(api.post("/v1/webhooks").auth(OPERATOR).raw("{").send().code()).isEqualTo("MALFORMED_JSON");
            assertThat(api.post("/v1/webhooks").json(Map.of("url", receiver.url(), "events", List.of("*"))).send().status()).isEqualTo(401);
            assertThat(api.post("/v1/webhooks").auth(api.token(OPERATOR, "b")).json(Map.of("url", receiver.url(), "events", List.of("*"))).send().status()).isEqualTo(403);
            assertThat(api.get("/v1/webhooks/wh_nope/deliveries").auth(OPERATOR).send().status()).isEqualTo(404);
            assertThat(api.post("/v1/webhooks/wh_nope/rotate-secret").auth(OPERATOR).send().status()).isEqualTo(404);
            assertThat(api.post("/v1/webhooks/" + id + "/deliveries/whd_nope/redeliver").auth(OPERATOR).send().status()).isEqualTo(404);
            // another shop sees none of this shop's endpoints
            String otherKey = api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "Other")).send().text("apiKey");
            String mine = register(api, receiver.url(), List.of("*")).get("id").asText();
            assertThat(api.get("/v1/webhooks/" + mine).auth(otherKey).send().status()).isEqualTo(404);
            assertThat(api.get("/v1/webhooks").auth(otherKey).send().json().get("items")).isEmpty();
            // a limit on endpoints per shop
            for (int i = 1; i < io.peercart.core.webhook.WebhookRules.MAX_ENDPOINTS_PER_SHOP; i++) register(api, receiver.url(), List.of("*"));
            Response tooMany = api.post("/v1/webhooks").auth(OPERATOR).json(Map.of("url", receiver.url(), "events", List.of("*"))).send();
            assertThat(tooMany.status()).isEqualTo(409);
            assertThat(tooMany.code()).isEqualTo("TOO_MANY_WEBHOOKS");
            assertThat(api.serverErrors()).isEmpty();
        }
    }

    @Test
    void sqliteLosesNothingAcrossARestart(@TempDir Path dir) {
        survivesRestart(config(dir, null));
    }

    @Test
    void postgresqlLosesNothingAcrossARestart(@TempDir Path dir) {
        try (TestDatabase db = StoreFixtures.postgresDatabase()) {
            survivesRestart(config(dir, db));
        }
    }

    private void survivesRestart(ServerConfig config) {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(r -> 503);
            String hookId;
            List<String> orders = new ArrayList<>();
            try (PeerCartServer server = PeerCartServer.start(config)) {
                ApiClient api = new ApiClient(server.port());
                hookId = register(api, receiver.url(), List.of("order.created")).get("id").asText();
                String activity = api.createActivity(OPERATOR, seckill("restart", "RS-1", 10, 1, Instant.now()));
                for (String b : List.of("x1", "x2", "x3")) orders.add(LiveEventsHttpTest.order(api, activity, b));
                ApiClient.await("failed attempts", WAIT, () -> receiver.received().size() >= 3);
            }
            receiver.answer(r -> 200);
            try (PeerCartServer server = PeerCartServer.start(config)) {
                ApiClient api = new ApiClient(server.port());
                ApiClient.await("every order delivered after the restart", WAIT, () -> deliveries(api, hookId).size() == 3
                        && deliveries(api, hookId).stream().allMatch(d -> d.get("status").asText().equals("SUCCEEDED")));
                List<String> delivered = receiver.received().stream().filter(r -> r.json() != null)
                        .map(r -> r.json().path("aggregateId").asText()).distinct().toList();
                assertThat(delivered).containsExactlyInAnyOrderElementsOf(orders);
                assertThat(api.serverErrors()).isEmpty();
            }
        }
    }

    static JsonNode register(ApiClient api, String url, List<String> events) {
        Response r = api.post("/v1/webhooks").auth(OPERATOR).json(Map.of("url", url, "events", events)).send();
        assertThat(r.status()).as("register: %s", r).isEqualTo(201);
        return r.json();
    }

    static List<JsonNode> deliveries(ApiClient api, String hookId) {
        Response r = api.get("/v1/webhooks/" + hookId + "/deliveries").auth(OPERATOR).send();
        assertThat(r.status()).as("deliveries: %s", r).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("items").forEach(out::add);
        return out;
    }

    /** What a receiver does (docs/events.md): recompute HMAC-SHA256 of "t.body" and compare with each v1. */
    static boolean verify(String header, String body, String secret) {
        String t = null;
        List<String> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) t = part.substring(2);
            else if (part.startsWith("v1=")) v1.add(part.substring(3));
        }
        if (t == null) return false;
        String expected;
        try { // computed here from the documented recipe, not with the server's code
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            expected = java.util.HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        boolean fresh = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) < 300;
        return fresh && v1.stream().anyMatch(v -> java.security.MessageDigest.isEqual(v.getBytes(), expected.getBytes()));
    }
}
