package io.peercart.server;

import static io.peercart.server.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fission over HTTP against a real node (SQLite) whose clock the test moves: share links and the
 * fission report, helpDepositExpansion's anti-fraud rules, balance window and forfeit (by the
 * node's own scheduler), inSourcingFission's coupons. Each test has its own activity and skus.
 */
class FissionHttpTest {
    static final String OPERATOR = "pck_fissionhttptestoperatorkey000000001";
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    static final TestClock clock = node.clock;

    static String unique(String tag) { return tag + "-" + UUID.randomUUID().toString().substring(0, 8); }

    static String activity(String type, Map<String, Object> item, Map<String, Object> rules, Duration length) {
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("name", type + " test");
        body.put("startsAt", now.minusSeconds(60).toString());
        body.put("endsAt", now.plus(length).toString());
        body.put("items", List.of(item));
        body.put("rules", rules);
        return node.api.createActivity(OPERATOR, body);
    }

    static String token(String buyerId, boolean newCustomer, List<String> tags, String deviceId) {
        Map<String, Object> body = new HashMap<>(Map.of("buyerId", buyerId, "newCustomer", newCustomer, "tags", tags, "ttlSeconds", 86_400));
        if (deviceId != null) body.put("deviceId", deviceId);
        Response r = node.api.post("/v1/buyer-tokens").auth(OPERATOR).json(body).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.text("token");
    }

    static Response order(String activityId, String token, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("quantity", 1));
        body.putAll(extra);
        return node.api.post("/v1/activities/" + activityId + "/orders").auth(token).json(body).send();
    }

    static JsonNode created(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    static void pay(String orderId) {
        Response r = node.api.post("/v1/orders/" + orderId + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "pay-" + orderId)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    static JsonNode orderOf(String orderId) { return node.api.get("/v1/orders/" + orderId).auth(OPERATOR).send().json(); }

    static Response help(String depositOrderId, String token, String deviceHeader, String shareId) {
        var call = node.api.post("/v1/orders/" + depositOrderId + "/helps").auth(token);
        if (deviceHeader != null) call = call.header("X-Device-Id", deviceHeader);
        return shareId == null ? call.send() : call.json(Map.of("shareId", shareId)).send();
    }

    static void refused(Response r, int status, String code) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.text("code")).as("%s", r).isEqualTo(code);
    }

    static String share(String activityId, String token, String parentShareId) {
        Map<String, Object> body = new HashMap<>(Map.of("activityId", activityId));
        if (parentShareId != null) body.put("parentShareId", parentShareId);
        JsonNode s = created(node.api.post("/v1/shares").auth(token).json(body).send());
        assertThat(s.get("url").asText()).isEqualTo("/v1/activities/" + activityId + "/public?shareId=" + s.get("shareId").asText());
        return s.get("shareId").asText();
    }

    private static Map<String, Object> presaleRules(Instant balanceStarts, Instant balanceEnds, long maxValue, String unpaid) {
        Map<String, Object> rules = new HashMap<>(Map.of("deposit", 1_000, "baseValue", 2_000, "maxValue", maxValue, "helpAmount", 500,
                "helpsPerHelper", 1, "newCustomersOnlyHelpers", true, "balanceStartsAt", balanceStarts.toString(),
                "balanceEndsAt", balanceEnds.toString()));
        if (unpaid != null) rules.put("unpaidBalance", unpaid);
        return rules;
    }

    @Test
    void helpsObeyEachAntiFraudRuleAndTheBalanceWindowThenAnUnpaidBalanceForfeitsItsDeposit() {
        Instant now = clock.instant();
        Instant balanceStarts = now.plus(Duration.ofHours(1)), balanceEnds = now.plus(Duration.ofHours(2));
        String sku = unique("P");
        String act = activity("helpDepositExpansion", Map.of("sku", sku, "price", 20_000, "stock", 10, "limitPerBuyer", 1),
                presaleRules(balanceStarts, balanceEnds, 4_500, null), Duration.ofHours(1));
        String initiator = token(unique("initiator"), false, List.of(), "dev-init");
        String late = token(unique("late"), false, List.of(), "dev-late");
        JsonNode presale = node.api.get("/v1/activities/" + act + "/public").send().json().get("presale");
        assertThat(presale.get("deposit").asLong()).isEqualTo(1_000);
        assertThat(presale.get("balanceEndsAt").asText()).isEqualTo(balanceEnds.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        JsonNode deposit = created(order(act, initiator, Map.of()));
        assertThat(deposit.get("amount").asLong()).isEqualTo(1_000);
        String depositId = deposit.get("orderId").asText();
        String dA = unique("dev"), dB = unique("dev");
        String h1 = token(unique("h1"), true, List.of(), dA);
        refused(help(depositId, h1, null, null), 409, "HELP_WINDOW_CLOSED"); // not paid yet
        pay(depositId);
        assertThat(orderOf(depositId).get("status").asText()).as("a deposit is not shippable").isEqualTo("PAID");
        String lateDeposit = created(order(act, late, Map.of())).get("orderId").asText();
        pay(lateDeposit);

        refused(help(depositId, initiator, null, null), 409, "SELF_HELP");
        JsonNode first = created(help(depositId, h1, null, null));
        assertThat(first.get("amount").asLong()).isEqualTo(500);
        assertThat(first.get("value").asLong()).isEqualTo(2_500);
        assertThat(first.get("helpId").asText()).startsWith("hlp_");
        refused(help(depositId, h1, null, null), 409, "ALREADY_HELPED");
        refused(help(lateDeposit, h1, null, null), 409, "HELP_QUOTA_REACHED");
        refused(help(depositId, token(unique("old"), false, List.of(), unique("dev")), null, null), 409, "HELPER_NOT_NEW_CUSTOMER");
        String noDevice = token(unique("h2"), true, List.of(), null);
        refused(help(depositId, noDevice, null, null), 422, "DEVICE_ID_REQUIRED");
        assertThat(created(help(depositId, noDevice, dA, null)).get("value").asLong()).isEqualTo(3_000); // header device, 2nd account on dA
        assertThat(created(help(depositId, token(unique("h3"), true, List.of(), dA), null, null)).get("value").asLong()).isEqualTo(3_500);
        refused(help(depositId, token(unique("h4"), true, List.of(), dA), null, null), 409, "DEVICE_LIMIT_REACHED"); // a 4th account on dA
        assertThat(created(help(depositId, token(unique("h5"), true, List.of(), dB), null, null)).get("value").asLong()).isEqualTo(4_000);
        assertThat(created(help(depositId, token(unique("h6"), true, List.of(), dB), null, null)).get("value").asLong()).isEqualTo(4_500);
        refused(help(depositId, token(unique("h7"), true, List.of(), dB), null, null), 409, "HELP_VALUE_MAXED");

        JsonNode merchantView = node.api.get("/v1/orders/" + depositId + "/helps").auth(OPERATOR).send().json();
        assertThat(merchantView.get("helps").asInt()).isEqualTo(5);
        assertThat(merchantView.get("value").asLong()).isEqualTo(4_500);
        assertThat(merchantView.get("items").get(0).has("helperId")).isTrue();
        JsonNode helperView = node.api.get("/v1/orders/" + depositId + "/helps").auth(h1).send().json();
        assertThat(helperView.get("items").get(0).has("helperId")).as("another buyer sees the progress only").isFalse();
        try (SseClient stream = SseClient.open(node.server.port(), "/v1/activities/" + act + "/events", null, 0)) { // anyone, from the start
            List<SseClient.Event> events = stream.takeUntil("help.added", PROMPTLY);
            List<SseClient.Event> helps = new ArrayList<>(events.stream().filter(e -> e.type().equals("help.added")).toList());
            while (helps.size() < 5) helps.addAll(stream.takeUntil("help.added", PROMPTLY).stream().filter(e -> e.type().equals("help.added")).toList());
            assertThat(helps).hasSize(5);
            JsonNode last = helps.getLast().data().get("data");
            assertThat(last.get("value").asLong()).isEqualTo(4_500);
            assertThat(last.get("helps").asInt()).isEqualTo(5);
            assertThat(last.has("helperId")).as("no buyer ids on the public stream").isFalse();
            assertThat(events).as("orders are not public").noneMatch(e -> e.type().startsWith("order."));
        }

        refused(node.api.post("/v1/orders/" + depositId + "/balance").auth(initiator).send(), 409, "BALANCE_NOT_OPEN");
        clock.advance(Duration.ofHours(1));
        refused(node.api.post("/v1/orders/" + depositId + "/balance").auth(late).send(), 404, "NOT_FOUND"); // another buyer's deposit
        JsonNode balance = created(node.api.post("/v1/orders/" + depositId + "/balance").auth(initiator).send());
        assertThat(balance.get("amount").asLong()).isEqualTo(20_000 - 4_500);
        assertThat(balance.get("payDeadline").asText()).isEqualTo(balanceEnds.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        refused(help(depositId, token(unique("h8"), true, List.of(), unique("dev")), null, null), 409, "HELP_WINDOW_CLOSED");
        pay(balance.get("orderId").asText());
        assertThat(orderOf(balance.get("orderId").asText()).get("status").asText()).isEqualTo("RELEASED");
        assertThat(orderOf(depositId).get("status").asText()).as("the deposit ships with its balance").isEqualTo("RELEASED");

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        await("the unpaid balance's deposit forfeited", PROMPTLY, () -> "CANCELLED".equals(orderOf(lateDeposit).get("status").asText()));
        assertThat(orderOf(lateDeposit).get("reason").asText()).isEqualTo("DEPOSIT_FORFEITED");
        refused(node.api.post("/v1/orders/" + lateDeposit + "/balance").auth(late).send(), 409, "BALANCE_WINDOW_CLOSED");
        JsonNode stats = node.api.get("/v1/activities/" + act + "/stats").auth(OPERATOR).send().json();
        assertThat(ApiClient.assertStockAddsUp(stats).get("sold").asLong()).as("only the completed presale holds a unit").isEqualTo(1);
        JsonNode after = node.api.get("/v1/orders/" + depositId + "/helps").auth(OPERATOR).send().json();
        assertThat(after.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(after.get("commitment").asText()).hasSize(64);
        assertThat(after.get("seed").asText()).as("published once the balance window ended").hasSize(64);
        JsonNode deposits = node.api.get("/v1/activities/" + act + "/stats").auth(OPERATOR).send().json().get("deposits");
        assertThat(deposits.get("completed").asInt()).isEqualTo(1);
        assertThat(deposits.get("forfeited").asInt()).isEqualTo(1);
        assertThat(deposits.get("helps").asInt()).isEqualTo(5);
    }

    private static String shopOf(String activityId) { return node.server.store().activityShop(activityId).orElseThrow(); }

    @Test
    void theHelpMilestoneGrantsTheInitiatorAPresentOnce() {
        Instant now = clock.instant();
        String present = activity("presentExchange", Map.of("sku", unique("G"), "stock", 10), Map.of("openClaims", false), Duration.ofDays(2));
        Map<String, Object> rules = presaleRules(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)), 9_000, null);
        rules.put("milestone", Map.of("helps", 2, "presentActivityId", present));
        String act = activity("helpDepositExpansion", Map.of("sku", unique("P"), "price", 20_000, "stock", 10, "limitPerBuyer", 1),
                rules, Duration.ofHours(1));
        String initiator = unique("init");
        String deposit = created(order(act, token(initiator, false, List.of(), "dev-i"), Map.of())).get("orderId").asText();
        pay(deposit);
        for (int i = 0; i < 3; i++) created(help(deposit, token(unique("h" + i), true, List.of(), "dev-h" + i), null, null));
        JsonNode grants = node.api.get("/v1/activities/" + present + "/grants").auth(OPERATOR).send().json().get("items");
        assertThat(grants).hasSize(1);
        assertThat(grants.get(0).get("buyerId").asText()).isEqualTo(initiator);
        assertThat(grants.get(0).get("units").asInt()).as("granted at the second help only").isEqualTo(1);
    }

    @Test
    void anUnpaidBalanceRefundsTheDepositWhenTheActivitySaysSo() {
        Instant now = clock.instant();
        String act = activity("helpDepositExpansion", Map.of("sku", unique("P"), "price", 20_000, "stock", 10, "limitPerBuyer", 1),
                presaleRules(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)), 9_000, "REFUND"), Duration.ofHours(1));
        String buyer = token(unique("b"), false, List.of(), "dev-b");
        String deposit = created(order(act, buyer, Map.of())).get("orderId").asText();
        pay(deposit);
        clock.advance(Duration.ofHours(2).plusSeconds(1));
        await("the deposit refund-requested", PROMPTLY, () -> "REFUND_REQUESTED".equals(orderOf(deposit).get("status").asText()));
        assertThat(orderOf(deposit).get("reason").asText()).isEqualTo("DEPOSIT_REFUND");
        assertThat(node.api.post("/v1/orders/" + deposit + "/refund").auth(OPERATOR).send().json().get("status").asText()).isEqualTo("REFUNDED");
        ApiClient.assertStockAddsUp(node.api.get("/v1/activities/" + act + "/stats").auth(OPERATOR).send().json());
    }

    /**
     * A scripted tree over HTTP: A shares; B visits twice and orders through A's link, then shares
     * under it; C orders through B's link (a new customer); D helps-like claims are another test;
     * B's own order through their own link counts for nothing. The figures are worked out here.
     */
    @Test
    void sharesVisitsAndAttributedOrdersMakeTheFissionTree() {
        String sku = unique("S");
        Instant now = clock.instant();
        Map<String, Object> body = ApiClient.seckill("fission", sku, 100, 5, now);
        String act = node.api.createActivity(OPERATOR, body);
        String a = unique("A"), b = unique("B"), c = unique("C");
        String ta = token(a, false, List.of(), null), tb = token(b, true, List.of(), null), tc = token(c, true, List.of(), null);
        String sa = share(act, ta, null);
        assertThat(share(act, ta, null)).as("one link per buyer per activity").isEqualTo(sa);
        JsonNode v1 = created(node.api.post("/v1/shares/" + sa + "/visits").json(Map.of("visitorId", "anon-1")).send());
        assertThat(v1.get("visits").asInt()).isEqualTo(1);
        assertThat(created(node.api.post("/v1/shares/" + sa + "/visits").json(Map.of("visitorId", "anon-1")).send()).get("visits").asInt()).isEqualTo(2);
        created(node.api.post("/v1/shares/" + sa + "/visits").auth(tb).send());
        refused(node.api.post("/v1/shares/" + sa + "/visits").send(), 422, "VALIDATION_FAILED");
        refused(node.api.post("/v1/shares/shr_nope/visits").json(Map.of("visitorId", "x")).send(), 404, "NOT_FOUND");
        JsonNode bOrder = created(order(act, tb, Map.of("shareId", sa)));
        String sb = share(act, tb, sa);
        JsonNode cOrder = created(order(act, tc, Map.of("shareId", sb)));
        created(order(act, tb, Map.of("shareId", sb))); // one's own link
        JsonNode f0 = node.api.get("/v1/activities/" + act + "/fission").auth(OPERATOR).send().json();
        assertThat(f0.get("participants").asInt()).as("the tree shows who came through a link").isEqualTo(3);
        assertThat(f0.get("conversions").asInt()).as("an unpaid order does not convert").isZero();
        pay(bOrder.get("orderId").asText());
        pay(cOrder.get("orderId").asText());
        created(order(act, tc, Map.of("shareId", "shr_unknown"))); // a stale link on a seckill order: bought, unattributed
        refused(node.api.post("/v1/shares").auth(tc).json(Map.of("activityId", act, "parentShareId", "shr_nope")).send(), 422, "VALIDATION_FAILED");
        refused(node.api.get("/v1/activities/" + act + "/fission").auth(tb).send(), 403, "FORBIDDEN");

        JsonNode f = node.api.get("/v1/activities/" + act + "/fission").auth(OPERATOR).send().json();
        assertThat(f.get("shares").asInt()).isEqualTo(2);
        assertThat(f.get("visits").asInt()).isEqualTo(3);
        assertThat(f.get("uniqueVisitors").asInt()).isEqualTo(2);
        assertThat(f.get("participants").asInt()).isEqualTo(3);
        assertThat(f.get("conversions").asInt()).isEqualTo(2); // B through A, C through B
        assertThat(f.get("conversionsByKind").get("orders").asInt()).isEqualTo(2);
        assertThat(f.get("newCustomers").asInt()).isEqualTo(2);
        assertThat(f.get("convertedInvitations").asInt()).isEqualTo(2);
        assertThat(f.get("kFactor").asDouble()).isEqualTo(2.0 / 3);
        assertThat(f.get("maxDepth").asInt()).isEqualTo(2);
        assertThat(f.get("depthHistogram").toString()).isEqualTo("{\"0\":1,\"1\":1,\"2\":1}");
        Map<String, Integer> depth = new HashMap<>();
        Map<String, String> invitedBy = new HashMap<>();
        for (JsonNode n : f.get("tree")) {
            depth.put(n.get("buyerId").asText(), n.get("depth").asInt());
            invitedBy.put(n.get("buyerId").asText(), n.get("invitedBy").isNull() ? null : n.get("invitedBy").asText());
        }
        assertThat(depth).isEqualTo(Map.of(a, 0, b, 1, c, 2));
        assertThat(invitedBy.get(b)).isEqualTo(a);
        assertThat(invitedBy.get(c)).isEqualTo(b);
        assertThat(f.get("topSharers").size()).isEqualTo(2);
        assertThat(f.get("topSharers").get(0).get("convertedBuyers").asInt()).isEqualTo(1);
        List<String> types = node.server.store().events(shopOf(act), act, 0, 1_000).stream().map(e -> e.type()).toList();
        assertThat(types).contains("share.created", "share.visited", "order.created");
    }

    /**
     * Issue 12 #6: on a seckill order a share link is only attribution, so a stale one (unknown or
     * of another activity) is dropped and the order goes through; on an inSourcingFission order a
     * link of another activity is the documented 422, answered before the coupons are counted.
     */
    @Test
    void aStaleShareLinkIsDroppedFromASeckillOrderAndRefusedOnAnInSourcingFissionOrder() {
        Instant now = clock.instant();
        String sale = node.api.createActivity(OPERATOR, ApiClient.seckill("stale link", unique("S"), 100, 5, now));
        String other = node.api.createActivity(OPERATOR, ApiClient.seckill("other", unique("S"), 100, 5, now));
        String ta = token(unique("A"), false, List.of(), null), tb = token(unique("B"), true, List.of(), null);
        String foreign = share(other, ta, null);
        for (String link : List.of("shr_unknown", foreign)) pay(created(order(sale, tb, Map.of("shareId", link))).get("orderId").asText());
        JsonNode f = node.api.get("/v1/activities/" + sale + "/fission").auth(OPERATOR).send().json();
        assertThat(f.get("participants").asInt()).as("nobody was brought by a link of this activity").isZero();
        assertThat(f.get("conversions").asInt()).isZero();

        String in = activity("inSourcingFission", Map.of("sku", unique("IN"), "price", 5_000, "stock", 100),
                Map.of("couponsPerUnit", 1), Duration.ofHours(1));
        refused(order(in, tb, Map.of("shareId", foreign)), 422, "VALIDATION_FAILED");
        refused(order(in, tb, Map.of()), 409, "INSUFFICIENT_COUPONS");
    }

    @Test
    void couponsAreGrantedEarnedSpentAndGivenBack() throws Exception {
        String act = activity("inSourcingFission", Map.of("sku", unique("IN"), "price", 5_000, "stock", 1_000, "limitPerBuyer", 50),
                Map.of("couponsPerUnit", 2, "initialCoupons", 4, "couponsPerInvite", 2, "inviteeCoupons", 1, "maxInvitesPerDay", 2),
                Duration.ofHours(5));
        String e = unique("emp"), tEmp = token(e, false, List.of("employee"), null);
        String coupons = "/v1/activities/" + act + "/coupons/me";
        assertThat(node.api.get(coupons).auth(tEmp).send().json().get("balance").asLong()).isEqualTo(4);
        assertThat(node.api.get("/v1/activities/" + act + "/public").send().json().get("coupons").get("couponsPerUnit").asInt()).isEqualTo(2);
        String se = share(act, tEmp, null);
        String tF = token(unique("f"), true, List.of(), null), tG = token(unique("g"), true, List.of(), null), tH = token(unique("h"), true, List.of(), null);
        String claim = "/v1/activities/" + act + "/coupons/claim";
        JsonNode fc = created(node.api.post(claim).auth(tF).json(Map.of("shareId", se)).send());
        assertThat(fc.get("sharerCoupons").asLong()).isEqualTo(2);
        assertThat(fc.get("friendCoupons").asLong()).isEqualTo(1);
        assertThat(fc.get("balance").asLong()).isEqualTo(1);
        refused(node.api.post(claim).auth(tF).json(Map.of("shareId", se)).send(), 409, "ALREADY_CLAIMED");
        refused(node.api.post(claim).auth(tEmp).json(Map.of("shareId", se)).send(), 409, "SELF_INVITE");
        assertThat(created(node.api.post(claim).auth(tG).json(Map.of("shareId", se)).send()).get("sharerCoupons").asLong()).isEqualTo(2);
        assertThat(created(node.api.post(claim).auth(tH).json(Map.of("shareId", se)).send()).get("sharerCoupons").asLong())
                .as("past maxInvitesPerDay the sharer earns nothing more today").isZero();
        assertThat(node.api.get(coupons).auth(tEmp).send().json().get("balance").asLong()).isEqualTo(8);
        refused(order(act, tF, Map.of()), 409, "INSUFFICIENT_COUPONS");

        // 8 coupons, 2 a unit: 4 of 12 concurrent one-unit orders go through
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 12; i++) answers.add(pool.submit(() -> { go.await(); return order(act, tEmp, Map.of()); }));
            go.countDown();
        }
        List<String> placed = new ArrayList<>();
        for (Future<Response> f : answers) {
            Response r = f.get();
            if (r.status() == 201) placed.add(r.text("orderId"));
            else refused(r, 409, "INSUFFICIENT_COUPONS");
        }
        assertThat(placed).hasSize(4);
        assertThat(node.api.get(coupons).auth(tEmp).send().json().get("balance").asLong()).isZero();
        assertThat(node.api.post("/v1/orders/" + placed.get(0) + "/cancel").auth(tEmp).send().status()).isEqualTo(200);
        pay(placed.get(1));
        assertThat(node.api.post("/v1/orders/" + placed.get(1) + "/refund").auth(OPERATOR).send().status()).isEqualTo(200);
        JsonNode me = node.api.get(coupons).auth(tEmp).send().json();
        assertThat(me.get("balance").asLong()).isEqualTo(4);
        assertThat(me.get("earned").asLong()).isEqualTo(4);
        assertThat(me.get("spent").asLong()).isEqualTo(4);
        JsonNode couponStats = node.api.get("/v1/activities/" + act + "/stats").auth(OPERATOR).send().json().get("coupons");
        assertThat(couponStats.get("claims").asInt()).isEqualTo(3);
        assertThat(couponStats.get("initial").asLong()).isEqualTo(4);
        assertThat(couponStats.get("earned").asLong()).isEqualTo(4 + 3); // the sharer's 4, one each for F, G and H
        JsonNode f = node.api.get("/v1/activities/" + act + "/fission").auth(OPERATOR).send().json();
        assertThat(f.get("conversionsByKind").get("claims").asInt()).isEqualTo(3);
        assertThat(f.get("topSharers").get(0).get("buyerId").asText()).isEqualTo(e);
        assertThat(f.get("topSharers").get(0).get("convertedBuyers").asInt()).isEqualTo(3);
        refused(node.api.get("/v1/activities/" + act.replace("act_", "act_X") + "/coupons/me").auth(tEmp).send(), 404, "NOT_FOUND");
    }
    /** 200 helpers at once over HTTP: each counted once, the value exactly base + Σ amounts (uncapped here). */
    @Test
    void twoHundredConcurrentHelpsOverHttpEachCountOnce() throws Exception {
        Instant now = clock.instant();
        String act = activity("helpDepositExpansion", Map.of("sku", unique("P"), "price", 500_000, "stock", 10, "limitPerBuyer", 1),
                presaleRules(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)), 500_000, null), Duration.ofHours(1));
        String deposit = created(order(act, token(unique("initiator"), false, List.of(), "d0"), Map.of())).get("orderId").asText();
        pay(deposit);
        List<Map<String, Object>> buyers = new ArrayList<>();
        for (int i = 0; i < 200; i++)
            buyers.add(Map.of("buyerId", unique("helper" + i), "newCustomer", true, "deviceId", unique("device"), "ttlSeconds", 86_400));
        JsonNode tokens = created(node.api.post("/v1/buyer-tokens").auth(OPERATOR).json(Map.of("buyers", buyers)).send()).get("tokens");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (JsonNode t : tokens) answers.add(pool.submit(() -> { go.await(); return help(deposit, t.get("token").asText(), null, null); }));
            go.countDown();
        }
        for (Future<Response> f : answers) created(f.get());
        JsonNode view = node.api.get("/v1/orders/" + deposit + "/helps?limit=500").auth(OPERATOR).send().json();
        assertThat(view.get("helps").asInt()).isEqualTo(200);
        assertThat(view.get("items").size()).isEqualTo(200);
        assertThat(view.get("value").asLong()).isEqualTo(2_000 + 200 * 500);
    }

    @Test
    void retriesWithAnIdempotencyKeyReplayAndOtherShopsSeeNothing() {
        Instant now = clock.instant();
        String act = activity("helpDepositExpansion", Map.of("sku", unique("P"), "price", 50_000, "stock", 10, "limitPerBuyer", 1),
                presaleRules(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)), 40_000, null), Duration.ofHours(1));
        String owner = token(unique("owner"), false, List.of(), "d-owner");
        String deposit = created(order(act, owner, Map.of())).get("orderId").asText();
        pay(deposit);
        String helper = token(unique("helper"), true, List.of(), unique("dev"));
        Response first = node.api.post("/v1/orders/" + deposit + "/helps").auth(helper).idempotencyKey("help-1").send();
        Response again = node.api.post("/v1/orders/" + deposit + "/helps").auth(helper).idempotencyKey("help-1").send();
        assertThat(created(again).get("helpId").asText()).isEqualTo(created(first).get("helpId").asText());
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        assertThat(node.api.get("/v1/orders/" + deposit + "/helps").auth(OPERATOR).send().json().get("helps").asInt()).isEqualTo(1);
        String sa = share(act, owner, null);
        Response s1 = node.api.post("/v1/shares/" + sa + "/visits").idempotencyKey("v-1").json(Map.of("visitorId", "anon-9")).send();
        Response s2 = node.api.post("/v1/shares/" + sa + "/visits").idempotencyKey("v-1").json(Map.of("visitorId", "anon-9")).send();
        assertThat(created(s2).get("visits").asInt()).isEqualTo(created(s1).get("visits").asInt()).isEqualTo(1);

        // another shop's key and buyers: the deposit, its helps, the share and the activity are 404
        String otherKey = created(node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "other")).send()).get("apiKey").asText();
        Response t = node.api.post("/v1/buyer-tokens").auth(otherKey).json(Map.of("buyerId", "stranger", "newCustomer", true, "deviceId", "dx")).send();
        String stranger = created(t).get("token").asText();
        refused(help(deposit, stranger, null, null), 404, "NOT_FOUND");
        refused(node.api.get("/v1/orders/" + deposit + "/helps").auth(otherKey).send(), 404, "NOT_FOUND");
        refused(node.api.post("/v1/orders/" + deposit + "/balance").auth(stranger).send(), 404, "NOT_FOUND");
        refused(node.api.post("/v1/shares/" + sa + "/visits").auth(stranger).send(), 404, "NOT_FOUND");
        refused(node.api.post("/v1/shares").auth(stranger).json(Map.of("activityId", act)).send(), 404, "NOT_FOUND");
        refused(node.api.get("/v1/activities/" + act + "/fission").auth(otherKey).send(), 404, "NOT_FOUND");
    }

    @Test
    void aGroupOrderThroughAShareLinkIsAttributedToo() {
        String sku = unique("G");
        String act = activity("groupOn", Map.of("sku", sku, "price", 12_900, "groupPrice", 9_900, "stock", 100, "limitPerBuyer", 1),
                Map.of("groupSize", 2), Duration.ofHours(3));
        String leader = token(unique("leader"), false, List.of(), null), friend = token(unique("friend"), true, List.of(), null);
        String s = share(act, leader, null);
        JsonNode opened = created(order(act, leader, Map.of()));
        pay(opened.get("orderId").asText());
        JsonNode joined = created(order(act, friend, Map.of("groupId", opened.get("groupId").asText(), "shareId", s)));
        assertThat(joined.get("groupId").asText()).isEqualTo(opened.get("groupId").asText());
        pay(joined.get("orderId").asText()); // only a paid order converts
        JsonNode f = node.api.get("/v1/activities/" + act + "/fission").auth(OPERATOR).send().json();
        assertThat(f.get("conversionsByKind").get("orders").asInt()).isEqualTo(1);
        assertThat(f.get("newCustomers").asInt()).isEqualTo(1);
        assertThat(f.get("kFactor").asDouble()).isEqualTo(0.5);
    }
}
