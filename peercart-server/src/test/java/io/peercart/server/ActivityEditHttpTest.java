package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import io.peercart.store.StoreFixtures;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PATCH /v1/activities/{id} (JSON merge patch) and targeting, over HTTP on a real node with a
 * test clock: what may change before and after the start, every refusal, added stock sold after
 * a sell-out (on one node and on two nodes of one PostgreSQL), the event, idempotency; and the
 * targeting conditions on seckill, groupOn and a helpDepositExpansion help.
 */
class ActivityEditHttpTest {
    static final String OPERATOR = "pck_activityedithttptestoperatorkey00001";

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);

    static String unique(String tag) { return tag + "-" + UUID.randomUUID().toString().substring(0, 8); }

    /** A seckill of one sku starting {@code startsIn} from now (negative: running), ending in a day. */
    static Map<String, Object> seckill(String sku, long stock, Duration startsIn) {
        Instant now = node.clock.instant();
        Map<String, Object> a = new LinkedHashMap<>(ApiClient.seckill("edit me", sku, stock, 1, now));
        a.put("startsAt", now.plus(startsIn).toString());
        return a;
    }

    static Response patch(String id, Object body) {
        return node.api.patch("/v1/activities/" + id).auth(OPERATOR).json(body).contentType("application/merge-patch+json").send();
    }

    static JsonNode ok(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    static void refused(Response r, int status, String code, String detailStart) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.text("code")).as("%s", r).isEqualTo(code);
        if (detailStart != null) assertThat(r.text("detail")).as("%s", r).startsWith(detailStart);
    }

    static String token(String buyerId, boolean newCustomer, List<String> tags) {
        Map<String, Object> body = new HashMap<>(Map.of("buyerId", buyerId, "newCustomer", newCustomer, "tags", tags, "ttlSeconds", 86_400,
                "deviceId", "dev-" + buyerId));
        Response r = node.api.post("/v1/buyer-tokens").auth(OPERATOR).json(body).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.text("token");
    }

    static Response order(ApiClient api, String activity, String token, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("quantity", 1));
        body.putAll(extra);
        return api.post("/v1/activities/" + activity + "/orders").auth(token).json(body).send();
    }

    @Test
    void beforeStartAnyFieldChangesAndIsValidatedAsACreation() {
        String sku = unique("B");
        String id = node.api.createActivity(OPERATOR, seckill(sku, 10, Duration.ofHours(1)));
        Instant later = node.clock.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        JsonNode a = ok(patch(id, Map.of("startsAt", later.toString(), "payWindowSeconds", 600,
                "items", List.of(Map.of("sku", sku, "price", 5000, "stock", 3)), "rules", Map.of("timeSlots", List.of("10:00-12:00")),
                "targeting", Map.of("newCustomersOnly", true, "requiredTags", List.of("vip")))));
        assertThat(a.get("startsAt").asText()).isEqualTo(later.toString());
        assertThat(a.get("payWindowSeconds").asInt()).isEqualTo(600);
        assertThat(a.get("items").get(0).get("price").asLong()).isEqualTo(5000);
        assertThat(a.get("items").get(0).get("stock").asLong()).isEqualTo(3);
        assertThat(a.get("items").get(0).get("originalPrice").asLong()).as("kept").isEqualTo(19900);
        assertThat(a.get("targeting").get("requiredTags").get(0).asText()).isEqualTo("vip");
        assertThat(node.api.get("/v1/activities/" + id).auth(OPERATOR).send().json()).isEqualTo(a);
        // null removes: the rule, then the targeting
        JsonNode cleared = ok(patch(id, Map.of("rules", Map.of("timeSlots", List.of()), "targeting", Map.of("requiredTags", List.of()))));
        assertThat(cleared.get("targeting").get("newCustomersOnly").asBoolean()).as("merged, not replaced").isTrue();
        assertThat(cleared.get("targeting").get("requiredTags")).isEmpty();
        var body = new HashMap<String, Object>();
        body.put("targeting", null);
        assertThat(ok(patch(id, body)).get("targeting").get("newCustomersOnly").asBoolean()).isFalse();
        // validated as a creation; a new sku may be added before start
        refused(patch(id, Map.of("endsAt", later.minusSeconds(1).toString())), 422, "VALIDATION_FAILED", "endsAt: must be after startsAt");
        refused(patch(id, Map.of("items", List.of(Map.of("sku", sku, "stock", 0)))), 422, "VALIDATION_FAILED", "items[0].stock");
        refused(patch(id, Map.of("type", "auction")), 422, "NOT_EDITABLE", "type:");
        refused(patch(id, Map.of("targeting", Map.of("requiredTags", List.of("x".repeat(65))))), 422, "VALIDATION_FAILED", "targeting.requiredTags");
        JsonNode two = ok(patch(id, Map.of("items", List.of(Map.of("sku", sku + "-2", "price", 100, "stock", 5)))));
        assertThat(two.get("items")).hasSize(2);
        // the sku-overlap rule: another activity holding the sku during the new window
        String other = unique("O");
        node.api.createActivity(OPERATOR, seckill(other, 1, Duration.ofHours(1)));
        refused(patch(id, Map.of("items", List.of(Map.of("sku", other, "price", 100, "stock", 5)))), 409, "SKU_CONFLICT", null);
    }

    @Test
    void badBodiesAreRefusedBeforeAnything() {
        String sku = unique("X");
        String id = node.api.createActivity(OPERATOR, seckill(sku, 10, Duration.ofHours(1)));
        refused(patch(id, Map.of("nmae", "typo")), 422, "UNKNOWN_FIELD", "nmae: unknown field; did you mean name?");
        refused(patch(id, Map.of("items", List.of(Map.of("sku", sku, "stok", 3)))), 422, "UNKNOWN_FIELD", "items[0].stok");
        refused(patch(id, Map.of("items", List.of(Map.of("stock", 3)))), 422, "VALIDATION_FAILED", "items[0].sku: required");
        refused(patch(id, Map.of("limits", Map.of("perBuyer", 2))), 422, "VALIDATION_FAILED", "limits:");
        refused(patch(id, Map.of("endsAt", "tomorrow")), 422, "VALIDATION_FAILED", "endsAt:");
        refused(patch(id, "[1]"), 422, "VALIDATION_FAILED", null);
        refused(patch(id, "{"), 400, "MALFORMED_JSON", null);
        refused(node.api.patch("/v1/activities/" + id).auth(OPERATOR).json(Map.of("name", "x")).contentType("text/plain").send(),
                415, "UNSUPPORTED_MEDIA_TYPE", null);
        refused(patch("act_unknown", Map.of("name", "x")), 404, "NOT_FOUND", null);
        refused(node.api.patch("/v1/activities/" + id).auth(token(unique("b"), true, List.of())).json(Map.of("name", "x")).send(),
                403, "FORBIDDEN", null);
        assertThat(node.api.get("/v1/activities/" + id).auth(OPERATOR).send().json().get("name").asText()).isEqualTo("edit me");
        // plain application/json is accepted too
        assertThat(ok(node.api.patch("/v1/activities/" + id).auth(OPERATOR).json(Map.of("name", "plain")).send()).get("name").asText())
                .isEqualTo("plain");
    }

    @Test
    void afterStartOnlyALaterEndANameAndMoreStock() {
        String sku = unique("R");
        String id = node.api.createActivity(OPERATOR, seckill(sku, 10, Duration.ofMinutes(-1)));
        String endsAt = node.api.get("/v1/activities/" + id).auth(OPERATOR).send().text("endsAt");
        Instant end = Instant.parse(endsAt);
        Map<String, Object> frozen = new LinkedHashMap<>();
        frozen.put("startsAt", Map.of("startsAt", node.clock.instant().toString()));
        frozen.put("endsAt: may only move later", Map.of("endsAt", end.minusSeconds(60).toString()));
        frozen.put("payWindowSeconds", Map.of("payWindowSeconds", 900));
        frozen.put("rules.timeZone", Map.of("rules", Map.of("timeZone", "UTC")));
        frozen.put("targeting", Map.of("targeting", Map.of("newCustomersOnly", true)));
        frozen.put("items[" + sku + "].stock: may only be raised", Map.of("items", List.of(Map.of("sku", sku, "stock", 9))));
        frozen.put("items[" + sku + "].price", Map.of("items", List.of(Map.of("sku", sku, "price", 1))));
        frozen.put("items[" + sku + "].limitPerBuyer", Map.of("items", List.of(Map.of("sku", sku, "limitPerBuyer", 2, "limitPerOrder", 1))));
        frozen.put("items[NEW-" + sku + "]: no new item", Map.of("items", List.of(Map.of("sku", "NEW-" + sku, "price", 1, "stock", 1))));
        frozen.forEach((field, body) -> refused(patch(id, body), 422, "NOT_EDITABLE", field));
        JsonNode a = ok(patch(id, Map.of("name", "extended", "endsAt", end.plus(Duration.ofHours(1)).toString(),
                "items", List.of(Map.of("sku", sku, "stock", 12)))));
        assertThat(a.get("name").asText()).isEqualTo("extended");
        assertThat(Instant.parse(a.get("endsAt").asText())).isEqualTo(end.plus(Duration.ofHours(1)));
        assertThat(a.get("items").get(0).get("stock").asLong()).isEqualTo(12);
        assertThat(ApiClient.assertStockAddsUp(node.api.stats(OPERATOR, id)).get("total").asLong()).isEqualTo(12);
    }

    @Test
    void endedOrCancelledActivitiesAreNotEdited() {
        String cancelled = node.api.createActivity(OPERATOR, seckill(unique("C"), 10, Duration.ofHours(1)));
        assertThat(node.api.post("/v1/activities/" + cancelled + "/cancel").auth(OPERATOR).send().status()).isEqualTo(200);
        refused(patch(cancelled, Map.of("name", "x")), 409, "ACTIVITY_NOT_EDITABLE", "the activity was cancelled");
        Map<String, Object> short_ = seckill(unique("E"), 10, Duration.ofMinutes(-10));
        short_.put("endsAt", node.clock.instant().plusSeconds(5).toString());
        String ended = node.api.createActivity(OPERATOR, short_);
        node.clock.advance(Duration.ofSeconds(6));
        refused(patch(ended, Map.of("endsAt", node.clock.instant().plus(Duration.ofHours(1)).toString())), 409, "ACTIVITY_NOT_EDITABLE",
                "the activity has ended");
    }

    /** Stock added after a sell-out sells at once; the edit publishes activity.updated and replays under its key. */
    @Test
    void stockAddedAfterASellOutSellsAndTheEditIsAnEventAndIdempotent() {
        String sku = unique("S");
        String id = node.api.createActivity(OPERATOR, seckill(sku, 2, Duration.ofMinutes(-1)));
        for (int i = 0; i < 2; i++) assertThat(order(node.api, id, token(unique("b"), false, List.of()), Map.of()).status()).isEqualTo(201);
        refused(order(node.api, id, token(unique("b"), false, List.of()), Map.of()), 409, "SOLD_OUT", null);
        Map<String, Object> more = Map.of("items", List.of(Map.of("sku", sku, "stock", 5)));
        Response first = node.api.patch("/v1/activities/" + id).auth(OPERATOR).idempotencyKey("more-" + id).json(more).send();
        ok(first);
        Response again = node.api.patch("/v1/activities/" + id).auth(OPERATOR).idempotencyKey("more-" + id).json(more).send();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(again.json()).isEqualTo(first.json());
        refused(node.api.patch("/v1/activities/" + id).auth(OPERATOR).idempotencyKey("more-" + id).json(Map.of("name", "other")).send(),
                422, "IDEMPOTENCY_KEY_REUSED", null);
        for (int i = 0; i < 3; i++) assertThat(order(node.api, id, token(unique("b"), false, List.of()), Map.of()).status()).isEqualTo(201);
        refused(order(node.api, id, token(unique("b"), false, List.of()), Map.of()), 409, "SOLD_OUT", null);
        JsonNode stats = ApiClient.assertStockAddsUp(node.api.stats(OPERATOR, id));
        assertThat(stats.get("total").asLong()).isEqualTo(5);
        try (SseClient events = SseClient.open(node.server.port(), "/v1/activities/" + id + "/events", OPERATOR, 0)) {
            List<SseClient.Event> upTo = events.takeUntil("activity.updated", Duration.ofSeconds(20));
            assertThat(upTo.getLast().type()).isEqualTo("activity.updated");
            assertThat(upTo.getLast().data().get("activityId").asText()).isEqualTo(id);
        }
    }

    @Test
    void targetingRefusesEachConditionOnEveryKindOfParticipation() {
        Map<String, Object> targeting = Map.of("newCustomersOnly", true, "requiredTags", List.of("vip"), "excludedBuyers", List.of("banned"));
        // seckill
        Map<String, Object> s = seckill(unique("T"), 10, Duration.ofMinutes(-1));
        s.put("targeting", targeting);
        String seckill = node.api.createActivity(OPERATOR, s);
        refused(order(node.api, seckill, token("banned", true, List.of("vip")), Map.of()), 403, "NOT_ELIGIBLE", "this buyer is excluded");
        refused(order(node.api, seckill, token(unique("old"), false, List.of("vip")), Map.of()), 403, "NOT_ELIGIBLE", "only new customers may take part");
        refused(order(node.api, seckill, token(unique("plain"), true, List.of("other")), Map.of()), 403, "NOT_ELIGIBLE", "requires the tag vip");
        // a merchant acting for a buyer has no token facts: not new, no tags
        refused(node.api.post("/v1/activities/" + seckill + "/orders").auth(OPERATOR).buyer(unique("acted")).json(Map.of("quantity", 1)).send(),
                403, "NOT_ELIGIBLE", "only new customers may take part");
        assertThat(order(node.api, seckill, token(unique("ok"), true, List.of("vip", "x")), Map.of()).status()).isEqualTo(201);
        JsonNode pub = node.api.get("/v1/activities/" + seckill + "/public").send().json();
        assertThat(pub.get("targeting").get("requiredTags").get(0).asText()).isEqualTo("vip");
        assertThat(pub.get("targeting").has("excludedBuyers")).as("never shown to buyers").isFalse();
        assertThat(pub.toString()).doesNotContain("banned");
        // groupOn: opening and joining
        Instant now = node.clock.instant();
        Map<String, Object> g = new LinkedHashMap<>(Map.of("type", "groupOn", "name", "group", "startsAt", now.minusSeconds(60).toString(),
                "endsAt", now.plus(Duration.ofDays(1)).toString(), "rules", Map.of("groupSize", 2),
                "items", List.of(Map.of("sku", unique("G"), "groupPrice", 100, "stock", 10)), "targeting", Map.of("requiredTags", List.of("club"))));
        String group = node.api.createActivity(OPERATOR, g);
        refused(order(node.api, group, token(unique("g"), true, List.of()), Map.of()), 403, "NOT_ELIGIBLE", "requires the tag club");
        Response opened = order(node.api, group, token(unique("leader"), false, List.of("club")), Map.of());
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        String groupId = opened.text("groupId");
        refused(order(node.api, group, token(unique("joiner"), true, List.of()), Map.of("groupId", groupId)), 403, "NOT_ELIGIBLE",
                "requires the tag club");
        // helpDepositExpansion: the help
        Map<String, Object> rules = new HashMap<>(Map.of("deposit", 1_000, "baseValue", 2_000, "maxValue", 5_000, "helpAmount", 500,
                "balanceStartsAt", now.plus(Duration.ofDays(2)).toString(), "balanceEndsAt", now.plus(Duration.ofDays(3)).toString()));
        Map<String, Object> h = new LinkedHashMap<>(Map.of("type", "helpDepositExpansion", "name", "presale", "startsAt", now.minusSeconds(60).toString(),
                "endsAt", now.plus(Duration.ofDays(1)).toString(), "rules", rules,
                "items", List.of(Map.of("sku", unique("H"), "price", 20_000, "stock", 10)), "targeting", Map.of("excludedBuyers", List.of("helper-banned"))));
        String presale = node.api.createActivity(OPERATOR, h);
        Response deposit = order(node.api, presale, token(unique("initiator"), false, List.of()), Map.of());
        assertThat(deposit.status()).as("%s", deposit).isEqualTo(201);
        String depositId = deposit.text("orderId");
        assertThat(node.api.post("/v1/orders/" + depositId + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "p-" + depositId)).send().status())
                .isEqualTo(200);
        refused(node.api.post("/v1/orders/" + depositId + "/helps").auth(token("helper-banned", true, List.of())).send(), 403, "NOT_ELIGIBLE",
                "this buyer is excluded");
        assertThat(node.api.post("/v1/orders/" + depositId + "/helps").auth(token(unique("helper"), true, List.of())).send().status()).isEqualTo(201);
    }

    /**
     * Two nodes on one PostgreSQL: node two answers sold-out from memory, node one adds stock, and
     * node two sells the added units within the documented bound (its sold-out memory is rechecked
     * after 250 ms, its activity cache after 1 s of its clock).
     */
    @Test
    void aPeerThatAnsweredSoldOutSellsAddedStock(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock();
        try (TestDatabase db = StoreFixtures.postgresDatabase();
             PeerCartServer one = PeerCartServer.start(ServerConfig.embedded(dir.resolve("one"), 0).withAdminKey(OPERATOR).withClock(clock)
                     .withDatabase(db.url(), db.user(), db.password()).withSecretKeys(db.secretKey(), null));
             PeerCartServer two = PeerCartServer.start(ServerConfig.embedded(dir.resolve("two"), 0).withAdminKey(OPERATOR).withClock(clock)
                     .withDatabase(db.url(), db.user(), db.password()).withSecretKeys(db.secretKey(), null))) {
            ApiClient apiOne = new ApiClient(one.port()), apiTwo = new ApiClient(two.port());
            String sku = unique("P");
            String id = apiOne.createActivity(OPERATOR, ApiClient.seckill("peers", sku, 2, 1, clock.instant()));
            for (int i = 0; i < 2; i++)
                assertThat(order(apiTwo, id, apiTwo.token(OPERATOR, unique("b")), Map.of()).status()).isEqualTo(201);
            refused(order(apiTwo, id, apiTwo.token(OPERATOR, unique("b")), Map.of()), 409, "SOLD_OUT", null);
            Response edited = apiOne.patch("/v1/activities/" + id).auth(OPERATOR).json(Map.of("items", List.of(Map.of("sku", sku, "stock", 4)))).send();
            assertThat(edited.status()).as("%s", edited).isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
            for (int i = 0; i < 2; i++)
                assertThat(order(apiTwo, id, apiTwo.token(OPERATOR, unique("b")), Map.of()).status()).as("added unit %s on the peer", i).isEqualTo(201);
            refused(order(apiTwo, id, apiTwo.token(OPERATOR, unique("b")), Map.of()), 409, "SOLD_OUT", null);
            assertThat(ApiClient.assertStockAddsUp(apiOne.stats(OPERATOR, id)).get("total").asLong()).isEqualTo(4);
            assertThat(apiOne.serverErrors()).isEmpty();
            assertThat(apiTwo.serverErrors()).isEmpty();
        }
    }
}
