package io.peercart.server;

import static io.peercart.server.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * groupOn, luckyDrawGroup and tuan over HTTP against a real node (SQLite) whose clock the test
 * moves; the node's own scheduler does the expiry, draws and settlement. Each test has its own
 * activity and sku.
 */
class GroupHttpTest {
    static final String OPERATOR = "pck_grouphttptestoperatorkey00000000001";
    private static final Duration PROMPTLY = Duration.ofSeconds(20);
    private static final AtomicInteger SKUS = new AtomicInteger();

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    static final TestClock clock = node.clock;

    static String sku() { return "GR-" + SKUS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8); }

    static String activity(String type, Map<String, Object> item, Map<String, Object> rules, Duration length) {
        return node.api.createActivity(OPERATOR, draft(type, item, rules, length));
    }

    static Map<String, Object> draft(String type, Map<String, Object> item, Map<String, Object> rules, Duration length) {
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("name", type + " test");
        body.put("startsAt", now.minusSeconds(60).toString());
        body.put("endsAt", now.plus(length).toString());
        body.put("items", List.of(item));
        body.put("rules", rules);
        return body;
    }

    /** The public view tells a buyer the group rules before they join (the seats, the leader's price, a ladder, a draw), and nothing of any buyer. */
    @Test
    void thePublicViewCarriesTheGroupRulesABuyerSeesBeforeJoining() {
        String ladder = activity("groupOn", Map.of("sku", sku(), "price", 12_900, "groupPrice", 9_900, "stock", 100),
                Map.of("tiers", List.of(Map.of("size", 2, "price", 9_900), Map.of("size", 3, "price", 8_900)), "groupTtlSeconds", 3_600,
                        "leaderPrice", 8_000, "showOpenGroups", true), Duration.ofHours(1));
        JsonNode group = node.api.get("/v1/activities/" + ladder + "/public").send().json().get("group");
        assertThat(group.toString()).isEqualTo("{\"size\":3,\"ttlSeconds\":3600,\"simulatedFill\":false,\"newCustomersOnlyJoin\":false,"
                + "\"showOpenGroups\":true,\"leaderPrice\":8000,\"tiers\":[{\"size\":2,\"price\":9900},{\"size\":3,\"price\":8900}]}");
        String lucky = activity("luckyDrawGroup", Map.of("sku", sku(), "joinPrice", 0, "stock", 5),
                Map.of("groupSize", 4, "winnersPerGroup", 1, "drawAt", "GROUP_SUCCESS"), Duration.ofHours(1));
        JsonNode draw = node.api.get("/v1/activities/" + lucky + "/public").send().json().get("group");
        assertThat(draw.get("size").asInt()).isEqualTo(4);
        assertThat(draw.get("leaderPrice").isNull()).isTrue();
        assertThat(draw.has("tiers")).isFalse();
        assertThat(draw.get("drawAt").asText()).isEqualTo("GROUP_SUCCESS");
        assertThat(draw.get("winnersPerGroup").asInt()).isEqualTo(1);
        assertThat(draw.get("winners").isNull()).isTrue();
        String seckill = node.api.createActivity(OPERATOR, ApiClient.seckill("no groups", sku(), 5, 1, clock.instant()));
        assertThat(node.api.get("/v1/activities/" + seckill + "/public").send().json().has("group")).isFalse();
    }

    /** Refused at creation, not at the draw or the settlement, long after the merchant could fix it. */
    @Test
    void aCashbackAboveThePriceAndALoserPresentOfNoPresentActivityAreRefusedAtCreation() {
        ApiClient.Response cashback = node.api.post("/v1/activities").auth(OPERATOR).json(draft("tuan",
                Map.of("sku", sku(), "price", 10_000, "stock", 100), Map.of("tiers", List.of(Map.of("minBuyers", 2, "cashbackPerUnit", 10_001))),
                Duration.ofHours(1))).send();
        assertThat(cashback.status()).as("%s", cashback).isEqualTo(422);
        assertThat(cashback.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(cashback.text("detail")).contains("rules.tiers[0].cashbackPerUnit");
        ApiClient.Response loser = node.api.post("/v1/activities").auth(OPERATOR).json(draft("luckyDrawGroup",
                Map.of("sku", sku(), "groupPrice", 500, "stock", 100), Map.of("groupSize", 2, "winners", 1, "loserPresentActivityId", "act_nope"),
                Duration.ofHours(1))).send();
        assertThat(loser.status()).as("%s", loser).isEqualTo(422);
        assertThat(loser.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(loser.text("detail")).contains("rules.loserPresentActivityId", "act_nope");
    }

    static Map<String, Object> item(String sku, long stock) {
        return Map.of("sku", sku, "price", 12_900, "groupPrice", 9_900, "stock", stock, "limitPerBuyer", 1);
    }

    static String token(String buyerId, boolean newCustomer) {
        Response r = node.api.post("/v1/buyer-tokens").auth(OPERATOR).json(Map.of("buyerId", buyerId, "newCustomer", newCustomer)).send();
        assertThat(r.status()).isEqualTo(201);
        return r.text("token");
    }

    static Response order(String activityId, String token, String groupId) {
        Map<String, Object> body = new HashMap<>(Map.of("quantity", 1));
        if (groupId != null) body.put("groupId", groupId);
        return node.api.post("/v1/activities/" + activityId + "/orders").auth(token).json(body).send();
    }

    static JsonNode placed(String activityId, String token, String groupId) {
        Response r = order(activityId, token, groupId);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    static void pay(String orderId) {
        Response r = node.api.post("/v1/orders/" + orderId + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "pay-" + orderId)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    static JsonNode group(String groupId) {
        Response r = node.api.get("/v1/groups/" + groupId).auth(OPERATOR).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    static String orderStatus(String orderId) {
        return node.api.get("/v1/orders/" + orderId).auth(OPERATOR).send().text("status");
    }

    static String buyer(String tag) { return tag + "-" + UUID.randomUUID().toString().substring(0, 8); }

    /** A leader opens and pays: the group is open. Returns {groupId, leaderOrderId}. */
    static String[] openGroup(String activityId, String leaderToken) {
        JsonNode o = placed(activityId, leaderToken, null);
        String groupId = o.get("groupId").asText();
        assertThat(group(groupId).get("status").asText()).isEqualTo("FORMING");
        pay(o.get("orderId").asText());
        assertThat(group(groupId).get("status").asText()).isEqualTo("OPEN");
        return new String[]{groupId, o.get("orderId").asText()};
    }

    @Test
    void aGroupFilledByPaidMembersSucceedsAndReleasesEveryOrder() {
        String id = activity("groupOn", item(sku(), 100), Map.of("groupSize", 3, "leaderPrice", 8_900), Duration.ofHours(2));
        String leader = buyer("leader");
        String[] g = openGroup(id, token(leader, false));
        JsonNode m1 = placed(id, token(buyer("m1"), true), g[0]);
        JsonNode m2 = placed(id, token(buyer("m2"), true), "auto");
        assertThat(m2.get("groupId").asText()).as("auto joins the open group").isEqualTo(g[0]);
        assertThat(m1.get("unitPrice").asLong()).isEqualTo(9_900);
        assertThat(node.api.get("/v1/orders/" + g[1]).auth(OPERATOR).send().json().get("unitPrice").asLong()).as("leader price").isEqualTo(8_900);
        pay(m1.get("orderId").asText());
        assertThat(orderStatus(m1.get("orderId").asText())).as("paid is not shippable").isEqualTo("PAID");
        pay(m2.get("orderId").asText());

        JsonNode done = group(g[0]);
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.get("members")).hasSize(3);
        for (String o : List.of(g[1], m1.get("orderId").asText(), m2.get("orderId").asText()))
            assertThat(orderStatus(o)).isEqualTo("RELEASED");
        Response asMember = node.api.get("/v1/groups/" + g[0]).auth(token(leader, false)).send();
        assertThat(asMember.status()).isEqualTo(200);
        assertThat(node.api.get("/v1/groups/" + g[0]).auth(token(buyer("stranger"), true)).send().status()).isEqualTo(404);
    }

    @Test
    void anyoneWatchingTheActivitySeesTheGroupOpenFillAndSucceed() {
        String id = activity("groupOn", item(sku(), 100), Map.of("groupSize", 2), Duration.ofHours(2));
        try (SseClient stream = SseClient.open(node.server.port(), "/v1/activities/" + id + "/events", null, -1)) {
            String[] g = openGroup(id, token(buyer("leader"), false));
            JsonNode member = placed(id, token(buyer("m1"), true), g[0]);
            pay(member.get("orderId").asText());
            List<SseClient.Event> events = stream.takeUntil("group.succeeded", PROMPTLY);
            List<String> types = events.stream().map(SseClient.Event::type).toList();
            assertThat(types).containsSubsequence("group.opened", "group.joined", "group.succeeded");
            assertThat(types).as("orders are not public").noneMatch(t -> t.startsWith("order."));
            SseClient.Event joined = events.stream().filter(e -> e.type().equals("group.joined")).findFirst().orElseThrow();
            JsonNode progress = joined.data().get("data");
            assertThat(progress.get("groupId").asText()).isEqualTo(g[0]);
            assertThat(progress.get("seatsLeft").asInt()).isZero();
            assertThat(progress.has("members")).as("no buyer ids on the public stream").isFalse();
        }
    }

    @Test
    void atExpiryAGroupFailsItsPaidOrdersAreRefundRequestsAndItsUnpaidSeatIsCancelled() {
        String id = activity("groupOn", item(sku(), 100), Map.of("groupSize", 4, "groupTtlSeconds", 600), Duration.ofHours(2));
        String[] g = openGroup(id, token(buyer("leader"), false));
        JsonNode paid = placed(id, token(buyer("m1"), true), g[0]);
        pay(paid.get("orderId").asText());
        JsonNode unpaid = placed(id, token(buyer("m2"), true), g[0]);

        clock.advance(Duration.ofSeconds(601));
        await("the group fails", PROMPTLY, () -> group(g[0]).get("status").asText().equals("FAILED"));
        for (String o : List.of(g[1], paid.get("orderId").asText())) {
            JsonNode order = node.api.get("/v1/orders/" + o).auth(OPERATOR).send().json();
            assertThat(order.get("status").asText()).isEqualTo("REFUND_REQUESTED");
            assertThat(order.get("reason").asText()).isEqualTo("GROUP_FAILED");
        }
        assertThat(orderStatus(unpaid.get("orderId").asText())).isEqualTo("CANCELLED");
        JsonNode stats = node.api.stats(OPERATOR, id);
        ApiClient.assertStockAddsUp(stats);
        assertThat(stats.get("groups").get("failed").asLong()).isEqualTo(1);
        assertThat(stats.get("groups").get("successRate").asDouble()).isZero();
    }

    @Test
    void aLadderGroupSettlesAtTheTierReachedAndPaysTheDifferenceBack() {
        List<Map<String, Object>> tiers = List.of(Map.of("size", 2, "price", 9_900), Map.of("size", 3, "price", 8_900),
                Map.of("size", 5, "price", 6_900));
        String id = activity("groupOn", item(sku(), 100), Map.of("tiers", tiers, "groupTtlSeconds", 600), Duration.ofHours(2));
        try (SseClient cashbacks = SseClient.open(node.server.port(), "/v1/events?types=order.cashback", OPERATOR, -1)) {
            String[] g = openGroup(id, token(buyer("leader"), false));
            assertThat(group(g[0]).get("size").asInt()).as("the largest tier's seats").isEqualTo(5);
            List<String> members = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                JsonNode m = placed(id, token(buyer("m" + i), true), g[0]);
                assertThat(m.get("unitPrice").asLong()).as("the first tier's price up front").isEqualTo(9_900);
                pay(m.get("orderId").asText());
                members.add(m.get("orderId").asText());
            }
            clock.advance(Duration.ofSeconds(601));
            await("the group settles", PROMPTLY, () -> group(g[0]).get("status").asText().equals("SUCCEEDED"));
            List<SseClient.Event> events = cashbacks.take(3, PROMPTLY);
            for (SseClient.Event e : events) {
                assertThat(e.data().get("data").get("cashback").asLong()).as("9,900 paid, 8,900 at three members").isEqualTo(1_000);
                assertThat(e.data().get("data").get("reason").asText()).isEqualTo("LADDER_PRICE");
            }
            for (String o : members) {
                JsonNode order = node.api.get("/v1/orders/" + o).auth(OPERATOR).send().json();
                assertThat(order.get("status").asText()).isEqualTo("RELEASED");
                assertThat(order.get("cashback").asLong()).isEqualTo(1_000);
                assertThat(order.get("refundable").asLong()).as("a refund returns at most paid − cashback").isEqualTo(8_900);
            }
        }
    }

    @Test
    void cancellingTheActivityFailsItsOpenGroupsAndRequestsTheirRefunds() {
        String id = activity("groupOn", item(sku(), 100), Map.of("groupSize", 3), Duration.ofHours(2));
        String[] g = openGroup(id, token(buyer("leader"), false));
        JsonNode unpaid = placed(id, token(buyer("m1"), true), g[0]);
        assertThat(node.api.post("/v1/activities/" + id + "/cancel").auth(OPERATOR).send().status()).isEqualTo(200);
        assertThat(group(g[0]).get("status").asText()).isEqualTo("FAILED");
        JsonNode leaderOrder = node.api.get("/v1/orders/" + g[1]).auth(OPERATOR).send().json();
        assertThat(leaderOrder.get("status").asText()).isEqualTo("REFUND_REQUESTED");
        assertThat(leaderOrder.get("reason").asText()).isEqualTo("ACTIVITY_CANCELLED");
        assertThat(orderStatus(unpaid.get("orderId").asText())).isEqualTo("CANCELLED");
        ApiClient.assertStockAddsUp(node.api.stats(OPERATOR, id));
    }

    @Test
    void simulatedFillSucceedsWithVirtualMembersWhoHaveNoOrders() {
        String id = activity("groupOn", item(sku(), 100), Map.of("groupSize", 5, "groupTtlSeconds", 300, "simulatedFill", true), Duration.ofHours(2));
        String[] g = openGroup(id, token(buyer("leader"), false));
        JsonNode m1 = placed(id, token(buyer("m1"), true), g[0]);
        pay(m1.get("orderId").asText());
        clock.advance(Duration.ofSeconds(301));
        await("the group is filled", PROMPTLY, () -> group(g[0]).get("status").asText().equals("SUCCEEDED"));
        JsonNode members = group(g[0]).get("members");
        assertThat(members).hasSize(5);
        int virtual = 0;
        for (JsonNode m : members) if (m.get("virtual").asBoolean()) {
            virtual++;
            assertThat(m.get("orderId").isNull()).isTrue();
        }
        assertThat(virtual).isEqualTo(3);
        assertThat(orderStatus(g[1])).isEqualTo("RELEASED");
        assertThat(orderStatus(m1.get("orderId").asText())).isEqualTo("RELEASED");
        assertThat(node.api.allOrders(OPERATOR, id, 100)).hasSize(2);
    }

    @Test
    void fullOwnAndRepeatedJoinsAreRefusedWithTheirCodes() {
        String id = activity("groupOn", item(sku(), 100), Map.of("groupSize", 2, "newCustomersOnlyJoin", true), Duration.ofHours(2));
        String leader = buyer("leader");
        String leaderToken = token(leader, false);
        String[] g = openGroup(id, leaderToken);
        assertThat(order(id, leaderToken, g[0]).json().get("code").asText()).isEqualTo("OWN_GROUP");
        assertThat(order(id, leaderToken, null).json().get("code").asText()).as("one open group per leader").isEqualTo("ALREADY_LEADING");
        assertThat(order(id, token(buyer("old"), false), g[0]).json().get("code").asText()).isEqualTo("NEW_CUSTOMERS_ONLY");
        String memberToken = token(buyer("m1"), true);
        placed(id, memberToken, g[0]);
        assertThat(order(id, token(buyer("m2"), true), g[0]).json().get("code").asText()).isEqualTo("GROUP_FULL");
        assertThat(order(id, memberToken, g[0]).json().get("code").asText()).isEqualTo("ALREADY_IN_GROUP");
        assertThat(order(id, token(buyer("m3"), true), "grp_nope").status()).isEqualTo(404);
        Response forming = order(id, token(buyer("m4"), true), placed(id, token(buyer("l2"), false), null).get("groupId").asText());
        assertThat(forming.json().get("code").asText()).as("a group whose leader has not paid").isEqualTo("GROUP_NOT_OPEN");
    }

    @Test
    void aLeaderMayOpenOnlyOneGroupAtATime() {
        String id = activity("groupOn", Map.of("sku", sku(), "groupPrice", 100, "stock", 100, "limitPerBuyer", 5),
                Map.of("groupSize", 3), Duration.ofHours(2));
        String leaderToken = token(buyer("leader"), false);
        placed(id, leaderToken, null);
        assertThat(order(id, leaderToken, null).json().get("code").asText()).isEqualTo("ALREADY_LEADING");
    }

    @Test
    void fortyBuyersRacingForFourSeatsTakeExactlyFour() throws Exception {
        String id = activity("groupOn", item(sku(), 1_000), Map.of("groupSize", 5), Duration.ofHours(2));
        String[] g = openGroup(id, token(buyer("leader"), false));
        List<String> buyers = new ArrayList<>();
        for (int i = 0; i < 40; i++) buyers.add(buyer("racer" + i));
        Map<String, String> tokens = node.api.tokens(OPERATOR, buyers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(40)) {
            for (String b : buyers) answers.add(pool.submit(() -> {
                go.await();
                return order(id, tokens.get(b), g[0]);
            }));
            go.countDown();
            int seated = 0, full = 0;
            for (Future<Response> f : answers) {
                Response r = f.get();
                if (r.status() == 201) seated++;
                else if ("GROUP_FULL".equals(r.json().get("code").asText())) full++;
            }
            assertThat(seated).isEqualTo(4);
            assertThat(full).isEqualTo(36);
        }
        JsonNode done = group(g[0]);
        assertThat(done.get("members")).hasSize(5);
        assertThat(done.get("seatsLeft").asInt()).isZero();
        ApiClient.assertStockAddsUp(node.api.stats(OPERATOR, id));
    }

    /**
     * Issue 12 #4: a luckyDrawGroup's stock is its prizes. A ¥0 entry priced by joinPrice alone, a
     * stock of 3 and groups of 5: the group fills and draws one winner, the only order holding a
     * unit; three groups hold the three prizes, a fourth cannot open.
     */
    @Test
    void aGroupOfFiveFillsOnThreePrizesAndOnlyTheWinnerTakesAUnit() {
        String id = activity("luckyDrawGroup", Map.of("sku", sku(), "price", 12_900, "joinPrice", 0, "stock", 3),
                Map.of("groupSize", 5, "winnersPerGroup", 1, "drawAt", "GROUP_SUCCESS"), Duration.ofHours(1));
        JsonNode leader = placed(id, token(buyer("l"), false), null);
        assertThat(leader.get("amount").asLong()).as("joinPrice is what an entry costs").isZero();
        List<String> entries = new ArrayList<>(List.of(leader.get("orderId").asText()));
        for (int i = 1; i < 5; i++) entries.add(placed(id, token(buyer("m" + i), true), leader.get("groupId").asText()).get("orderId").asText());
        assertThat(group(leader.get("groupId").asText()).get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(entries.stream().map(GroupHttpTest::orderStatus).filter("RELEASED"::equals)).as("one winner").hasSize(1);
        JsonNode stock = ApiClient.assertStockAddsUp(node.api.stats(OPERATOR, id));
        assertThat(List.of(stock.get("available").asLong(), stock.get("reserved").asLong(), stock.get("sold").asLong())).containsExactly(2L, 0L, 1L);
        placed(id, token(buyer("l2"), false), null);
        placed(id, token(buyer("l3"), false), null);
        Response fourth = order(id, token(buyer("l4"), false), null);
        assertThat(fourth.status()).as("%s", fourth).isEqualTo(409);
        assertThat(fourth.json().get("code").asText()).isEqualTo("SOLD_OUT");
        stock = ApiClient.assertStockAddsUp(node.api.stats(OPERATOR, id));
        assertThat(List.of(stock.get("available").asLong(), stock.get("reserved").asLong(), stock.get("sold").asLong())).containsExactly(0L, 2L, 1L);
    }

    @Test
    void theDrawIsRecomputedFromThePublishedSeed() throws Exception {
        String id = activity("luckyDrawGroup", Map.of("sku", sku(), "groupPrice", 500, "joinPrice", 0, "stock", 100),
                Map.of("groupSize", 2, "winners", 2), Duration.ofHours(1));
        JsonNode before = node.api.get("/v1/activities/" + id + "/draw").send().json();
        String commitment = before.get("draws").get(0).get("commitment").asText();
        assertThat(before.get("draws").get(0).has("seed")).as("the seed is secret until the draw").isFalse();
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode leader = placed(id, token(buyer("l" + i), false), null); // ¥0: paid at once, the group opens
            JsonNode member = placed(id, token(buyer("m" + i), true), leader.get("groupId").asText());
            assertThat(group(leader.get("groupId").asText()).get("status").asText()).isEqualTo("SUCCEEDED");
            entries.add(leader.get("orderId").asText());
            entries.add(member.get("orderId").asText());
            assertThat(orderStatus(member.get("orderId").asText())).as("waits for the draw").isEqualTo("PAID");
        }
        clock.advance(Duration.ofHours(1));
        JsonNode draw = ApiClient.awaitValue("the draw", PROMPTLY, () -> {
            JsonNode d = node.api.get("/v1/activities/" + id + "/draw").send().json().get("draws").get(0);
            return d.get("status").asText().equals("DRAWN") ? d : null;
        });
        String seed = draw.get("seed").asText();
        byte[] seedBytes = HexFormat.of().parseHex(seed);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seedBytes))).isEqualTo(commitment);
        List<String> published = new ArrayList<>();
        draw.get("entries").forEach(e -> published.add(e.asText()));
        assertThat(published).containsExactlyInAnyOrderElementsOf(entries);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(seedBytes, "HmacSHA256"));
        List<String> ranked = new ArrayList<>(entries);
        ranked.sort(Comparator.comparing(e -> new BigInteger(1, mac.doFinal(e.getBytes(StandardCharsets.UTF_8)))));
        List<String> winners = new ArrayList<>();
        draw.get("winners").forEach(w -> winners.add(w.asText()));
        assertThat(winners).containsExactlyElementsOf(ranked.subList(0, 2));
        for (String e : entries) {
            JsonNode o = node.api.get("/v1/orders/" + e).auth(OPERATOR).send().json();
            if (winners.contains(e)) assertThat(o.get("status").asText()).isEqualTo("RELEASED");
            else {
                assertThat(o.get("status").asText()).as("a ¥0 loser has nothing to refund: closed at once").isEqualTo("REFUNDED");
                assertThat(o.get("reason").asText()).isEqualTo("DRAW_LOST");
            }
        }
    }

    @Test
    void drawLosersGetTheirConsolationPointsAndPresent() {
        String present = activity("presentExchange", Map.of("sku", sku(), "stock", 100), Map.of("openClaims", false), Duration.ofDays(3));
        String id = activity("luckyDrawGroup", Map.of("sku", sku(), "groupPrice", 500, "joinPrice", 0, "stock", 100),
                Map.of("groupSize", 2, "winners", 1, "loserPoints", 50, "loserPresentActivityId", present), Duration.ofHours(1));
        List<String> buyers = List.of(buyer("l"), buyer("m"));
        JsonNode leader = placed(id, token(buyers.get(0), false), null);
        placed(id, token(buyers.get(1), true), leader.get("groupId").asText());
        clock.advance(Duration.ofHours(1));
        JsonNode draw = ApiClient.awaitValue("the draw", PROMPTLY, () -> {
            JsonNode d = node.api.get("/v1/activities/" + id + "/draw").send().json().get("draws").get(0);
            return d.get("status").asText().equals("DRAWN") ? d : null;
        });
        String winnerOrder = draw.get("winners").get(0).asText();
        String winner = node.api.get("/v1/orders/" + winnerOrder).auth(OPERATOR).send().text("buyerId");
        String loser = buyers.get(0).equals(winner) ? buyers.get(1) : buyers.get(0);
        JsonNode loserPoints = node.api.get("/v1/members/" + loser + "/points").auth(OPERATOR).send().json();
        assertThat(loserPoints.get("available").asLong()).isEqualTo(50);
        assertThat(node.api.get("/v1/members/" + winner + "/points").auth(OPERATOR).send().json().get("available").asLong()).isZero();
        JsonNode grants = node.api.get("/v1/activities/" + present + "/grants").auth(OPERATOR).send().json().get("items");
        assertThat(grants).hasSize(1);
        assertThat(grants.get(0).get("buyerId").asText()).isEqualTo(loser);
    }

    @Test
    void tuanSettlesAtTheTierReachedAtEachBoundaryWithRefundsBeforeSettlementExcluded() {
        List<Map<String, Object>> tiers = List.of(Map.of("minBuyers", 2, "cashbackPercent", 5), Map.of("minBuyers", 4, "cashbackPercent", 10));
        // buyers who pay, and how many of them are refunded before settlement → expected tier percent
        int[][] cases = {{1, 0, 0}, {2, 0, 5}, {3, 0, 5}, {4, 0, 10}, {5, 1, 10}, {4, 1, 5}, {2, 1, 0}};
        List<String> ids = new ArrayList<>();
        for (int[] c : cases) {
            String id = activity("tuan", Map.of("sku", sku(), "price", 10_000, "stock", 100),
                    Map.of("tiers", tiers, "settlementDelaySeconds", 3_600), Duration.ofHours(1));
            ids.add(id);
            List<String> orders = new ArrayList<>();
            for (int b = 0; b < c[0]; b++) {
                String o = placed(id, token(buyer("t" + b), true), null).get("orderId").asText();
                pay(o);
                orders.add(o);
            }
            for (int r = 0; r < c[1]; r++)
                assertThat(node.api.post("/v1/orders/" + orders.get(r) + "/refund").auth(OPERATOR).send().status()).isEqualTo(200);
            JsonNode progress = node.api.get("/v1/activities/" + id + "/public").send().json().get("progress");
            assertThat(progress.get("buyers").asInt()).isEqualTo(c[0] - c[1]);
        }
        clock.advance(Duration.ofHours(2).plusSeconds(1));
        for (int i = 0; i < cases.length; i++) {
            String id = ids.get(i);
            int[] c = cases[i];
            JsonNode settlement = ApiClient.awaitValue("settlement of case " + i, PROMPTLY, () -> {
                JsonNode s = node.api.stats(OPERATOR, id).get("settlement");
                return s.get("status").asText().equals("SETTLED") ? s : null;
            });
            int eligible = c[0] - c[1];
            assertThat(settlement.get("buyers").asInt()).as("case %d", i).isEqualTo(eligible);
            if (c[2] == 0) assertThat(settlement.get("tier").isNull()).as("case %d", i).isTrue();
            else assertThat(settlement.get("tier").get("cashbackPercent").asInt()).as("case %d", i).isEqualTo(c[2]);
            assertThat(settlement.get("cashbackTotal").asLong()).as("case %d", i).isEqualTo((long) eligible * 10_000 * c[2] / 100);
        }
    }
}
