package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.limit.RateLimits;
import io.peercart.server.ApiClient.Response;
import io.peercart.server.limit.TrustedProxies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rate limits over HTTP on real nodes: a spent budget answers 429 RATE_LIMITED with Retry-After
 * and changes nothing; a shop's settings apply from the next request; X-Forwarded-For names the
 * client only when the peer is a trusted proxy; bad settings are refused. Each test uses a shop
 * of its own, so its settings touch no other test.
 */
class RateLimitHttpTest {
    static final String OPERATOR = "pck_ratelimithttptestoperatorkey00000000001";

    /** Trusts loopback as its proxy: the tests' X-Forwarded-For is believed. */
    @RegisterExtension
    static final TestNode behindProxy = new TestNode(OPERATOR, new TestClock(),
            c -> c.withTrustedProxies(TrustedProxies.parse(List.of("127.0.0.0/8"))));

    /** Trusts no proxy (the default): X-Forwarded-For is ignored. */
    @RegisterExtension
    static final TestNode direct = new TestNode(OPERATOR);

    /** A new shop on {@code node} with these limits: its key. */
    static String shopWithLimits(TestNode node, Map<String, Object> limits) {
        Response shop = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "limited")).send();
        assertThat(shop.status()).as("%s", shop).isEqualTo(201);
        String key = shop.text("apiKey");
        Response set = node.api.call("PUT", "/v1/settings/limits").auth(key).json(limits).send();
        assertThat(set.status()).as("%s", set).isEqualTo(200);
        return key;
    }

    static void assertRateLimited(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(429);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo("RATE_LIMITED");
        assertThat(r.header("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 60));
    }

    @Test
    void aSpentOrderBudgetIs429WithRetryAfterAndSellsNothing() {
        TestNode node = behindProxy;
        String key = shopWithLimits(node, Map.of("orders", Map.of("perBuyerPerMinute", 2)));
        String id = node.api.createActivity(key, ApiClient.seckill("limited sale", "RL-1", 10, 5, node.clock.instant()));
        String token = node.api.token(key, "rl-buyer");
        for (int i = 0; i < 2; i++) {
            Response placed = node.api.post("/v1/activities/" + id + "/orders").auth(token).json(Map.of("sku", "RL-1", "quantity", 1)).send();
            assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        }
        Response third = node.api.post("/v1/activities/" + id + "/orders").auth(token).json(Map.of("sku", "RL-1", "quantity", 1)).send();
        assertRateLimited(third);
        assertThat(third.body()).contains("orders").contains("per buyer");
        Response stats = node.api.get("/v1/activities/" + id + "/stats").auth(key).send();
        assertThat(stats.json().get("stock").get("reserved").asLong() + stats.json().get("stock").get("sold").asLong())
                .as("the refused order took nothing").isEqualTo(2);
        String other = node.api.token(key, "rl-other-buyer");
        assertThat(node.api.post("/v1/activities/" + id + "/orders").auth(other).json(Map.of("sku", "RL-1", "quantity", 1)).send().status())
                .as("another buyer has a budget of their own").isEqualTo(201);
        // acting for the same buyer with the merchant key spends the same buyer's budget
        Response acting = node.api.post("/v1/activities/" + id + "/orders").auth(key).buyer("rl-buyer").json(Map.of("sku", "RL-1", "quantity", 1)).send();
        assertRateLimited(acting);
        // refused before any route took them: counted under a label of their own, not as unmatched paths
        Map<String, Double> metrics = ObservabilityHttpTest.scrape(node.api, OPERATOR);
        assertThat(metrics.get("peercart_http_requests_seconds_count{method=\"POST\",route=\"rate_limited\",status=\"429\"}")).isGreaterThanOrEqualTo(2);
        assertThat(metrics.keySet()).noneMatch(k -> k.contains("route=\"unmatched\",status=\"429\""));
        assertThat(metrics.get("peercart_orders_total{outcome=\"RATE_LIMITED\"}")).as("orders by outcome count them too").isGreaterThanOrEqualTo(2);
    }

    @Test
    void codeAttemptsHaveTheirOwnBudget() {
        TestNode node = behindProxy;
        String key = shopWithLimits(node, Map.of("codes", Map.of("perBuyerPerMinute", 2)));
        String id = node.api.createActivity(key, FCodeHttpTest.fCode("RL-F", 10, Map.of(), node.clock.instant()));
        String token = node.api.token(key, "guesser");
        for (int i = 0; i < 2; i++) {
            Response wrong = node.api.post("/v1/activities/" + id + "/orders").auth(token).json(Map.of("quantity", 1, "code", "WRONGCODE00" + i)).send();
            assertThat(wrong.code()).as("%s", wrong).isEqualTo("INVALID_CODE");
        }
        assertRateLimited(node.api.post("/v1/activities/" + id + "/orders").auth(token).json(Map.of("quantity", 1, "code", "WRONGCODE009")).send());
    }

    @Test
    void aChangedSettingAppliesFromTheNextRequest() {
        TestNode node = behindProxy;
        String key = shopWithLimits(node, Map.of("reads", Map.of("perKeyPerMinute", 3)));
        for (int i = 0; i < 3; i++) assertThat(node.api.get("/v1/settings/limits").auth(key).send().status()).isEqualTo(200);
        assertRateLimited(node.api.get("/v1/settings/limits").auth(key).send());
        Response raised = node.api.call("PUT", "/v1/settings/limits").auth(key).json(Map.of("reads", Map.of("perKeyPerMinute", 1000))).send();
        assertThat(raised.status()).as("writes have a budget of their own: %s", raised).isEqualTo(200);
        Response read = node.api.get("/v1/settings/limits").auth(key).send();
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.json().get("reads").get("perKeyPerMinute").asInt()).isEqualTo(1000);
        assertThat(read.json().get("reads").get("perBuyerPerMinute").asInt()).as("left out: the default")
                .isEqualTo(RateLimits.DEFAULT.reads().perBuyerPerMinute());
        assertThat(read.json().get("orders").get("perIpPerMinute").asInt()).isEqualTo(RateLimits.DEFAULT.orders().perIpPerMinute());
        // lowered again (a changed budget starts full), then switched off: no limit at all
        node.api.call("PUT", "/v1/settings/limits").auth(key).json(Map.of("reads", Map.of("perKeyPerMinute", 1))).send();
        assertThat(node.api.get("/v1/settings/limits").auth(key).send().status()).isEqualTo(200);
        assertRateLimited(node.api.get("/v1/settings/limits").auth(key).send());
        assertThat(node.api.call("PUT", "/v1/settings/limits").auth(key).json(Map.of("enabled", false, "reads", Map.of("perKeyPerMinute", 1))).send()
                .status()).isEqualTo(200);
        for (int i = 0; i < 5; i++) assertThat(node.api.get("/v1/settings/limits").auth(key).send().json().get("enabled").asBoolean()).isFalse();
    }

    /** GETs with a buyer token, from {@code forwardedFor} as the header says: the statuses. */
    static List<Integer> readsFrom(TestNode node, String token, String id, String... forwardedFor) {
        return java.util.Arrays.stream(forwardedFor).map(xff -> {
            ApiClient.Call call = node.api.get("/v1/activities/" + id + "/public").auth(token);
            if (!xff.isEmpty()) call.header("X-Forwarded-For", xff);
            return call.send().status();
        }).toList();
    }

    @Test
    void forwardedForNamesTheClientOnlyFromATrustedProxy() {
        Map<String, Object> limits = Map.of("reads", Map.of("perIpPerMinute", 2));
        String key = shopWithLimits(behindProxy, limits);
        String id = behindProxy.api.createActivity(key, ApiClient.seckill("xff", "RL-X", 10, 1, behindProxy.clock.instant()));
        String token = behindProxy.api.token(key, "xff-buyer");
        assertThat(readsFrom(behindProxy, token, id, "203.0.113.7", "198.51.100.1, 203.0.113.7", "203.0.113.7"))
                .as("the client is the nearest untrusted hop: 203.0.113.7 three times").containsExactly(200, 200, 429);
        assertThat(readsFrom(behindProxy, token, id, "203.0.113.8", "203.0.113.9, 127.0.0.1", "", "not-an-address"))
                .as("other clients; a trusted hop is skipped; without a header (or with nonsense), the peer itself").containsExactly(200, 200, 200, 200);
        assertThat(readsFrom(behindProxy, token, id, "2001:db8::1", "2001:db8::2")).as("an IPv6 client counts by its /64").containsExactly(200, 200);
        assertThat(readsFrom(behindProxy, token, id, "2001:db8::3", "2001:db8:0:1::3")).containsExactly(429, 200);

        String directKey = shopWithLimits(direct, limits);
        String directId = direct.api.createActivity(directKey, ApiClient.seckill("xff", "RL-X", 10, 1, direct.clock.instant()));
        String directToken = direct.api.token(directKey, "xff-buyer");
        assertThat(readsFrom(direct, directToken, directId, "203.0.113.7", "203.0.113.8", "203.0.113.9"))
                .as("no trusted proxy: the header is ignored, all three are the peer's").containsExactly(200, 200, 429);
    }

    @Test
    void badSettingsAreRefusedAndChangeNothing() {
        TestNode node = direct;
        String key = shopWithLimits(node, Map.of("helps", Map.of("perBuyerPerMinute", 7)));
        for (Object bad : List.of(Map.of("orders", Map.of("perBuyerPerMinute", 0)), Map.of("reads", Map.of("perIpPerMinute", -1)),
                Map.of("codes", Map.of("perKeyPerMinute", RateLimits.MAX_PER_MINUTE + 1)), Map.of("writes", Map.of("perBuyerPerMinute", "10")),
                Map.of("helps", Map.of("perBuyerPerMinute", 2.5)), Map.of("enabled", "yes"))) {
            Response r = node.api.call("PUT", "/v1/settings/limits").auth(key).json(bad).send();
            assertThat(r.status()).as("%s: %s", bad, r).isEqualTo(422);
            assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(node.api.call("PUT", "/v1/settings/limits").auth(key).json(Map.of("orders", Map.of("perMinute", 5))).send().code())
                .isEqualTo("UNKNOWN_FIELD");
        assertThat(node.api.call("PUT", "/v1/settings/limits").auth(key).json(Map.of("searches", Map.of())).send().code()).isEqualTo("UNKNOWN_FIELD");
        assertThat(node.api.call("PUT", "/v1/settings/limits").auth(key).raw("{").send().status()).isEqualTo(400);
        String token = node.api.token(key, "not-a-merchant");
        assertThat(node.api.call("PUT", "/v1/settings/limits").auth(token).json(Map.of()).send().status()).isEqualTo(403);
        assertThat(node.api.get("/v1/settings/limits").send().status()).isEqualTo(401);
        Response now = node.api.get("/v1/settings/limits").auth(key).send();
        assertThat(now.json().get("helps").get("perBuyerPerMinute").asInt()).as("unchanged").isEqualTo(7);
        assertThat(now.json().get("enabled").asBoolean()).isTrue();
    }
}
