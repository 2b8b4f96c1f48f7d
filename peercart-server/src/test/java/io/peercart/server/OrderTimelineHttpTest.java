package io.peercart.server;

import static io.peercart.server.BadInputHttpTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import io.peercart.server.events.EventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /v1/orders/{orderId}/events (docs/orders.md, "An order's timeline"), against a real node:
 * the order's events oldest first, exactly as the shop's live stream carries them, paged, and
 * only for the merchant of the order's shop.
 */
class OrderTimelineHttpTest {
    static final String OPERATOR = "pck_ordertimelinehttptestoperatorkey0001";

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);

    static String paidAndRefundedOrder(String key, String buyer) {
        String sku = "TL-" + UUID.randomUUID().toString().substring(0, 8);
        String activity = node.api.createActivity(key, ApiClient.seckill("时间线 " + sku, sku, 10, 2, node.clock.instant()));
        Response placed = node.api.post("/v1/activities/" + activity + "/orders").auth(key).buyer(buyer).json(Map.of("quantity", 1)).send();
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        String id = placed.text("orderId");
        assertThat(node.api.post("/v1/orders/" + id + "/pay").auth(key).json(Map.of("paymentRef", "p-" + id)).send().status()).isEqualTo(200);
        assertThat(node.api.post("/v1/orders/" + id + "/refund").auth(key).json(Map.of("amount", 1)).send().status()).isEqualTo(200);
        assertThat(node.api.post("/v1/orders/" + id + "/refund").auth(key).json(Map.of()).send().status()).isEqualTo(200);
        return id;
    }

    static String compact(String json) {
        try {
            return ApiClient.JSON.readTree(json).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<JsonNode> items(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("items").forEach(out::add);
        return out;
    }

    @Test
    void theTimelineListsTheOrdersEventsOldestFirstAsTheStreamShowsThem() {
        String id = paidAndRefundedOrder(OPERATOR, "timeline-buyer");
        List<JsonNode> events = items(node.api.get("/v1/orders/" + id + "/events").auth(OPERATOR).send());
        assertThat(events).extracting(e -> e.get("type").asText())
                .startsWith("order.created").contains("order.released", "order.partially_refunded").endsWith("order.refunded");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("aggregateId").asText()).isEqualTo(id);
            assertThat(e.get("id").asText()).isEqualTo("evt_" + e.get("seq").asLong());
        });
        assertThat(events).extracting(e -> e.get("seq").asLong()).isSorted();
        assertThat(events.getLast().get("data").get("status").asText()).isEqualTo("REFUNDED");
        // the same events, byte for byte, as the shop's stream and webhooks carry them
        JsonNode first = events.getFirst();
        List<String> stored = node.server.store().events(first.get("shopId").asText(), first.get("activityId").asText(), 0, 1000).stream()
                .filter(e -> e.aggregateId().equals(id)).map(EventJson::envelope).toList();
        assertThat(events).extracting(JsonNode::toString).containsExactlyElementsOf(stored.stream().map(OrderTimelineHttpTest::compact).toList());
    }

    @Test
    void pagesFollowTheCursorAndBadInputIsAProblem() {
        String id = paidAndRefundedOrder(OPERATOR, "timeline-pager");
        List<JsonNode> all = items(node.api.get("/v1/orders/" + id + "/events").auth(OPERATOR).send());
        assertThat(all.size()).isGreaterThanOrEqualTo(4);
        List<JsonNode> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = node.api.get("/v1/orders/" + id + "/events?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).auth(OPERATOR).send();
            paged.addAll(items(r));
            cursor = r.text("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(paged).extracting(JsonNode::toString).containsExactlyElementsOf(all.stream().map(JsonNode::toString).toList());
        assertThat(pages).as("two a page").isBetween((all.size() + 1) / 2, all.size() / 2 + 1);

        problem(node.api.get("/v1/orders/" + id + "/events?cursor=abc").auth(OPERATOR).send(), 422, "VALIDATION_FAILED");
        problem(node.api.get("/v1/orders/" + id + "/events?limit=0").auth(OPERATOR).send(), 422, "VALIDATION_FAILED");
        problem(node.api.get("/v1/orders/ord_nothing/events").auth(OPERATOR).send(), 404, "NOT_FOUND");
        problem(node.api.get("/v1/orders/" + id + "/events").send(), 401, "UNAUTHORIZED");
    }

    @Test
    void onlyTheShopsMerchantReadsIt() {
        String id = paidAndRefundedOrder(OPERATOR, "timeline-owner");
        Response other = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "另一家店")).send();
        assertThat(other.status()).isEqualTo(201);
        problem(node.api.get("/v1/orders/" + id + "/events").auth(other.text("apiKey")).send(), 404, "NOT_FOUND");
        String token = node.api.token(OPERATOR, "timeline-owner");
        problem(node.api.get("/v1/orders/" + id + "/events").auth(token).send(), 403, "FORBIDDEN");
    }
}
