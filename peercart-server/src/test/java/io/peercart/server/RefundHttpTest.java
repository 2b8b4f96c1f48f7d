package io.peercart.server;

import static io.peercart.server.BadInputHttpTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * POST /v1/orders/{id}/refund with an amount (docs/orders.md, "Refunds"), against a real node:
 * partial refunds and what every order answer shows of them (the order, its page, lists, search,
 * CSV, the refund queue), every refusal as a problem that changes nothing, and idempotency.
 */
class RefundHttpTest {
    static final String OPERATOR = "pck_refundhttptestoperatorkey00000000001";

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    static final TestClock clock = node.clock;

    static String sku() { return "RF-" + UUID.randomUUID().toString().substring(0, 8); }

    /** A seckill activity of {@code sku} at 10,000 fen a unit, two per buyer. */
    static String seckill(String sku) {
        Map<String, Object> body = ApiClient.seckill("refunds " + sku, sku, 10, 2, clock.instant());
        body.put("items", List.of(Map.of("sku", sku, "price", 10_000, "stock", 10, "limitPerBuyer", 2)));
        return node.api.createActivity(OPERATOR, body);
    }

    static JsonNode placed(String activityId, String buyerId, String sku, int quantity) {
        Response r = node.api.post("/v1/activities/" + activityId + "/orders").auth(node.api.token(OPERATOR, buyerId))
                .json(Map.of("sku", sku, "quantity", quantity)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    static String paid(String activityId, String buyerId, String sku) {
        String id = placed(activityId, buyerId, sku, 2).get("orderId").asText();
        Response r = node.api.post("/v1/orders/" + id + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "pay-" + id)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return id;
    }

    static Response refund(String orderId, Object body) {
        return node.api.post("/v1/orders/" + orderId + "/refund").auth(OPERATOR).json(body).send();
    }

    static JsonNode order(String orderId) {
        Response r = node.api.get("/v1/orders/" + orderId).auth(OPERATOR).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    @Test
    void partialRefundsShowInEveryAnswerUntilTheLastClosesTheOrder() {
        String sku = sku();
        String activity = seckill(sku);
        String id = paid(activity, "refund-buyer", sku);
        JsonNode fresh = order(id);
        assertThat(fresh.get("refundedAmount").asLong()).isZero();
        assertThat(fresh.get("refundable").asLong()).isEqualTo(20_000);
        assertThat(fresh.has("refunds")).as("no refund yet: the order as it always was").isFalse();

        Response part = refund(id, Map.of("amount", 5_000, "reason", "DAMAGED_IN_TRANSIT"));
        assertThat(part.status()).as("%s", part).isEqualTo(200);
        assertThat(part.text("status")).as("a partial refund leaves the order as it was").isEqualTo("RELEASED");
        assertThat(part.json().get("refundedAmount").asLong()).isEqualTo(5_000);
        assertThat(part.json().get("refundable").asLong()).isEqualTo(15_000);
        assertThat(part.json().get("reason").isNull()).isTrue();

        JsonNode page = order(id);
        assertThat(page.get("refunds")).singleElement().satisfies(r -> {
            assertThat(r.get("amount").asLong()).isEqualTo(5_000);
            assertThat(r.get("reason").asText()).isEqualTo("DAMAGED_IN_TRANSIT");
            assertThat(Instant.parse(r.get("at").asText())).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        });
        JsonNode listed = node.api.get("/v1/activities/" + activity + "/orders").auth(OPERATOR).send().json().get("items").get(0);
        JsonNode searched = node.api.get("/v1/orders?sku=" + sku).auth(OPERATOR).send().json().get("items").get(0);
        for (JsonNode o : List.of(listed, searched)) {
            assertThat(o.get("refundedAmount").asLong()).isEqualTo(5_000);
            assertThat(o.get("refundable").asLong()).isEqualTo(15_000);
            assertThat(o.has("refunds")).as("lists show the totals; the order's page each refund").isFalse();
        }
        Response csv = node.api.get("/v1/orders?format=csv&sku=" + sku).auth(OPERATOR).send();
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).endsWith(",refundable,refundedAmount");
        assertThat(lines.get(1)).endsWith(",15000,5000");

        refused(id, Map.of("amount", 15_001), 422, "REFUND_EXCEEDS_PAID");
        Response rest = refund(id, Map.of("reason", "RETURNED"));
        assertThat(rest.status()).as("%s", rest).isEqualTo(200);
        assertThat(rest.text("status")).isEqualTo("REFUNDED");
        assertThat(rest.json().get("refundedAmount").asLong()).isEqualTo(20_000);
        assertThat(rest.json().get("refundable").asLong()).isZero();
        assertThat(order(id).get("refunds")).extracting(r -> r.get("amount").asLong()).containsExactly(5_000L, 15_000L);
        assertThat(refund(id, Map.of()).text("status")).as("what is left of nothing: answered as it is").isEqualTo("REFUNDED");
        refused(id, Map.of("amount", 1), 422, "REFUND_EXCEEDS_PAID");
        assertThat(placed(activity, "refund-buyer", sku, 2).get("status").asText()).as("units and quota back").isEqualTo("PENDING_PAYMENT");
    }

    /** A refusal: the problem, and the order exactly as it was. */
    static void refused(String orderId, Object body, int status, String code) {
        JsonNode before = order(orderId);
        Response r = body instanceof String raw
                ? node.api.post("/v1/orders/" + orderId + "/refund").auth(OPERATOR).raw(raw).send()
                : refund(orderId, body);
        problem(r, status, code);
        assertThat(order(orderId)).as("%s changed nothing", body).isEqualTo(before);
    }

    @Test
    void everyBadRefundIsAProblemThatChangesNothing() {
        String sku = sku();
        String activity = seckill(sku);
        String id = paid(activity, "refuser", sku);
        refused(id, Map.of("amount", 0), 422, "VALIDATION_FAILED");
        refused(id, Map.of("amount", -100), 422, "VALIDATION_FAILED");
        refused(id, "{\"amount\": 100.5}", 422, "VALIDATION_FAILED");
        refused(id, "{\"amount\": \"100\"}", 422, "VALIDATION_FAILED");
        refused(id, "{\"amount\": 99999999999999999999999}", 422, "VALIDATION_FAILED");
        refused(id, Map.of("amount", 20_001), 422, "REFUND_EXCEEDS_PAID");
        refused(id, Map.of("amount", Long.MAX_VALUE), 422, "REFUND_EXCEEDS_PAID");
        refused(id, Map.of("amount", 100, "reason", ""), 422, "VALIDATION_FAILED");
        refused(id, Map.of("amount", 100, "reason", "x".repeat(65)), 422, "VALIDATION_FAILED");
        refused(id, Map.of("amount", 100, "note", "x"), 422, "UNKNOWN_FIELD");
        refused(id, "{\"amount\": ", 400, "MALFORMED_JSON");
        String unpaid = placed(activity, "unpaid", sku, 1).get("orderId").asText();
        refused(unpaid, Map.of("amount", 100), 409, "ORDER_NOT_PAID");

        String buyer = node.api.token(OPERATOR, "refuser");
        problem(node.api.post("/v1/orders/" + id + "/refund").auth(buyer).json(Map.of("amount", 100)).send(), 403, "FORBIDDEN");
        Response other = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "Other")).send();
        problem(node.api.post("/v1/orders/" + id + "/refund").auth(other.text("apiKey")).json(Map.of("amount", 100)).send(), 404, "NOT_FOUND");
        assertThat(order(id).get("refundedAmount").asLong()).isZero();
        assertThat(order(id).has("refunds")).isFalse();
    }

    @Test
    void aRepeatedPartialRefundWithItsKeyRefundsOnce() {
        String sku = sku();
        String id = paid(seckill(sku), "repeater", sku);
        Response first = node.api.post("/v1/orders/" + id + "/refund").auth(OPERATOR).idempotencyKey("part-" + id)
                .json(Map.of("amount", 3_000)).send();
        Response again = node.api.post("/v1/orders/" + id + "/refund").auth(OPERATOR).idempotencyKey("part-" + id)
                .json(Map.of("amount", 3_000)).send();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(again.json()).isEqualTo(first.json());
        problem(node.api.post("/v1/orders/" + id + "/refund").auth(OPERATOR).idempotencyKey("part-" + id)
                .json(Map.of("amount", 4_000)).send(), 422, "IDEMPOTENCY_KEY_REUSED");
        assertThat(order(id).get("refundedAmount").asLong()).as("refunded once").isEqualTo(3_000);
        assertThat(order(id).get("refunds")).hasSize(1);
    }

    @Test
    void theRefundQueueShowsWhatIsLeftAfterAPartialRefund() {
        String sku = sku();
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "groupOn");
        body.put("name", "refund queue");
        body.put("startsAt", now.minusSeconds(60).toString());
        body.put("endsAt", now.plus(Duration.ofHours(2)).toString());
        body.put("items", List.of(Map.of("sku", sku, "price", 12_900, "groupPrice", 9_900, "stock", 100, "limitPerBuyer", 1)));
        body.put("rules", Map.of("groupSize", 3));
        String activity = node.api.createActivity(OPERATOR, body);
        String leader = placed(activity, "queue-" + sku, sku, 1).get("orderId").asText();
        assertThat(node.api.post("/v1/orders/" + leader + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "p-" + leader)).send().status()).isEqualTo(200);
        assertThat(node.api.post("/v1/activities/" + activity + "/cancel").auth(OPERATOR).send().status()).isEqualTo(200);
        assertThat(order(leader).get("status").asText()).isEqualTo("REFUND_REQUESTED");

        assertThat(refund(leader, Map.of("amount", 4_000, "reason", "FIRST_PART")).status()).isEqualTo(200);
        JsonNode queued = queue().stream().filter(o -> o.get("orderId").asText().equals(leader)).findFirst().orElseThrow();
        assertThat(queued.get("status").asText()).isEqualTo("REFUND_REQUESTED");
        assertThat(queued.get("reason").asText()).as("the reason PeerCart asked for stays").isEqualTo("ACTIVITY_CANCELLED");
        assertThat(queued.get("refundedAmount").asLong()).isEqualTo(4_000);
        assertThat(queued.get("refundable").asLong()).as("9,900 less 4,000").isEqualTo(5_900);

        Response rest = refund(leader, Map.of());
        assertThat(rest.text("status")).isEqualTo("REFUNDED");
        assertThat(rest.text("reason")).isEqualTo("ACTIVITY_CANCELLED");
        assertThat(queue()).noneMatch(o -> o.get("orderId").asText().equals(leader));
        assertThat(order(leader).get("refunds")).extracting(r -> r.get("reason").asText()).containsExactly("FIRST_PART", "MERCHANT_REFUND");
    }

    static List<JsonNode> queue() {
        List<JsonNode> out = new ArrayList<>();
        node.api.get("/v1/refunds/pending?limit=500").auth(OPERATOR).send().json().get("items").forEach(out::add);
        return out;
    }
}
