package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.peercart.server.ApiClient.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /v1/keys on a real node: creation (the key shown once, not even in an idempotent replay),
 * listing without secrets, revocation and its refusals (another shop's id, the operator key, the
 * last write key), a revoked key refused, bad input refused with nothing created, and read-only
 * keys refused on every write the API documents, while they read.
 */
class KeysHttpTest {
    static final String OPERATOR = "pck_keyshttptestoperatorkey000000000001";

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);

    static ApiClient api;
    static String activity, order;

    @BeforeAll
    static void start() {
        api = node.api;
        activity = api.createActivity(OPERATOR, seckill("Keys", "KEY-1", 100, 5, node.clock.instant()));
        Response placed = api.post("/v1/activities/" + activity + "/orders").auth(OPERATOR).buyer("k1").json(Map.of("quantity", 1)).send();
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        order = placed.text("orderId");
    }

    private static Response create(String key, Object body) {
        return api.post("/v1/keys").auth(key).json(body).send();
    }

    private static JsonNode created(String key, String name, String scope) {
        Response r = create(key, Map.of("name", name, "scope", scope));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    private static List<JsonNode> list(String key) {
        Response r = api.get("/v1/keys").auth(key).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("items").forEach(out::add);
        return out;
    }

    private static Response revoke(String key, String id) {
        return api.call("DELETE", "/v1/keys/" + id).auth(key).send();
    }

    private static void assertProblem(Response r, int status, String code, String detail) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo(code);
        if (detail != null) assertThat(r.text("detail")).contains(detail);
    }

    /** A shop of its own: its id and its first key. */
    private static String[] newShop(String name) {
        Response r = api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", name)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return new String[]{r.text("shopId"), r.text("apiKey")};
    }

    @Test
    void aKeyIsShownOnceListedWithoutItsSecretAndWorks() {
        Response first = api.post("/v1/keys").auth(OPERATOR).idempotencyKey("key-create-1")
                .json(Map.of("name", "  backend  ")).send();
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        String secret = first.text("key");
        assertThat(secret).startsWith("pck_").hasSize(52).startsWith(first.text("hint"));
        assertThat(first.text("name")).isEqualTo("backend");
        assertThat(first.text("scope")).isEqualTo("write");
        assertThat(first.text("role")).isEqualTo("merchant");
        assertThat(first.text("revokedAt")).isNull();
        assertThat(first.text("id")).startsWith("key_");

        // the replay: the same key, its secret not stored anywhere, so not shown again
        Response replay = api.post("/v1/keys").auth(OPERATOR).idempotencyKey("key-create-1").json(Map.of("name", "  backend  ")).send();
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).hasValue("true");
        assertThat(replay.text("id")).isEqualTo(first.text("id"));
        assertThat(replay.json().has("key")).isTrue();
        assertThat(replay.text("key")).isNull();
        assertThat(list(OPERATOR)).filteredOn(k -> k.get("name").asText().equals("backend")).hasSize(1);

        List<JsonNode> keys = list(OPERATOR);
        assertThat(keys.toString()).doesNotContain(secret, OPERATOR);
        JsonNode operator = keys.getFirst();
        assertThat(operator.get("role").asText()).isEqualTo("operator");
        assertThat(operator.get("name").asText()).isEqualTo("operator");
        assertThat(operator.get("hint").isNull()).as("a configured key is never partly shown").isTrue();
        assertThat(keys).allSatisfy(k -> assertThat(k.has("key")).isFalse());

        assertThat(api.get("/v1/activities/" + activity).auth(secret).send().status()).isEqualTo(200);
        Response made = api.post("/v1/activities").auth(secret).json(seckill("By the new key", "KEY-2", 1, 1, node.clock.instant())).send();
        assertThat(made.status()).as("%s", made).isEqualTo(201);
    }

    @Test
    void aRevokedKeyIsRefusedAndStaysListed() {
        String[] shop = newShop("Revoking");
        JsonNode second = created(shop[1], "second", "write");
        String secondKey = second.get("key").asText();
        assertThat(api.get("/v1/keys").auth(secondKey).send().status()).isEqualTo(200);

        String firstId = list(shop[1]).getFirst().get("id").asText();
        assertThat(revoke(secondKey, firstId).status()).isEqualTo(204);
        assertProblem(api.get("/v1/keys").auth(shop[1]).send(), 401, "UNAUTHORIZED", "revoked API key");
        assertProblem(api.post("/v1/keys").auth(shop[1]).json(Map.of("name", "x")).send(), 401, "UNAUTHORIZED", "revoked API key");
        assertThat(revoke(secondKey, firstId).status()).as("again: nothing to do").isEqualTo(204);
        List<JsonNode> keys = list(secondKey);
        assertThat(keys).extracting(k -> k.get("name").asText()).containsExactly("first key", "second");
        assertThat(keys.getFirst().get("revokedAt").isNull()).isFalse();
        assertThat(keys.getLast().get("revokedAt").isNull()).isTrue();

        // a key may revoke itself, as long as another write key remains
        String third = created(secondKey, "third", "write").get("key").asText();
        String thirdId = list(secondKey).getLast().get("id").asText();
        assertThat(revoke(third, thirdId).status()).isEqualTo(204);
        assertProblem(api.get("/v1/keys").auth(third).send(), 401, "UNAUTHORIZED", "revoked API key");
    }

    @Test
    void refusalsChangeNothing() {
        String[] a = newShop("Refusing A");
        String[] b = newShop("Refusing B");
        String aFirst = list(a[1]).getFirst().get("id").asText();
        String bFirst = list(b[1]).getFirst().get("id").asText();

        // another shop's key: not found, never revealed
        assertProblem(revoke(a[1], bFirst), 404, "NOT_FOUND", null);
        assertProblem(revoke(OPERATOR, aFirst), 404, "NOT_FOUND", null);
        assertProblem(revoke(a[1], "key_" + "0".repeat(200)), 404, "NOT_FOUND", null);
        // the last write key of a shop, even with read keys left
        created(a[1], "dashboard", "read");
        assertProblem(revoke(a[1], aFirst), 409, "LAST_WRITE_KEY", "create another write key first");
        // the operator key
        String operatorId = list(OPERATOR).getFirst().get("id").asText();
        assertProblem(revoke(OPERATOR, operatorId), 409, "OPERATOR_KEY_PROTECTED", "PEERCART_ADMIN_KEY");
        assertThat(list(a[1])).allSatisfy(k -> assertThat(k.get("revokedAt").isNull()).isTrue());
        assertThat(list(b[1])).allSatisfy(k -> assertThat(k.get("revokedAt").isNull()).isTrue());
        assertThat(api.get("/v1/keys").auth(a[1]).send().status()).isEqualTo(200);
        assertThat(api.get("/v1/keys").auth(OPERATOR).send().status()).isEqualTo(200);

        // bad input
        int before = list(b[1]).size();
        assertProblem(create(b[1], Map.of("scope", "read")), 422, "VALIDATION_FAILED", "name");
        assertProblem(create(b[1], Map.of("name", "   ")), 422, "VALIDATION_FAILED", "name");
        assertProblem(create(b[1], Map.of("name", "n".repeat(201))), 422, "VALIDATION_FAILED", "name");
        assertProblem(create(b[1], Map.of("name", "x", "scope", "admin")), 422, "VALIDATION_FAILED", "scope");
        assertProblem(create(b[1], Map.of("name", "x", "scope", 1)), 422, "VALIDATION_FAILED", "scope");
        assertProblem(create(b[1], Map.of("name", "x", "scopes", "read")), 422, "UNKNOWN_FIELD", "did you mean scope");
        assertProblem(create(b[1], Map.of("name", "x", "key", "pck_mine")), 422, "UNKNOWN_FIELD", "key");
        assertProblem(api.post("/v1/keys").auth(b[1]).raw("{\"name\":").send(), 400, "MALFORMED_JSON", null);
        assertProblem(api.post("/v1/keys").auth(api.token(b[1], "a-buyer")).json(Map.of("name", "x")).send(), 403, "FORBIDDEN", null);
        assertProblem(api.get("/v1/keys").send(), 401, "UNAUTHORIZED", null);
        assertThat(list(b[1])).hasSize(before);
    }

    /**
     * A read key reads, and every write the API documents refuses it with 403 before doing
     * anything: a route added without thinking of scopes is caught here.
     */
    @Test
    void aReadKeyReadsAndIsRefusedEveryWrite() throws Exception {
        String read = created(OPERATOR, "reporting", "read").get("key").asText();
        assertThat(api.get("/v1/activities/" + activity).auth(read).send().status()).isEqualTo(200);
        assertThat(api.get("/v1/orders/" + order).auth(read).send().status()).isEqualTo(200);
        assertThat(api.get("/v1/keys").auth(read).send().status()).isEqualTo(200);
        assertThat(api.get("/v1/webhooks").auth(read).send().status()).isEqualTo(200);

        // named writes, and that they changed nothing
        String readId = list(OPERATOR).stream().filter(k -> k.get("name").asText().equals("reporting")).findFirst().orElseThrow().get("id").asText();
        Map<String, Response> refused = new LinkedHashMap<>();
        refused.put("create activity", api.post("/v1/activities").auth(read).json(seckill("No", "KEY-RO", 1, 1, node.clock.instant())).send());
        refused.put("pay", api.post("/v1/orders/" + order + "/pay").auth(read).json(Map.of("paymentRef", "ro-1")).send());
        refused.put("refund", api.post("/v1/orders/" + order + "/refund").auth(read).json(Map.of()).send());
        refused.put("webhook", api.post("/v1/webhooks").auth(read).json(Map.of("url", "http://127.0.0.1:9/x", "events", List.of("*"))).send());
        refused.put("create key", create(read, Map.of("name", "escalate", "scope", "write")));
        refused.put("revoke key", revoke(read, readId));
        refused.put("buyer token", api.post("/v1/buyer-tokens").auth(read).json(Map.of("buyerId", "ro-buyer")).send());
        refused.put("order for a buyer", api.post("/v1/activities/" + activity + "/orders").auth(read).buyer("ro-buyer").json(Map.of("quantity", 1)).send());
        refused.forEach((what, r) -> {
            assertThat(r.status()).as("%s: %s", what, r).isEqualTo(403);
            assertThat(r.code()).as(what).isEqualTo("FORBIDDEN");
            assertThat(r.text("detail")).as(what).contains("read-only");
        });
        assertThat(api.get("/v1/orders/" + order).auth(OPERATOR).send().text("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(api.get("/v1/webhooks").auth(OPERATOR).send().json().get("items")).isEmpty();
        assertThat(list(OPERATOR)).extracting(k -> k.get("name").asText()).doesNotContain("escalate");
        assertThat(list(OPERATOR)).filteredOn(k -> k.get("id").asText().equals(readId)).singleElement()
                .satisfies(k -> assertThat(k.get("revokedAt").isNull()).isTrue());
        assertThat(api.get("/v1/activities?limit=500").auth(OPERATOR).send().json().get("items").toString()).doesNotContain("KEY-RO");

        // every documented write, whatever its path
        JsonNode doc;
        try (InputStream in = KeysHttpTest.class.getResourceAsStream("/static/openapi.yaml")) {
            doc = new YAMLMapper().readTree(in);
        }
        Set<String> writes = Set.of("post", "put", "patch", "delete");
        List<String> checked = new ArrayList<>();
        doc.get("paths").properties().forEach(p -> p.getValue().fieldNames().forEachRemaining(method -> {
            if (!writes.contains(method) || p.getValue().get(method).path("security").toString().equals("[]")) return;
            String path = p.getKey().replace("{id}", activity).replace("{orderId}", order).replaceAll("\\{[A-Za-z]+}", "placeholder");
            Response r = api.call(method.toUpperCase(), path).auth(read).json(Map.of()).send();
            assertThat(r.status()).as("%s %s: %s", method, path, r).isEqualTo(403);
            assertThat(r.text("detail")).as("%s %s", method, path).contains("read-only");
            checked.add(method + " " + p.getKey());
        }));
        assertThat(checked).as("the documented writes").hasSizeGreaterThan(25).contains("delete /v1/keys/{id}", "post /v1/shops");
    }
}
