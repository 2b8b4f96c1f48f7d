package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** pointsExchange and presentExchange over HTTP against a real node (SQLite), each test in a shop of its own. */
class ExchangeHttpTest {
    static final String OPERATOR = "pck_exchangehttptestoperatorkey000000001";

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    static final TestClock clock = node.clock;
    private String shopKey;
    private static int shops;

    @AfterEach
    void soundAndNoServerErrors() {
        if (shopKey != null) assertThat(ledgerSummary(shopKey).get("sound").asBoolean()).isTrue();
    }

    private static JsonNode ledgerSummary(String key) {
        return node.api.get("/v1/points/summary").auth(key).send().json();
    }

    private String newShop() {
        Response r = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "exchange " + ++shops)).send();
        shopKey = r.text("apiKey");
        return shopKey;
    }

    private static Map<String, Object> activity(String type, Instant now, List<Map<String, Object>> items, Map<String, Object> rules) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", type);
        a.put("name", type + " test");
        a.put("startsAt", now.minusSeconds(60).toString());
        a.put("endsAt", now.plus(Duration.ofHours(1)).toString());
        a.put("items", items);
        a.put("rules", rules);
        return a;
    }

    private static Response order(String activityId, String token, String sku) {
        return node.api.post("/v1/activities/" + activityId + "/orders").auth(token).json(Map.of("sku", sku, "quantity", 1)).send();
    }

    private static long available(String key, String buyer) {
        return node.api.get("/v1/members/" + buyer + "/points").auth(key).send().json().get("available").asLong();
    }

    @Test
    void pointsExchangeOrdersFreezeConsumeAndRevertPoints() {
        String m = newShop();
        Instant now = clock.instant();
        String id = node.api.createActivity(m, activity("pointsExchange", now, List.of(
                Map.of("sku", "PX", "pointsPrice", 300, "stock", 5, "limitPerBuyer", 3),
                Map.of("sku", "PC", "pointsPrice", 100, "cashPrice", 1_990, "stock", 5)), Map.of()));
        JsonNode created = node.api.get("/v1/activities/" + id).auth(m).send().json();
        assertThat(created.get("items").get(0).get("pointsPrice").asLong()).isEqualTo(300);
        assertThat(created.get("items").get(1).get("price").asLong()).isEqualTo(1_990);
        assertThat(node.api.post("/v1/points/earn").auth(m).idempotencyKey("seed-ann").json(Map.of("buyerId", "ann", "amount", 700)).send().status()).isEqualTo(201);
        String ann = node.api.token(m, "ann");

        Response pure = order(id, ann, "PX");
        assertThat(pure.status()).as(pure.toString()).isEqualTo(201);
        assertThat(pure.text("status")).isEqualTo("RELEASED");
        assertThat(available(m, "ann")).isEqualTo(400);

        Response cash = order(id, ann, "PC");
        assertThat(cash.text("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(node.api.get("/v1/members/ann/points").auth(ann).send().json().get("frozen").asLong()).isEqualTo(100);
        assertThat(node.api.post("/v1/orders/" + cash.text("orderId") + "/pay").auth(m).json(Map.of("paymentRef", "p1")).send().text("status")).isEqualTo("RELEASED");
        assertThat(available(m, "ann")).isEqualTo(300);

        assertThat(order(id, ann, "PX").status()).isEqualTo(201);
        assertThat(order(id, ann, "PX").code()).isEqualTo("INSUFFICIENT_POINTS");
        assertThat(node.api.post("/v1/orders/" + pure.text("orderId") + "/refund").auth(m).send().text("status")).isEqualTo("REFUNDED");
        assertThat(available(m, "ann")).isEqualTo(300);
        JsonNode stats = node.api.stats(m, id);
        ApiClient.assertStockAddsUp(stats);

        Response missing = node.api.post("/v1/activities").auth(m).json(activity("pointsExchange", now,
                List.of(Map.of("sku", "PY", "stock", 5)), Map.of())).send();
        assertThat(missing.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(missing.text("detail")).contains("pointsPrice");
    }

    @Test
    void presentsAreClaimedByGrantedBuyersAndUnclaimedGrantsExpire() {
        String m = newShop();
        Instant now = clock.instant();
        String id = node.api.createActivity(m, activity("presentExchange", now, List.of(Map.of("sku", "GIFT", "stock", 10)),
                Map.of("openClaims", false)));
        String stranger = node.api.token(m, "stranger");
        assertThat(order(id, stranger, "GIFT").code()).isEqualTo("NOT_GRANTED");
        Response granted = node.api.post("/v1/activities/" + id + "/grants").auth(m).idempotencyKey("g1")
                .json(Map.of("buyerIds", List.of("vip1", "vip2"))).send();
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
        assertThat(node.api.post("/v1/activities/" + id + "/grants").auth(m).json(Map.of("buyerIds", List.of("a", "a"))).send().code())
                .isEqualTo("VALIDATION_FAILED");
        Response claim = order(id, node.api.token(m, "vip1"), "GIFT");
        assertThat(claim.status()).as(claim.toString()).isEqualTo(201);
        assertThat(claim.text("status")).isEqualTo("RELEASED");
        assertThat(claim.number("amount")).isZero();
        assertThat(grantStatuses(m, id)).as("vip1's only unit is claimed: used up").isEqualTo(Map.of("vip1", "CLAIMED/1", "vip2", "OPEN/0"));

        clock.advance(Duration.ofHours(1));
        ApiClient.await("unclaimed grants expired", Duration.ofSeconds(20), () -> grantStatuses(m, id).get("vip2").startsWith("EXPIRED"));
        assertThat(grantStatuses(m, id)).as("a used-up grant does not expire").isEqualTo(Map.of("vip1", "CLAIMED/1", "vip2", "EXPIRED/0"));
    }

    private static Map<String, String> grantStatuses(String merchant, String activityId) {
        Map<String, String> statuses = new java.util.HashMap<>();
        node.api.get("/v1/activities/" + activityId + "/grants").auth(merchant).send().json().get("items")
                .forEach(g -> statuses.put(g.get("buyerId").asText(), g.get("status").asText() + "/" + g.get("claimed").asInt()));
        return statuses;
    }
}
