package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /v1/members/{buyerId} against a real node: what a support agent sees of a buyer who ordered,
 * paid, earned points and shared a link; the list bound; and a buyer of another shop, an unknown
 * buyer, a buyer token and no credentials refused.
 */
class MemberHttpTest {
    static final String OPERATOR = "pck_memberhttptestoperatorkey00000000001";

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);

    private static String unique(String prefix) { return prefix + "-" + UUID.randomUUID().toString().substring(0, 8); }

    @Test
    void oneViewOfABuyersOrdersPointsAndShares() {
        String buyer = unique("会员");
        String sku = unique("M");
        String act = node.api.createActivity(OPERATOR, ApiClient.seckill("member test", sku, 100, 5, node.clock.instant()));
        String token = node.api.token(OPERATOR, buyer);
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Response r = node.api.post("/v1/activities/" + act + "/orders").auth(token).json(Map.of("sku", sku, "quantity", 1)).send();
            assertThat(r.status()).as("%s", r).isEqualTo(201);
            orderIds.add(r.text("orderId"));
        }
        Response paid = node.api.post("/v1/orders/" + orderIds.getFirst() + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "p-1")).send();
        assertThat(paid.status()).as("%s", paid).isEqualTo(200);
        Response earned = node.api.post("/v1/points/earn").auth(OPERATOR).idempotencyKey(unique("earn"))
                .json(Map.of("buyerId", buyer, "amount", 300, "reason", "welcome")).send();
        assertThat(earned.status()).as("%s", earned).isEqualTo(201);
        Response share = node.api.post("/v1/shares").auth(token).json(Map.of("activityId", act)).send();
        assertThat(share.status()).as("%s", share).isEqualTo(201);
        node.api.post("/v1/shares/" + share.text("shareId") + "/visits").json(Map.of("visitorId", unique("visitor"))).send();

        Response r = node.api.get("/v1/members/" + URLEncoder.encode(buyer, StandardCharsets.UTF_8)).auth(OPERATOR).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode m = r.json();
        assertThat(m.get("buyerId").asText()).isEqualTo(buyer);
        JsonNode orders = m.get("orders");
        assertThat(orders.get("total").asInt()).isEqualTo(3);
        assertThat(orders.get("byStatus").get("RELEASED").asInt()).isEqualTo(1);
        assertThat(orders.get("byStatus").get("PENDING_PAYMENT").asInt()).isEqualTo(2);
        assertThat(orders.get("recent").findValuesAsText("orderId")).as("newest first").containsExactlyElementsOf(orderIds.reversed());
        assertThat(orders.get("all").asText()).startsWith("/v1/orders?buyerId=");
        JsonNode all = node.api.get(orders.get("all").asText()).auth(OPERATOR).send().json();
        assertThat(all.get("items").findValuesAsText("orderId")).as("the link finds every order").containsExactlyElementsOf(orderIds);
        JsonNode points = m.get("points");
        assertThat(points.get("available").asLong()).isEqualTo(300);
        assertThat(points.get("history")).hasSize(1);
        assertThat(points.get("history").get(0).get("reason").asText()).isEqualTo("welcome");
        assertThat(m.get("shares")).singleElement().satisfies(s -> {
            assertThat(s.get("shareId").asText()).isEqualTo(share.text("shareId"));
            assertThat(s.get("activityId").asText()).isEqualTo(act);
            assertThat(s.get("visitors").asInt()).isEqualTo(1);
        });
        assertThat(m.get("helps").get("given")).isEmpty();
        assertThat(m.get("helps").get("received")).isEmpty();

        JsonNode bounded = node.api.get("/v1/members/" + URLEncoder.encode(buyer, StandardCharsets.UTF_8) + "?limit=2").auth(OPERATOR).send().json();
        assertThat(bounded.get("orders").get("recent").findValuesAsText("orderId")).containsExactly(orderIds.get(2), orderIds.get(1));
        assertThat(bounded.get("orders").get("total").asInt()).as("counts are not bounded by the list").isEqualTo(3);
    }

    @Test
    void refusedWithoutAMerchantKeyAndNotFoundAcrossShops() {
        String buyer = unique("b");
        String sku = unique("M");
        String act = node.api.createActivity(OPERATOR, ApiClient.seckill("member refusals", sku, 100, 5, node.clock.instant()));
        String token = node.api.token(OPERATOR, buyer);
        assertThat(node.api.post("/v1/activities/" + act + "/orders").auth(token).json(Map.of("sku", sku, "quantity", 1)).send().status())
                .isEqualTo(201);
        Response otherShop = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "Elsewhere")).send();
        String otherKey = otherShop.text("apiKey");

        refused(node.api.get("/v1/members/" + buyer).send(), 401, "UNAUTHORIZED");
        refused(node.api.get("/v1/members/" + buyer).auth(token).send(), 403, "FORBIDDEN");
        refused(node.api.get("/v1/members/" + buyer).auth(otherKey).send(), 404, "NOT_FOUND");
        refused(node.api.get("/v1/members/" + unique("never")).auth(OPERATOR).send(), 404, "NOT_FOUND");
        refused(node.api.get("/v1/members/" + "x".repeat(200)).auth(OPERATOR).send(), 404, "NOT_FOUND");
        refused(node.api.get("/v1/members/" + buyer + "?limit=0").auth(OPERATOR).send(), 422, "VALIDATION_FAILED");
        refused(node.api.get("/v1/members/" + buyer + "?limit=501").auth(OPERATOR).send(), 422, "VALIDATION_FAILED");
    }

    private static void refused(Response r, int status, String code) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.code()).as("%s", r).isEqualTo(code);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }
}
