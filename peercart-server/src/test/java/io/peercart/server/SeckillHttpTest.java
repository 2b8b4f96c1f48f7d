package io.peercart.server;

import static io.peercart.server.ApiClient.assertStockAddsUp;
import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seckill flow over HTTP against a real node on a random port (SQLite), with a clock the test
 * moves by hand. Every test uses its own activity and skus, so the tests do not depend on each
 * other's order.
 */
class SeckillHttpTest {
    static final String OPERATOR = "pck_seckillhttptestoperatorkey0000000001";
    private static final AtomicInteger SKUS = new AtomicInteger();

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    static final TestClock clock = node.clock;

    static String sku() { return "SK-" + SKUS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8); }

    static String activity(long stock, int limitPerBuyer) {
        return node.api.createActivity(OPERATOR, seckill("flash " + stock, sku(), stock, limitPerBuyer, clock.instant()));
    }

    static Response order(String activityId, String token) {
        return node.api.post("/v1/activities/" + activityId + "/orders").auth(token).json(Map.of("quantity", 1)).send();
    }

    static Response pay(String orderId, String ref) {
        return node.api.post("/v1/orders/" + orderId + "/pay").auth(OPERATOR).json(Map.of("paymentRef", ref)).send();
    }

    static Response getOrder(String orderId, String credential) {
        return node.api.get("/v1/orders/" + orderId).auth(credential).send();
    }

    @Test
    void createsReadsAndListsActivitiesWithFiltersAndCursor() {
        Instant now = clock.instant();
        Map<String, Object> body = seckill("Double 11", sku(), 100, 1, now);
        Response created = node.api.post("/v1/activities").auth(OPERATOR).json(body).send();
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.text("id")).isNotBlank();
        assertThat(created.text("status")).isEqualTo("RUNNING");
        String running = created.text("id");
        assertThat(created.header("Location")).as("like a new order, a new activity says where it lives").contains("/v1/activities/" + running);

        Response got = node.api.get("/v1/activities/" + running).auth(OPERATOR).send();
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json()).as("the 201 body is the activity as GET shows it").isEqualTo(created.json());
        assertThat(got.text("type")).isEqualTo("seckill");
        assertThat(got.text("name")).isEqualTo("Double 11");
        assertThat(got.text("status")).isEqualTo("RUNNING");
        assertThat(got.json().get("payWindowSeconds").asInt()).as("seckill default pay window").isEqualTo(300);
        JsonNode item = got.json().get("items").get(0);
        assertThat(item.get("sku").asText()).isEqualTo(((Map<?, ?>) ((List<?>) body.get("items")).getFirst()).get("sku"));
        assertThat(item.get("price").asLong()).isEqualTo(9900);
        assertThat(item.get("stock").asLong()).isEqualTo(100);

        Map<String, Object> later = seckill("Tomorrow", sku(), 10, 1, now.plus(Duration.ofDays(2)));
        String scheduled = node.api.createActivity(OPERATOR, later);
        String cancelled = activity(10, 1);
        assertThat(node.api.post("/v1/activities/" + cancelled + "/cancel").auth(OPERATOR).send().status()).isEqualTo(200);

        assertThat(listAll("?type=seckill&status=RUNNING")).contains(running).doesNotContain(scheduled, cancelled);
        assertThat(listAll("?status=SCHEDULED")).contains(scheduled).doesNotContain(running, cancelled);
        assertThat(listAll("?status=CANCELLED")).contains(cancelled).doesNotContain(running, scheduled);
        assertThat(listAll("?type=groupOn")).isEmpty();
        List<String> all = listAll("");
        assertThat(all).contains(running, scheduled, cancelled).doesNotHaveDuplicates();
        assertThat(all).as("ordered by id, so the cursor is stable").isSorted();
    }

    /** Every id of a listing, one item per page (limit=1) to exercise the cursor. */
    private static List<String> listAll(String filter) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 10_000; page++) {
            String q = filter.isEmpty() ? "?limit=1" : filter + "&limit=1";
            Response r = node.api.get("/v1/activities" + q + (cursor == null ? "" : "&cursor=" + cursor)).auth(OPERATOR).send();
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            assertThat(r.json().get("items").size()).isLessThanOrEqualTo(1);
            r.json().get("items").forEach(a -> ids.add(a.get("id").asText()));
            JsonNode next = r.json().get("nextCursor");
            if (next == null || next.isNull()) return ids;
            cursor = next.asText();
        }
        throw new AssertionError("listing never ended");
    }

    /** docs/operations.md: with X-Buyer-Id a merchant key has one idempotency scope per buyer, apart from the buyer's own token. */
    @Test
    void aMerchantActingForBuyersHasAnIdempotencyScopePerBuyer() {
        String id = activity(10, 1);
        String key = "per-buyer-" + UUID.randomUUID();
        Response forB1 = node.api.post("/v1/activities/" + id + "/orders").auth(OPERATOR).buyer("scope-b1").idempotencyKey(key)
                .json(Map.of("quantity", 1)).send();
        Response forB2 = node.api.post("/v1/activities/" + id + "/orders").auth(OPERATOR).buyer("scope-b2").idempotencyKey(key)
                .json(Map.of("quantity", 1)).send();
        Response again = node.api.post("/v1/activities/" + id + "/orders").auth(OPERATOR).buyer("scope-b1").idempotencyKey(key)
                .json(Map.of("quantity", 1)).send();
        Response b1Token = node.api.post("/v1/activities/" + id + "/orders").auth(node.api.token(OPERATOR, "scope-b1")).idempotencyKey(key)
                .json(Map.of("quantity", 1)).send();
        assertThat(forB1.status()).as("%s", forB1).isEqualTo(201);
        assertThat(forB2.status()).as("another buyer, the same key: a new order, not b1's replayed").isEqualTo(201);
        assertThat(forB2.text("buyerId")).isEqualTo("scope-b2");
        assertThat(forB2.text("orderId")).isNotEqualTo(forB1.text("orderId"));
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(again.text("orderId")).isEqualTo(forB1.text("orderId"));
        assertThat(b1Token.header("Idempotent-Replayed")).as("the buyer's own token is another scope").isEmpty();
        assertThat(b1Token.code()).as("%s", b1Token).isEqualTo("LIMIT_REACHED");
    }

    @Test
    void mintsOneTokenAndABatch() {
        Response one = node.api.post("/v1/buyer-tokens").auth(OPERATOR)
                .json(Map.of("buyerId", "u1", "newCustomer", true, "tags", List.of("employee"), "deviceId", "d1", "ttlSeconds", 3600)).send();
        assertThat(one.status()).as("%s", one).isEqualTo(201);
        assertThat(one.text("token")).isNotBlank();
        assertThat(one.text("buyerId")).isEqualTo("u1");

        Response batch = node.api.post("/v1/buyer-tokens").auth(OPERATOR)
                .json(Map.of("buyers", List.of(Map.of("buyerId", "u2"), Map.of("buyerId", "u3", "ttlSeconds", 120)))).send();
        assertThat(batch.status()).as("%s", batch).isEqualTo(201);
        JsonNode tokens = batch.json().get("tokens");
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0).get("buyerId").asText()).isEqualTo("u2");
        assertThat(tokens.get(1).get("buyerId").asText()).isEqualTo("u3");
        assertThat(tokens.get(0).get("token").asText()).isNotEqualTo(tokens.get(1).get("token").asText());

        // the tokens work: each buyer orders as themself
        String id = activity(5, 1);
        Response o = order(id, tokens.get(1).get("token").asText());
        assertThat(o.status()).as("%s", o).isEqualTo(201);
        assertThat(o.text("buyerId")).isEqualTo("u3");
    }

    @Test
    void ordersPaysCancelsAndRefundsWithStockThatAddsUp() {
        String id = activity(2, 1);
        String alice = node.api.token(OPERATOR, "alice"), bob = node.api.token(OPERATOR, "bob"), carol = node.api.token(OPERATOR, "carol");

        Response a = order(id, alice);
        assertThat(a.status()).as("%s", a).isEqualTo(201);
        String aliceOrder = a.text("orderId");
        assertThat(a.header("Location")).contains("/v1/orders/" + aliceOrder);
        assertThat(a.text("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(a.number("amount")).isEqualTo(9900);
        assertThat(a.text("buyerId")).isEqualTo("alice");
        Response asShown = getOrder(aliceOrder, alice);
        assertThat(asShown.status()).isEqualTo(200);
        assertThat(asShown.json()).as("the 201 body is the order as GET shows it").isEqualTo(a.json());
        assertThat(getOrder(aliceOrder, OPERATOR).json()).isEqualTo(a.json());
        assertThat(getOrder(aliceOrder, bob).status()).as("another buyer's order is not there for bob").isEqualTo(404);

        Response again = order(id, alice);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("LIMIT_REACHED");

        Response b = order(id, bob);
        assertThat(b.status()).as("%s", b).isEqualTo(201);
        String bobOrder = b.text("orderId");
        Response soldOut = order(id, carol);
        assertThat(soldOut.status()).isEqualTo(409);
        assertThat(soldOut.code()).isEqualTo("SOLD_OUT");

        Response paid = pay(aliceOrder, "pay-1");
        assertThat(paid.status()).as("%s", paid).isEqualTo(200);
        assertThat(paid.text("status")).isEqualTo("RELEASED");
        assertThat(paid.text("paymentRef")).isEqualTo("pay-1");
        Response paidAgain = pay(aliceOrder, "pay-1");
        assertThat(paidAgain.status()).isEqualTo(200);
        assertThat(paidAgain.json()).as("a repeated payment callback changes nothing").isEqualTo(paid.json());
        Response otherPayment = pay(aliceOrder, "pay-2");
        assertThat(otherPayment.status()).isEqualTo(409);
        assertThat(otherPayment.code()).isEqualTo("ALREADY_PAID");
        assertThat(node.api.post("/v1/orders/" + aliceOrder + "/cancel").auth(alice).send().code())
                .as("a paid order cannot be cancelled").isEqualTo("ORDER_NOT_PENDING");

        assertThat(node.api.post("/v1/orders/" + bobOrder + "/cancel").auth(alice).send().status())
                .as("alice cannot cancel bob's order").isEqualTo(404);
        Response cancelled = node.api.post("/v1/orders/" + bobOrder + "/cancel").auth(bob).send();
        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.text("reason")).isEqualTo("BUYER_CANCELLED");
        JsonNode afterCancel = assertStockAddsUp(node.api.stats(OPERATOR, id));
        assertThat(afterCancel.get("reserved").asLong()).isZero();
        assertThat(afterCancel.get("sold").asLong()).isEqualTo(1);
        assertThat(afterCancel.get("available").asLong() + afterCancel.get("leased").asLong()).as("bob's unit is back").isEqualTo(1);
        assertThat(pay(bobOrder, "pay-3").code()).as("a cancelled order cannot be paid").isEqualTo("ORDER_NOT_PENDING");

        Response c = order(id, carol);
        assertThat(c.status()).as("the unit bob gave back sells again: %s", c).isEqualTo(201);
        String carolOrder = c.text("orderId");
        assertThat(pay(carolOrder, "pay-4").status()).isEqualTo(200);

        Response refunded = node.api.post("/v1/orders/" + aliceOrder + "/refund").auth(OPERATOR).json(Map.of("reason", "CUSTOMER_RETURN")).send();
        assertThat(refunded.status()).as("%s", refunded).isEqualTo(200);
        assertThat(refunded.text("status")).isEqualTo("REFUNDED");
        assertThat(node.api.post("/v1/orders/" + aliceOrder + "/refund").auth(OPERATOR).json(Map.of("reason", "CUSTOMER_RETURN")).send().text("status"))
                .as("a repeated refund callback changes nothing").isEqualTo("REFUNDED");

        List<JsonNode> orders = node.api.allOrders(OPERATOR, id, 1);
        assertThat(orders).extracting(o -> o.get("orderId").asText()).containsExactlyInAnyOrder(aliceOrder, bobOrder, carolOrder);
        assertThat(orders).extracting(o -> o.get("buyerId").asText() + ":" + o.get("status").asText())
                .containsExactlyInAnyOrder("alice:REFUNDED", "bob:CANCELLED", "carol:RELEASED");
        assertThat(orders).allSatisfy(o -> {
            assertThat(o.get("sku").asText()).isNotBlank();
            assertThat(o.get("quantity").asInt()).isEqualTo(1);
            assertThat(o.get("amount").asLong()).isEqualTo(9900);
        });

        JsonNode stats = node.api.stats(OPERATOR, id);
        JsonNode stock = assertStockAddsUp(stats);
        assertThat(stock.get("total").asLong()).isEqualTo(2);
        assertThat(stock.get("sold").asLong()).as("carol's unit").isEqualTo(1);
        assertThat(stock.get("reserved").asLong()).isZero();
        assertThat(stock.get("available").asLong() + stock.get("leased").asLong()).as("alice's refunded unit").isEqualTo(1);
        assertThat(stats.get("participants").asLong()).isEqualTo(3);
        assertThat(stats.get("orders").asLong()).isEqualTo(3);
        assertThat(stats.get("paid").asLong()).isEqualTo(1);
        assertThat(stats.get("cancelledOrders").asLong()).isEqualTo(1);
        assertThat(stats.get("refundedOrders").asLong()).isEqualTo(1);
        assertThat(stats.get("paidBuyers").asLong()).isEqualTo(1);
        assertThat(stats.get("gmv").asLong()).as("only carol's payment stands").isEqualTo(9900);
        assertThat(stats.get("conversion").asDouble()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));

        Response pub = node.api.get("/v1/activities/" + id + "/public").send();
        assertThat(pub.status()).as("anyone may see the public view: %s", pub).isEqualTo(200);
        assertThat(pub.text("status")).isEqualTo("RUNNING");
        JsonNode pubItem = pub.json().get("items").get(0);
        assertThat(pubItem.get("left").asLong()).isEqualTo(1);
        assertThat(pubItem.get("price").asLong()).isEqualTo(9900);
        assertThat(pub.json().has("endsInSeconds")).isTrue();
        assertThat(pub.body()).doesNotContain("gmv", "alice", "pay-");
    }

    @Test
    void aCancelledActivityRefusesOrders() {
        String id = activity(10, 1);
        String token = node.api.token(OPERATOR, "late-buyer");
        Response c = node.api.post("/v1/activities/" + id + "/cancel").auth(OPERATOR).send();
        assertThat(c.status()).as("%s", c).isEqualTo(200);
        assertThat(c.text("status")).isEqualTo("CANCELLED");
        assertThat(node.api.get("/v1/activities/" + id).auth(OPERATOR).send().text("status")).isEqualTo("CANCELLED");
        Response o = order(id, token);
        assertThat(o.status()).isEqualTo(409);
        assertThat(o.code()).isEqualTo("ACTIVITY_CANCELLED");
        assertThat(node.api.post("/v1/activities/" + id + "/cancel").auth(OPERATOR).send().status()).as("cancel is final and repeatable").isEqualTo(200);
        assertThat(node.api.stats(OPERATOR, id).get("orders").asLong()).isZero();
    }

    @Test
    void theMerchantActsForABuyerWithXBuyerId() {
        String id = activity(10, 1);
        Response o = node.api.post("/v1/activities/" + id + "/orders").auth(OPERATOR).buyer("server-side-buyer").json(Map.of("quantity", 1)).send();
        assertThat(o.status()).as("%s", o).isEqualTo(201);
        assertThat(o.text("buyerId")).isEqualTo("server-side-buyer");
        Response twice = node.api.post("/v1/activities/" + id + "/orders").auth(OPERATOR).buyer("server-side-buyer").json(Map.of("quantity", 1)).send();
        assertThat(twice.code()).isEqualTo("LIMIT_REACHED");
        Response noBuyer = node.api.post("/v1/activities/" + id + "/orders").auth(OPERATOR).json(Map.of("quantity", 1)).send();
        assertThat(noBuyer.status()).isEqualTo(422);
        assertThat(noBuyer.code()).isEqualTo("VALIDATION_FAILED");
        // the buyer's own token sees the order the merchant placed for them
        String token = node.api.token(OPERATOR, "server-side-buyer");
        assertThat(getOrder(o.text("orderId"), token).status()).isEqualTo(200);
        // acting for another buyer, the merchant cannot cancel this one
        assertThat(node.api.post("/v1/orders/" + o.text("orderId") + "/cancel").auth(OPERATOR).buyer("someone-else").send().status()).isEqualTo(404);
        Response cancel = node.api.post("/v1/orders/" + o.text("orderId") + "/cancel").auth(OPERATOR).buyer("server-side-buyer").send();
        assertThat(cancel.text("status")).isEqualTo("CANCELLED");
        assertThat(cancel.text("reason")).isEqualTo("BUYER_CANCELLED");
    }

    @Test
    void theOperatorCreatesShopsAndEachKeySeesOnlyItsOwnShop() {
        String operatorsActivity = activity(10, 1);
        String operatorsOrder = node.api.post("/v1/activities/" + operatorsActivity + "/orders").auth(OPERATOR).buyer("op-buyer")
                .json(Map.of()).send().text("orderId");

        Response shop = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "Tea House")).send();
        assertThat(shop.status()).as("%s", shop).isEqualTo(201);
        String shopKey = shop.text("apiKey");
        assertThat(shop.text("shopId")).isNotBlank();
        assertThat(shopKey).startsWith("pck_");

        Response notOperator = node.api.post("/v1/shops").auth(shopKey).json(Map.of("name", "Sneaky")).send();
        assertThat(notOperator.status()).isEqualTo(403);
        assertThat(notOperator.code()).isEqualTo("FORBIDDEN");
        assertThat(node.api.post("/v1/shops").auth(node.api.token(OPERATOR, "b")).json(Map.of("name", "Sneaky")).send().status()).isEqualTo(403);

        String ownActivity = node.api.createActivity(shopKey, seckill("Tea flash", sku(), 5, 1, clock.instant()));
        List<String> visible = new ArrayList<>();
        node.api.get("/v1/activities?limit=500").auth(shopKey).send().json().get("items").forEach(a -> visible.add(a.get("id").asText()));
        assertThat(visible).containsExactly(ownActivity);
        assertThat(node.api.get("/v1/activities/" + operatorsActivity).auth(shopKey).send().status()).isEqualTo(404);
        assertThat(node.api.get("/v1/orders/" + operatorsOrder).auth(shopKey).send().status()).isEqualTo(404);
        assertThat(node.api.get("/v1/activities/" + ownActivity).auth(OPERATOR).send().status())
                .as("the operator key administers its own shop only").isEqualTo(404);

        String teaBuyer = node.api.token(shopKey, "tea-lover");
        Response o = order(ownActivity, teaBuyer);
        assertThat(o.status()).as("%s", o).isEqualTo(201);
        assertThat(order(operatorsActivity, teaBuyer).status()).as("a buyer token acts in its own shop only").isEqualTo(404);
        assertThat(node.api.stats(shopKey, ownActivity).get("orders").asLong()).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyAndBodyReplayTheFirstAnswer() {
        String id = activity(10, 5);
        String token = node.api.token(OPERATOR, "retrier");
        String key = "idem-" + UUID.randomUUID();
        Response first = node.api.post("/v1/activities/" + id + "/orders").auth(token).idempotencyKey(key).json(Map.of("quantity", 1)).send();
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        Response replay = node.api.post("/v1/activities/" + id + "/orders").auth(token).idempotencyKey(key).json(Map.of("quantity", 1)).send();
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).contains("true");
        assertThat(node.api.stats(OPERATOR, id).get("orders").asLong()).isEqualTo(1);

        Response reused = node.api.post("/v1/activities/" + id + "/orders").auth(token).idempotencyKey(key).json(Map.of("quantity", 2)).send();
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(node.api.stats(OPERATOR, id).get("orders").asLong()).isEqualTo(1);

        // a payment callback retried with its key
        String payKey = "pay-" + UUID.randomUUID();
        Response paid = node.api.post("/v1/orders/" + first.text("orderId") + "/pay").auth(OPERATOR).idempotencyKey(payKey).json(Map.of("paymentRef", "p1")).send();
        Response paidReplay = node.api.post("/v1/orders/" + first.text("orderId") + "/pay").auth(OPERATOR).idempotencyKey(payKey).json(Map.of("paymentRef", "p1")).send();
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paidReplay.body()).isEqualTo(paid.body());
        assertThat(paidReplay.header("Idempotent-Replayed")).contains("true");
    }

    @Test
    void tenConcurrentRequestsWithOneKeyMakeExactlyOneOrder() throws Exception {
        String id = activity(100, 50);
        String token = node.api.token(OPERATOR, "hammering-buyer");
        String key = "burst-" + UUID.randomUUID();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return node.api.post("/v1/activities/" + id + "/orders").auth(token).idempotencyKey(key).json(Map.of("quantity", 1)).send();
                }));
            }
            go.countDown();
            Set<String> orderIds = new HashSet<>();
            int replayed = 0;
            for (Future<Response> f : answers) {
                Response r = f.get();
                assertThat(r.status()).as("every request gets the first answer: %s", r).isEqualTo(201);
                orderIds.add(r.text("orderId"));
                if (r.header("Idempotent-Replayed").isPresent()) replayed++;
            }
            assertThat(orderIds).as("every 201 is the same order").hasSize(1);
            assertThat(replayed).as("all but the first are replays").isEqualTo(9);
        }
        JsonNode stats = node.api.stats(OPERATOR, id);
        assertThat(stats.get("orders").asLong()).isEqualTo(1);
        assertThat(assertStockAddsUp(stats).get("reserved").asLong()).isEqualTo(1);
        assertThat(node.api.allOrders(OPERATOR, id, 100)).hasSize(1);
    }

    @Test
    void anUnpaidOrderTimesOutAndItsUnitsReturn() {
        Map<String, Object> body = seckill("short window", sku(), 5, 1, clock.instant());
        body.put("payWindowSeconds", 30);
        String id = node.api.createActivity(OPERATOR, body);
        String token = node.api.token(OPERATOR, "slow-payer");
        Response o = order(id, token);
        assertThat(o.status()).as("%s", o).isEqualTo(201);
        String orderId = o.text("orderId");
        assertThat(Duration.between(Instant.parse(o.text("createdAt")), Instant.parse(o.text("payDeadline")))).isEqualTo(Duration.ofSeconds(30));
        assertThat(assertStockAddsUp(node.api.stats(OPERATOR, id)).get("reserved").asLong()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(31));
        JsonNode expired = ApiClient.awaitValue("the scheduler to cancel the unpaid order", Duration.ofSeconds(15), () -> {
            Response r = getOrder(orderId, OPERATOR);
            return "CANCELLED".equals(r.text("status")) ? r.json() : null;
        });
        assertThat(expired.get("reason").asText()).isEqualTo("PAY_TIMEOUT");
        JsonNode stock = assertStockAddsUp(node.api.stats(OPERATOR, id));
        assertThat(stock.get("reserved").asLong()).isZero();
        assertThat(stock.get("available").asLong() + stock.get("leased").asLong()).isEqualTo(5);
        // the idle lease goes back too: every unit is available again
        ApiClient.await("leased units to return to available", Duration.ofSeconds(15),
                () -> node.api.stats(OPERATOR, id).get("stock").get("available").asLong() == 5);
        assertThat(pay(orderId, "too-late").code()).isEqualTo("ORDER_NOT_PENDING");
        Response again = order(id, token);
        assertThat(again.status()).as("the buyer's quota was freed: %s", again).isEqualTo(201);
    }
}
