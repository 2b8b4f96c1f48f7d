package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /v1/audit on a real node: one merchant write of every audited kind, each sent with its own
 * {@code X-Request-Id}, shows up with the key's id and that request id; a refused write adds
 * nothing; the filters and the cursor work; a buyer token, no credential and another shop's key
 * read nothing of the shop's log; and no key, token or webhook secret used appears in any entry.
 */
class AuditHttpTest {
    static final String OPERATOR = "pck_audithttptestoperatorkey0000000001";
    static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);

    static ApiClient api;
    static String shopKey, shopKeyId, otherKey, secondKey, secondKeyId, readerKey, activity, order;
    static Instant before, between;
    /** Each audited write: the request id it was sent with, and its action. */
    static final Map<String, String> SENT = new LinkedHashMap<>();
    /** Every secret the writes used or were answered: none may appear in the log. */
    static final List<String> SECRETS = new ArrayList<>();

    private static Response write(String method, String path, String key, String requestId, Object body) {
        ApiClient.Call call = api.call(method, path).auth(key).header("X-Request-Id", requestId).idempotencyKey("idem-" + requestId);
        if (body != null) call.json(body);
        Response r = call.send();
        assertThat(r.status()).as("%s %s: %s", method, path, r).isBetween(200, 299);
        assertThat(r.header("X-Request-Id")).hasValue(requestId);
        return r;
    }

    private static Response audited(String action, String method, String path, String requestId, Object body) {
        SENT.put(requestId, action);
        return write(method, path, shopKey, requestId, body);
    }

    @BeforeAll
    static void writeOneOfEach() {
        api = node.api;
        Response shop = write("POST", "/v1/shops", OPERATOR, "r-shop", Map.of("name", "Audited"));
        shopKey = shop.text("apiKey");
        otherKey = write("POST", "/v1/shops", OPERATOR, "r-shop-2", Map.of("name", "Elsewhere")).text("apiKey");
        shopKeyId = api.get("/v1/keys").auth(shopKey).send().json().get("items").get(0).get("id").asText();
        SECRETS.addAll(List.of(OPERATOR, shopKey, otherKey));
        before = node.clock.instant().truncatedTo(ChronoUnit.MILLIS); // the store keeps milliseconds

        Instant now = node.clock.instant();
        activity = audited("activity.create", "POST", "/v1/activities", "r-create", seckill("Audit", "AU-1", 10, 2, now)).text("id");
        audited("activity.update", "PATCH", "/v1/activities/" + activity, "r-edit", Map.of("name", "Audit, renamed"));
        String token = api.token(shopKey, "ann");
        SECRETS.add(token);
        order = api.post("/v1/activities/" + activity + "/orders").auth(token).json(Map.of("quantity", 1)).send().text("orderId");
        audited("order.pay", "POST", "/v1/orders/" + order + "/pay", "r-pay", Map.of("paymentRef", "wx-42"));
        Response tooMuch = api.post("/v1/orders/" + order + "/refund").auth(shopKey).header("X-Request-Id", "r-refused")
                .json(Map.of("amount", 1_000_000)).send();
        assertThat(tooMuch.code()).as("%s", tooMuch).isEqualTo("REFUND_EXCEEDS_PAID");
        audited("order.refund", "POST", "/v1/orders/" + order + "/refund", "r-refund", Map.of("amount", 100, "reason", "scratched"));
        String unpaid = api.post("/v1/activities/" + activity + "/orders").auth(shopKey).buyer("bob").json(Map.of("quantity", 1)).send().text("orderId");
        audited("order.cancel", "POST", "/v1/orders/" + unpaid + "/cancel", "r-cancel", null);

        String fCode = audited("activity.create", "POST", "/v1/activities", "r-create-f", FCodeHttpTest.fCode("AU-F", 10, Map.of(), now)).text("id");
        audited("fcode.generate", "POST", "/v1/activities/" + fCode + "/codes", "r-codes", Map.of("count", 3));
        String present = audited("activity.create", "POST", "/v1/activities", "r-create-p", Map.of("type", "presentExchange", "name", "Gift",
                "startsAt", now.minusSeconds(60).toString(), "endsAt", now.plus(Duration.ofHours(1)).toString(),
                "items", List.of(Map.of("sku", "AU-G", "stock", 10)), "rules", Map.of("openClaims", false))).text("id");
        audited("present.grant", "POST", "/v1/activities/" + present + "/grants", "r-grant", Map.of("buyerIds", List.of("vip1")));

        audited("points.earn", "POST", "/v1/points/earn", "r-earn", Map.of("buyerId", "ann", "amount", 500, "reason", "welcome"));
        audited("points.spend", "POST", "/v1/points/spend", "r-spend", Map.of("buyerId", "ann", "amount", 10, "reason", "coupon"));
        audited("points.settings", "PUT", "/v1/points/settings", "r-settings", Map.of("enabled", true, "minAmount", 1, "maxAmount", 1000));
        audited("settings.limits", "PUT", "/v1/settings/limits", "r-limits", Map.of("enabled", true));
        audited("cors.settings", "PUT", "/v1/settings/cors", "r-cors", Map.of("allowedOrigins", List.of("https://audited.example.com")));
        SENT.put("r-transfer", "points.transfer");
        assertThat(api.post("/v1/points/transfers").auth(shopKey).header("X-Buyer-Id", "ann").header("X-Request-Id", "r-transfer")
                .idempotencyKey("idem-transfer").json(Map.of("toBuyerId", "bob", "amount", 20)).send().status()).isEqualTo(201);
        String freeze = audited("points.freeze", "POST", "/v1/points/freezes", "r-freeze", Map.of("buyerId", "ann", "amount", 30)).text("freezeId");
        audited("points.consume", "POST", "/v1/points/freezes/" + freeze + "/consume", "r-consume", null);
        String held = audited("points.freeze", "POST", "/v1/points/freezes", "r-freeze-2", Map.of("buyerId", "ann", "amount", 5)).text("freezeId");
        audited("points.release", "POST", "/v1/points/freezes/" + held + "/release", "r-release", null);
        audited("points.revert", "POST", "/v1/points/freezes/" + freeze + "/revert", "r-revert", null);

        node.clock.advance(Duration.ofMinutes(10));
        between = node.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Response key = audited("key.create", "POST", "/v1/keys", "r-key", Map.of("name", "second", "scope", "write"));
        secondKey = key.text("key");
        secondKeyId = key.text("id");
        SECRETS.add(secondKey);
        SENT.put("r-second", "points.earn");
        write("POST", "/v1/points/earn", secondKey, "r-second", Map.of("buyerId", "bob", "amount", 1));
        audited("key.revoke", "DELETE", "/v1/keys/" + secondKeyId, "r-revoke", null);
        readerKey = audited("key.create", "POST", "/v1/keys", "r-reader", Map.of("name", "auditor", "scope", "read")).text("key");
        SECRETS.add(readerKey);

        JsonNode hook = audited("webhook.create", "POST", "/v1/webhooks", "r-hook", Map.of("url", "http://127.0.0.1:9/hook/path-token",
                "events", List.of("activity.*"))).json();
        String hookId = hook.get("id").asText();
        SECRETS.add(hook.get("secret").asText());
        SECRETS.add(audited("webhook.rotate_secret", "POST", "/v1/webhooks/" + hookId + "/rotate-secret", "r-rotate", null).text("secret"));
        audited("activity.cancel", "POST", "/v1/activities/" + activity + "/cancel", "r-act-cancel", null); // an event for the webhook
        String delivery = ApiClient.awaitValue("a delivery to redeliver", WAIT, () -> {
            JsonNode items = api.get("/v1/webhooks/" + hookId + "/deliveries").auth(shopKey).send().json().get("items");
            return items.isEmpty() ? null : items.get(0).get("id").asText();
        });
        audited("webhook.redeliver", "POST", "/v1/webhooks/" + hookId + "/deliveries/" + delivery + "/redeliver", "r-redeliver", null);
        audited("webhook.delete", "DELETE", "/v1/webhooks/" + hookId, "r-hook-delete", null);
    }

    private static List<JsonNode> entries(String query) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            Response r = api.get("/v1/audit?limit=500" + query + (cursor == null ? "" : "&cursor=" + cursor)).auth(shopKey).send();
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            r.json().get("items").forEach(out::add);
            cursor = r.text("nextCursor");
        } while (cursor != null);
        return out;
    }

    @Test
    void everyMerchantWriteIsThereWithItsKeyAndRequestId() {
        List<JsonNode> all = entries("");
        Map<String, String> seen = new LinkedHashMap<>();
        for (JsonNode e : all) {
            String requestId = e.get("requestId").asText();
            assertThat(e.get("keyId").asText()).as("%s", e).isEqualTo(requestId.equals("r-second") ? secondKeyId : shopKeyId);
            assertThat(seen.put(requestId, e.get("action").asText())).as("one entry per write: %s", e).isNull();
        }
        assertThat(seen).containsExactlyInAnyOrderEntriesOf(SENT);
        assertThat(all).as("newest first").extracting(e -> e.get("id").asText()).isSortedAccordingTo((a, b) -> b.compareTo(a));
        JsonNode refund = all.stream().filter(e -> e.get("action").asText().equals("order.refund")).findFirst().orElseThrow();
        assertThat(refund.get("targetType").asText()).isEqualTo("order");
        assertThat(refund.get("targetId").asText()).isEqualTo(order);
        assertThat(refund.get("summary").get("refunded").asLong()).isEqualTo(100);
        assertThat(refund.get("summary").get("reason").asText()).isEqualTo("scratched");
        assertThat(Instant.parse(refund.get("at").asText())).isEqualTo(before);

        // the operator's shop has the shops it created, made with the operator's key
        Response ops = api.get("/v1/audit?action=shop.create").auth(OPERATOR).send();
        assertThat(ops.json().get("items")).hasSize(2);
        assertThat(ops.json().get("items").get(1).get("requestId").asText()).isEqualTo("r-shop");
        assertThat(ops.json().get("items").get(1).get("summary").get("name").asText()).isEqualTo("Audited");
    }

    @Test
    void filtersAndTheCursorNarrowAndPage() {
        assertThat(entries("&action=order.refund")).singleElement().satisfies(e -> assertThat(e.get("requestId").asText()).isEqualTo("r-refund"));
        assertThat(entries("&target=" + activity)).extracting(e -> e.get("action").asText())
                .containsExactly("activity.cancel", "activity.update", "activity.create");
        assertThat(entries("&keyId=" + secondKeyId)).extracting(e -> e.get("requestId").asText()).containsExactly("r-second");
        List<JsonNode> later = entries("&from=" + between);
        assertThat(later).extracting(e -> e.get("action").asText()).contains("key.create", "webhook.delete").doesNotContain("order.pay");
        assertThat(entries("&to=" + between)).hasSize(entries("").size() - later.size());
        assertThat(entries("&to=" + before)).isEmpty();
        assertThat(entries("&action=order.pay&from=" + before + "&to=" + between)).hasSize(1);

        // pages of 3 cover the log once, newest first
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Response page = api.get("/v1/audit?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).auth(shopKey).send();
            assertThat(page.json().get("items").size()).isBetween(1, 3);
            page.json().get("items").forEach(e -> paged.add(e.get("id").asText()));
            cursor = page.text("nextCursor");
        } while (cursor != null);
        assertThat(paged).isEqualTo(entries("").stream().map(e -> e.get("id").asText()).toList());

        for (String bad : List.of("limit=501", "limit=0", "from=yesterday", "to=2030-01-01", "from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z",
                "action=", "keyId=" + "k".repeat(129))) {
            Response r = api.get("/v1/audit?" + bad).auth(shopKey).send();
            assertThat(r.status()).as(bad).isEqualTo(422);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
        }
    }

    @Test
    void onlyTheShopsOwnKeysReadItAndNoSecretIsInIt() {
        assertThat(api.get("/v1/audit").send().status()).isEqualTo(401);
        Response buyer = api.get("/v1/audit").auth(api.token(shopKey, "ann")).send();
        assertThat(buyer.status()).isEqualTo(403);
        assertThat(buyer.code()).isEqualTo("FORBIDDEN");
        assertThat(api.get("/v1/audit").auth(secondKey).send().status()).as("a revoked key").isEqualTo(401);
        assertThat(api.get("/v1/audit").auth(otherKey).send().json().get("items")).as("another shop's log: its own, empty").isEmpty();
        assertThat(api.get("/v1/audit?target=" + activity).auth(OPERATOR).send().json().get("items")).isEmpty();
        assertThat(api.get("/v1/audit?action=order.pay").auth(readerKey).send().json().get("items")).as("a read-only key reads it").hasSize(1);

        String everything = api.get("/v1/audit?limit=500").auth(shopKey).send().body() + api.get("/v1/audit?limit=500").auth(OPERATOR).send().body();
        assertThat(SECRETS).hasSizeGreaterThanOrEqualTo(8);
        for (String secret : SECRETS) assertThat(everything).as("a secret in the audit log").doesNotContain(secret);
        assertThat(everything).doesNotContain("path-token");
    }
}
