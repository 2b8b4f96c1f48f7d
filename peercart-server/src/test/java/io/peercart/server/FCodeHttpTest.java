package io.peercart.server;

import static io.peercart.server.ApiClient.assertStockAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * F codes over HTTP against a real node (SQLite) with a clock the test moves: batches, pages and
 * the CSV export, ordering with a code, 20 buyers racing for one code, the code following its
 * order, and the wrong-code limit.
 */
class FCodeHttpTest {
    static final String OPERATOR = "pck_fcodehttptestoperatorkey0000000000001";

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    static final TestClock clock = node.clock;

    static Map<String, Object> fCode(String sku, long stock, Map<String, Object> rules, Instant now) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "fCode");
        a.put("name", "Invitation " + sku);
        a.put("startsAt", now.minusSeconds(60).toString());
        a.put("endsAt", now.plus(Duration.ofDays(1)).toString());
        a.put("items", List.of(Map.of("sku", sku, "price", 199_900, "stock", stock)));
        a.put("rules", rules);
        return a;
    }

    static Response generate(String id, Object body) {
        return node.api.post("/v1/activities/" + id + "/codes").auth(OPERATOR).json(body).send();
    }

    /** Every code of the activity (optionally of a status), following the cursor. */
    static List<JsonNode> codes(String id, String query) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            Response r = node.api.get("/v1/activities/" + id + "/codes?limit=500" + query
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))).auth(OPERATOR).send();
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            r.json().get("items").forEach(out::add);
            cursor = r.json().get("nextCursor").isNull() ? null : r.json().get("nextCursor").asText();
        } while (cursor != null);
        return out;
    }

    static String status(String id, String code) {
        return codes(id, "").stream().filter(c -> c.get("code").asText().equals(code)).findFirst().orElseThrow().get("status").asText();
    }

    static Response order(String id, String buyer, Map<String, Object> body) {
        return node.api.post("/v1/activities/" + id + "/orders").auth(OPERATOR).buyer(buyer).json(body).send();
    }

    @Test
    void batchesArePagedExportedAsCsvAndUniqueAcrossBatches() {
        String id = node.api.createActivity(OPERATOR, fCode("FC-1", 10, Map.of(), clock.instant()));
        Response first = node.api.post("/v1/activities/" + id + "/codes").auth(OPERATOR).idempotencyKey("gen-1")
                .json(Map.of("count", 50, "prefix", "FC")).send();
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(first.number("count")).isEqualTo(50);
        Response replay = node.api.post("/v1/activities/" + id + "/codes").auth(OPERATOR).idempotencyKey("gen-1")
                .json(Map.of("count", 50, "prefix", "FC")).send();
        assertThat(replay.text("batchId")).as("a retry makes no second batch").isEqualTo(first.text("batchId"));
        assertThat(replay.header("Idempotent-Replayed")).hasValue("true");
        String second = generate(id, Map.of("count", 30)).text("batchId");
        generate(id, Map.of("count", 20, "prefix", "")).text("batchId");

        Response page = node.api.get("/v1/activities/" + id + "/codes?limit=20&batch=" + first.text("batchId")).auth(OPERATOR).send();
        assertThat(page.json().get("items")).hasSize(20);
        assertThat(page.json().get("items").get(0).get("code").asText()).startsWith("FC").hasSize(14);
        assertThat(page.json().get("items").get(0).get("status").asText()).isEqualTo("UNUSED");
        List<JsonNode> all = codes(id, "");
        assertThat(all).hasSize(100);
        Set<String> distinct = new HashSet<>();
        all.forEach(c -> distinct.add(c.get("code").asText()));
        assertThat(distinct).as("unique over several batches").hasSize(100);
        assertThat(codes(id, "&batch=" + second)).hasSize(30).allSatisfy(c -> assertThat(c.get("code").asText()).hasSize(12));

        Response csv = node.api.get("/v1/activities/" + id + "/codes?batch=" + first.text("batchId")).auth(OPERATOR)
                .header("Accept", "text/csv").send();
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("code,status,batchId,orderId");
        assertThat(lines).hasSize(51);
        assertThat(lines[1]).matches("FC[0-9A-Z]{12},UNUSED," + first.text("batchId") + ",");
        Response everything = node.api.get("/v1/activities/" + id + "/codes").auth(OPERATOR).header("Accept", "text/csv").send();
        assertThat(everything.body().split("\r\n")).as("not paginated").hasSize(101);
    }

    /** /codes/batches: each batch with its codes by status, following an order that locks, uses and frees codes. */
    @Test
    void batchesListTheirCodesUsedAndUnusedPageByPage() {
        String id = node.api.createActivity(OPERATOR, fCode("FC-B", 10, Map.of(), clock.instant()));
        String first = generate(id, Map.of("count", 5, "prefix", "B1")).text("batchId");
        String second = generate(id, Map.of("count", 3)).text("batchId");
        List<JsonNode> codes = codes(id, "&batch=" + first);
        Response used = order(id, "batch-buyer-1", Map.of("quantity", 1, "code", codes.get(0).get("code").asText()));
        assertThat(used.status()).as("%s", used).isEqualTo(201);
        assertThat(node.api.post("/v1/orders/" + used.text("orderId") + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "b-1")).send().status()).isEqualTo(200);
        assertThat(order(id, "batch-buyer-2", Map.of("quantity", 1, "code", codes.get(1).get("code").asText())).status()).isEqualTo(201);

        Response all = node.api.get("/v1/activities/" + id + "/codes/batches").auth(OPERATOR).send();
        assertThat(all.status()).as("%s", all).isEqualTo(200);
        JsonNode items = all.json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("batchId").asText()).as("oldest first").isEqualTo(first);
        assertThat(items.get(0).get("prefix").asText()).isEqualTo("B1");
        assertThat(List.of(items.get(0).get("count").asLong(), items.get(0).get("unused").asLong(), items.get(0).get("locked").asLong(),
                items.get(0).get("used").asLong())).containsExactly(5L, 3L, 1L, 1L);
        assertThat(List.of(items.get(1).get("count").asLong(), items.get(1).get("unused").asLong(), items.get(1).get("used").asLong()))
                .containsExactly(3L, 3L, 0L);
        assertThat(items.get(1).get("prefix").isNull()).isTrue();
        assertThat(all.json().get("nextCursor").isNull()).isTrue();

        Response page = node.api.get("/v1/activities/" + id + "/codes/batches?limit=1").auth(OPERATOR).send();
        assertThat(page.json().get("items")).hasSize(1);
        String cursor = page.json().get("nextCursor").asText();
        assertThat(cursor).isEqualTo(first);
        Response next = node.api.get("/v1/activities/" + id + "/codes/batches?limit=1&cursor=" + cursor).auth(OPERATOR).send();
        assertThat(next.json().get("items").get(0).get("batchId").asText()).isEqualTo(second);
        assertThat(next.json().get("nextCursor").isNull()).isTrue();

        String batches = "/v1/activities/" + id + "/codes/batches";
        assertThat(node.api.get(batches + "?cursor=nope").auth(OPERATOR).send().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(node.api.get(batches + "?cursor=" + "x".repeat(200)).auth(OPERATOR).send().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(node.api.get(batches + "?limit=0").auth(OPERATOR).send().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(node.api.get(batches + "?limit=501").auth(OPERATOR).send().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(node.api.get(batches).send().status()).isEqualTo(401);
        String seckill = node.api.createActivity(OPERATOR, ApiClient.seckill("no batches", "FC-BS", 10, 1, clock.instant()));
        assertThat(node.api.get("/v1/activities/" + seckill + "/codes/batches").auth(OPERATOR).send().code()).isEqualTo("WRONG_ACTIVITY_TYPE");
        assertThat(node.api.get("/v1/activities/act_nope/codes/batches").auth(OPERATOR).send().status()).isEqualTo(404);
        String otherKey = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "Other batches")).send().text("apiKey");
        assertThat(node.api.get(batches).auth(otherKey).send().status()).as("another shop's activity").isEqualTo(404);
        assertThat(node.api.get(batches).auth(node.api.token(OPERATOR, "nosy-batches")).send().status()).isEqualTo(403);
    }

    @Test
    void badRequestsForCodesAreRefusedWithTheirReasons() {
        String id = node.api.createActivity(OPERATOR, fCode("FC-2", 10, Map.of(), clock.instant()));
        assertThat(generate(id, Map.of("count", 0)).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(generate(id, Map.of("count", 100_001)).text("detail")).contains("count: required, 1..100000");
        assertThat(generate(id, Map.of()).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(generate(id, Map.of("count", 1, "prefix", "vip")).text("detail")).contains("prefix");
        assertThat(generate(id, Map.of("count", 1, "prefix", "ABCDEFGHJ")).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(generate(id, Map.of("count", "5")).code()).isEqualTo("VALIDATION_FAILED");
        String seckill = node.api.createActivity(OPERATOR, ApiClient.seckill("not codes", "FC-S", 10, 1, clock.instant()));
        Response wrong = generate(seckill, Map.of("count", 1));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.code()).isEqualTo("WRONG_ACTIVITY_TYPE");
        assertThat(node.api.get("/v1/activities/" + seckill + "/codes").auth(OPERATOR).send().code()).isEqualTo("WRONG_ACTIVITY_TYPE");
        assertThat(node.api.get("/v1/activities/" + id + "/codes?status=NEW").auth(OPERATOR).send().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(node.api.get("/v1/activities/" + id + "/codes?cursor=nope").auth(OPERATOR).send().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(node.api.get("/v1/activities/" + id + "/codes?limit=501").auth(OPERATOR).send().code()).isEqualTo("VALIDATION_FAILED");

        String otherKey = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "Other")).send().text("apiKey");
        assertThat(node.api.post("/v1/activities/" + id + "/codes").auth(otherKey).json(Map.of("count", 1)).send().status()).isEqualTo(404);
        assertThat(node.api.get("/v1/activities/" + id + "/codes").auth(otherKey).send().status()).isEqualTo(404);
        String buyerToken = node.api.token(OPERATOR, "nosy");
        assertThat(node.api.get("/v1/activities/" + id + "/codes").auth(buyerToken).send().status()).isEqualTo(403);
        assertThat(order(id, "no-code", Map.of()).text("detail")).contains("code: required");
        assertThat(order(id, "long-code", Map.of("code", "A".repeat(65))).code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void twentyBuyersRacingWithOneCodeGetExactlyOneOrder() throws Exception {
        String id = node.api.createActivity(OPERATOR, fCode("FC-3", 100, Map.of(), clock.instant()));
        generate(id, Map.of("count", 3));
        List<JsonNode> codes = codes(id, "");
        List<String> everyone = new ArrayList<>();
        for (int i = 0; i < 20 * codes.size(); i++) everyone.add("racer-" + i);
        Map<String, String> tokens = node.api.tokens(OPERATOR, everyone);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int round = 0; round < codes.size(); round++) {
                String code = codes.get(round).get("code").asText();
                List<String> buyers = everyone.subList(20 * round, 20 * round + 20); // new buyers: a winner is at their limit
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Response>> answers = new ArrayList<>();
                for (String b : buyers) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return node.api.post("/v1/activities/" + id + "/orders").auth(tokens.get(b)).json(Map.of("code", code)).send();
                    }));
                }
                go.countDown();
                Map<String, Integer> outcomes = new TreeMap<>();
                for (Future<Response> f : answers) {
                    Response r = f.get(1, TimeUnit.MINUTES);
                    outcomes.merge(r.status() + (r.status() == 201 ? "" : " " + r.code()), 1, Integer::sum);
                }
                assertThat(outcomes).as(code).isEqualTo(Map.of("201", 1, "409 CODE_LOCKED", 19));
                assertThat(status(id, code)).isEqualTo("LOCKED");
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode stats = node.api.stats(OPERATOR, id);
        assertThat(stats.get("orders").asLong()).isEqualTo(3);
        assertThat(assertStockAddsUp(stats).get("reserved").asLong()).isEqualTo(3);
    }

    @Test
    void theCodeFollowsItsOrderAndCancelReturnsIt() {
        String id = node.api.createActivity(OPERATOR, fCode("FC-4", 100, Map.of(), clock.instant()));
        generate(id, Map.of("count", 1, "prefix", "ZX"));
        String code = codes(id, "").getFirst().get("code").asText();
        String typed = code.toLowerCase().substring(0, 7) + "-" + code.toLowerCase().substring(7);

        Response placed = order(id, "c1", Map.of("code", typed));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        JsonNode locked = codes(id, "&status=LOCKED").getFirst();
        assertThat(locked.get("code").asText()).isEqualTo(code);
        assertThat(locked.get("orderId").asText()).isEqualTo(placed.text("orderId"));
        assertThat(locked.get("buyerId").asText()).isEqualTo("c1");
        assertThat(order(id, "c2", Map.of("code", code)).code()).isEqualTo("CODE_LOCKED");

        Response cancelled = node.api.post("/v1/orders/" + placed.text("orderId") + "/cancel").auth(OPERATOR).buyer("c1").send();
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        assertThat(status(id, code)).as("cancel returns the code").isEqualTo("UNUSED");

        Response again = order(id, "c2", Map.of("code", code));
        assertThat(again.status()).isEqualTo(201);
        clock.advance(Duration.between(clock.instant(), Instant.parse(again.text("payDeadline"))).plusSeconds(1));
        ApiClient.await("the unpaid order timed out", Duration.ofSeconds(10), () -> status(id, code).equals("UNUSED"));

        Response third = order(id, "c3", Map.of("code", code));
        node.api.post("/v1/orders/" + third.text("orderId") + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "pay-c3")).send();
        assertThat(status(id, code)).isEqualTo("USED");
        assertThat(order(id, "c4", Map.of("code", code)).code()).isEqualTo("CODE_USED");
        node.api.post("/v1/orders/" + third.text("orderId") + "/refund").auth(OPERATOR).send();
        assertThat(status(id, code)).as("stays used after a refund").isEqualTo("USED");
        assertStockAddsUp(node.api.stats(OPERATOR, id));
    }

    @Test
    void tooManyWrongCodesAreRefusedUntilTheHourPasses() {
        String id = node.api.createActivity(OPERATOR, fCode("FC-5", 100, Map.of("maxWrongCodesPerHour", 3), clock.instant()));
        generate(id, Map.of("count", 1));
        String code = codes(id, "").getFirst().get("code").asText();
        for (String guess : List.of("ZZZZZZZZZZZZ", "nonsense!", "YYYYYYYYYYYY")) {
            Response r = order(id, "guesser", Map.of("code", guess));
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.code()).isEqualTo("INVALID_CODE");
        }
        Response blocked = order(id, "guesser", Map.of("code", code));
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.code()).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(blocked.contentType()).startsWith("application/problem+json");
        assertThat(order(id, "honest", Map.of("code", "XXXXXXXXXXXX")).code()).as("counted per buyer").isEqualTo("INVALID_CODE");
        clock.advance(Duration.ofMinutes(59));
        assertThat(order(id, "guesser", Map.of("code", code)).status()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(1));
        Response ok = order(id, "guesser", Map.of("code", code));
        assertThat(ok.status()).as("%s", ok).isEqualTo(201);
    }

    @Test
    void thePublicViewSaysACodeIsRequired() {
        String id = node.api.createActivity(OPERATOR, fCode("FC-6", 10, Map.of("unitsPerCode", 2), clock.instant()));
        JsonNode v = node.api.get("/v1/activities/" + id + "/public").send().json();
        assertThat(v.get("fCode").get("codeRequired").asBoolean()).isTrue();
        assertThat(v.get("fCode").get("unitsPerCode").asInt()).isEqualTo(2);
    }
}
