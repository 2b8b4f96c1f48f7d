package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the live dashboard reads besides the headline stats, against a real node: the buyer page's
 * visits (counted once per visitor, bounded per address), the stats' visitors and new customers,
 * orders and GMV over time, and a presale's helps with their top initiators; bad input refused 4xx.
 */
class AudienceHttpTest {
    static final String OPERATOR = "pck_audiencehttptestoperatorkey000000001";

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);

    private static String unique(String prefix) { return prefix + "-" + UUID.randomUUID().toString().substring(0, 8); }

    private static String seckill() {
        return node.api.createActivity(OPERATOR, ApiClient.seckill("audience", unique("A"), 100, 5, node.clock.instant()));
    }

    private static Response visit(String activityId, Object body) {
        var call = node.api.post("/v1/activities/" + activityId + "/visits");
        return body == null ? call.send() : call.json(body).send();
    }

    private static void refused(Response r, int status, String code) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.text("code")).as("%s", r).isEqualTo(code);
    }

    @Test
    void aVisitorCountsOnceAndTheFunnelFiguresFollowOrdersAndPayments() {
        node.clock.advance(Duration.ofMinutes(1)); // a fresh minute of the visit budget
        String act = seckill();
        String visitor = unique("v");
        Response first = visit(act, Map.of("visitorId", visitor));
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(first.json().get("firstVisit").asBoolean()).isTrue();
        Response again = visit(act, Map.of("visitorId", visitor));
        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.json().get("firstVisit").asBoolean()).isFalse();
        String key = unique("visit");
        Response keyed = node.api.post("/v1/activities/" + act + "/visits").idempotencyKey(key).json(Map.of("visitorId", visitor + "-k")).send();
        Response replayed = node.api.post("/v1/activities/" + act + "/visits").idempotencyKey(key).json(Map.of("visitorId", visitor + "-k")).send();
        assertThat(replayed.status()).as("a key replays the first answer: %s", replayed).isEqualTo(keyed.status()).isEqualTo(201);
        assertThat(replayed.json()).isEqualTo(keyed.json());
        String buyer = unique("买家");
        String token = node.api.token(OPERATOR, buyer);
        Response asBuyer = node.api.post("/v1/activities/" + act + "/visits").auth(token).send();
        assertThat(asBuyer.status()).as("a buyer token is the visitor without a body: %s", asBuyer).isEqualTo(201);
        assertThat(asBuyer.text("visitorId")).isEqualTo(buyer);

        JsonNode before = node.api.stats(OPERATOR, act);
        assertThat(before.get("visitors").asLong()).isEqualTo(3);
        assertThat(before.get("newCustomers").asLong()).isZero();

        // the buyer is new to the shop here; an old customer of another activity is not
        String old = unique("old-customer");
        String other = seckill();
        assertThat(node.api.post("/v1/activities/" + other + "/orders").auth(OPERATOR).buyer(old).json(Map.of("quantity", 1)).send().status()).isEqualTo(201);
        Response order = node.api.post("/v1/activities/" + act + "/orders").auth(token).json(Map.of("quantity", 1)).send();
        assertThat(order.status()).as("%s", order).isEqualTo(201);
        assertThat(node.api.post("/v1/activities/" + act + "/orders").auth(OPERATOR).buyer(old).json(Map.of("quantity", 1)).send().status()).isEqualTo(201);
        Response paid = node.api.post("/v1/orders/" + order.text("orderId") + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "p-aud")).send();
        assertThat(paid.status()).as("%s", paid).isEqualTo(200);

        JsonNode s = node.api.stats(OPERATOR, act);
        assertThat(s.get("visitors").asLong()).isEqualTo(3);
        assertThat(s.get("participants").asLong()).isEqualTo(2);
        assertThat(s.get("orders").asLong()).isEqualTo(2);
        assertThat(s.get("paid").asLong()).isEqualTo(1);
        assertThat(s.get("newCustomers").asLong()).as("the buyer, not the old customer").isEqualTo(1);

        JsonNode series = ok(node.api.get("/v1/activities/" + act + "/stats/series").auth(OPERATOR).send());
        assertThat(series.get("bucketSeconds").asLong()).as("a short activity: per minute").isEqualTo(60);
        long orders = 0, gmv = 0;
        for (JsonNode p : series.get("points")) { orders += p.get("orders").asLong(); gmv += p.get("gmv").asLong(); }
        assertThat(orders).isEqualTo(2);
        assertThat(gmv).isEqualTo(9_900);
        assertThat(Instant.parse(series.get("to").asText())).isAfter(node.clock.instant());
        JsonNode hourly = ok(node.api.get("/v1/activities/" + act + "/stats/series?bucket=3600").auth(OPERATOR).send());
        assertThat(hourly.get("points")).singleElement().satisfies(p -> assertThat(p.get("orders").asLong()).isEqualTo(2));
    }

    @Test
    void badVisitsAndSeriesReadsAreRefusedWithTheirCodes() {
        node.clock.advance(Duration.ofMinutes(1));
        String act = seckill();
        refused(visit(act, null), 422, "VALIDATION_FAILED");
        refused(visit(act, Map.of()), 422, "VALIDATION_FAILED");
        refused(visit(act, Map.of("visitorId", "")), 422, "VALIDATION_FAILED");
        refused(visit(act, Map.of("visitorId", "x".repeat(129))), 422, "VALIDATION_FAILED");
        refused(visit(act, Map.of("visitorId", "v", "extra", 1)), 422, "UNKNOWN_FIELD");
        refused(visit(act, "{\"visitorId\":"), 400, "MALFORMED_JSON");
        refused(visit("act_nope", Map.of("visitorId", "v")), 404, "NOT_FOUND");
        String otherShop = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", unique("别家"))).send().text("apiKey");
        refused(node.api.post("/v1/activities/" + act + "/visits").auth(node.api.token(otherShop, "b")).send(), 404, "NOT_FOUND");

        String series = "/v1/activities/" + act + "/stats/series";
        refused(node.api.get(series).send(), 401, "UNAUTHORIZED");
        refused(node.api.get(series).auth(node.api.token(OPERATOR, "b")).send(), 403, "FORBIDDEN");
        refused(node.api.get(series + "?bucket=61").auth(OPERATOR).send(), 422, "VALIDATION_FAILED");
        refused(node.api.get(series + "?bucket=abc").auth(OPERATOR).send(), 422, "VALIDATION_FAILED");
        refused(node.api.get("/v1/activities/act_nope/stats/series").auth(OPERATOR).send(), 404, "NOT_FOUND");
        refused(node.api.get("/v1/activities/" + act + "/stats/series").auth(otherShop).send(), 404, "NOT_FOUND");
    }

    @Test
    void oneAddressRecordsAtMostItsBudgetOfVisitsOfAnActivityAMinute() {
        node.clock.advance(Duration.ofMinutes(1));
        String act = seckill();
        int accepted = 0;
        Response last = null;
        for (int i = 0; i < 130; i++) {
            last = visit(act, Map.of("visitorId", "burst-" + i));
            if (last.status() == 201) accepted++;
            else break;
        }
        assertThat(accepted).isEqualTo(120);
        refused(last, 429, "TOO_MANY_VISITS");
        assertThat(node.api.stats(OPERATOR, act).get("visitors").asLong()).as("the refused visit wrote nothing").isEqualTo(120);
        assertThat(visit(seckill(), Map.of("visitorId", "burst-0")).status()).as("another activity's budget").isEqualTo(201);
        node.clock.advance(Duration.ofMinutes(1));
        assertThat(visit(act, Map.of("visitorId", "next-minute")).status()).isEqualTo(201);
    }

    @Test
    void aPresalesStatsNameItsHelpsAndTheInitiatorsWithTheMost() {
        Instant now = node.clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "helpDepositExpansion");
        body.put("name", "定金膨胀");
        body.put("startsAt", now.minusSeconds(60).toString());
        body.put("endsAt", now.plus(Duration.ofHours(1)).toString());
        body.put("items", List.of(Map.of("sku", unique("P"), "price", 20_000, "stock", 10, "limitPerBuyer", 1)));
        body.put("rules", Map.of("deposit", 1_000, "baseValue", 2_000, "maxValue", 9_000, "helpAmount", 500,
                "balanceStartsAt", now.plus(Duration.ofHours(1)).toString(), "balanceEndsAt", now.plus(Duration.ofHours(2)).toString()));
        String act = node.api.createActivity(OPERATOR, body);
        JsonNode empty = node.api.stats(OPERATOR, act).get("helps");
        assertThat(empty.get("count").asLong()).isZero();
        assertThat(empty.get("topInitiators")).isEmpty();

        String ann = unique("ann"), bob = unique("bob");
        Map<String, String> deposits = new HashMap<>();
        for (String who : List.of(ann, bob)) {
            Response d = node.api.post("/v1/activities/" + act + "/orders").auth(OPERATOR).buyer(who).json(Map.of()).send();
            assertThat(d.status()).as("%s", d).isEqualTo(201);
            deposits.put(who, d.text("orderId"));
            assertThat(node.api.post("/v1/orders/" + d.text("orderId") + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "p-" + who)).send().status()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) helps(deposits.get(ann), unique("h"));
        helps(deposits.get(bob), unique("h"));

        JsonNode helps = node.api.stats(OPERATOR, act).get("helps");
        assertThat(helps.get("count").asLong()).isEqualTo(4);
        assertThat(helps.get("credited").asLong()).isEqualTo(2_000);
        assertThat(helps.get("topInitiators").findValuesAsText("buyerId")).containsExactly(ann, bob);
        assertThat(helps.get("topInitiators").get(0).get("helps").asLong()).isEqualTo(3);
        assertThat(helps.get("topInitiators").get(0).get("credited").asLong()).isEqualTo(1_500);
    }

    private static void helps(String depositId, String helper) {
        Map<String, Object> t = Map.of("buyerId", helper, "newCustomer", true, "tags", List.of(), "ttlSeconds", 3600, "deviceId", unique("dev"));
        String token = node.api.post("/v1/buyer-tokens").auth(OPERATOR).json(t).send().text("token");
        Response r = node.api.post("/v1/orders/" + depositId + "/helps").auth(token).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }

    private static JsonNode ok(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }
}
