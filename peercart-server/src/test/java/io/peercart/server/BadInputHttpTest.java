package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.peercart.server.ApiClient.Response;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's promise on bad input: every mistake of the caller is a 4xx problem+json with a stable
 * code, never a 5xx, never another tenant's data, and never a change of state. Two shops (the
 * operator's and a second one), each with an activity and an order, are the targets.
 */
class BadInputHttpTest {
    static final String OPERATOR = "pck_badinputhttptestoperatorkey00000000001";

    @TempDir
    static Path dataDir;
    static TestClock clock;
    static PeerCartServer server;
    static ApiClient api;

    // shop A: the operator's shop
    static String activityA, orderA, buyerA, shopA;
    // shop B: a second shop
    static String keyB, shopB, activityB, orderB, buyerB;
    static JsonNode statsA, statsB;

    @BeforeAll
    static void start() {
        clock = new TestClock();
        server = PeerCartServer.start(ServerConfig.embedded(dataDir, 0).withAdminKey(OPERATOR).withClock(clock));
        api = new ApiClient(server.port());
        activityA = api.createActivity(OPERATOR, seckill("A flash", "BAD-A1", 10, 1, clock.instant()));
        buyerA = api.token(OPERATOR, "buyer-a");
        orderA = order(activityA, buyerA).text("orderId");
        shopA = server.store().merchantByKey(OPERATOR, clock.instant()).orElseThrow().shopId();

        Response shop = api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "Shop B")).send();
        keyB = shop.text("apiKey");
        shopB = shop.text("shopId");
        activityB = api.createActivity(keyB, seckill("B flash", "BAD-B1", 10, 1, clock.instant()));
        buyerB = api.token(keyB, "buyer-b");
        orderB = order(activityB, buyerB).text("orderId");
        statsA = figures(api.stats(OPERATOR, activityA));
        statsB = figures(api.stats(keyB, activityB));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** After every test: no 5xx was ever answered and the bad input changed nothing. */
    @AfterEach
    void nothingChanged() {
        assertThat(api.serverErrors()).as("5xx answers").isEmpty();
        assertThat(figures(api.stats(OPERATOR, activityA))).as("shop A's figures").isEqualTo(statsA);
        assertThat(figures(api.stats(keyB, activityB))).as("shop B's figures").isEqualTo(statsB);
    }

    /**
     * The stats that bad input must not change. Available and leased are summed into "left": the
     * scheduler may hand an idle lease back to available at any time, which is no change of stock.
     */
    static JsonNode figures(JsonNode stats) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = stats.deepCopy();
        ApiClient.assertStockAddsUp(copy);
        com.fasterxml.jackson.databind.node.ObjectNode stock = (com.fasterxml.jackson.databind.node.ObjectNode) copy.get("stock");
        stock.put("left", stock.remove("available").asLong() + stock.remove("leased").asLong());
        copy.remove("skus");
        return copy;
    }

    static Response order(String activityId, String credential) {
        return api.post("/v1/activities/" + activityId + "/orders").auth(credential).json(Map.of("quantity", 1)).send();
    }

    /** Asserts an RFC 9457 problem with the status and stable code. */
    static Response problem(Response r, int status, String code) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertProblemShape(r);
        assertThat(r.code()).as("code of %s", r).isEqualTo(code);
        return r;
    }

    static void assertProblemShape(Response r) {
        assertThat(r.contentType()).as("content type of %s", r).startsWith("application/problem+json");
        assertThat(r.json()).as("body of %s", r).isNotNull();
        assertThat(r.text("type")).as("type of %s", r).isNotBlank();
        assertThat(r.text("title")).as("title of %s", r).isNotBlank();
        assertThat(r.json().get("status").asInt()).as("status field of %s", r).isEqualTo(r.status());
        assertThat(r.code()).as("code of %s", r).isNotBlank().matches("[A-Z_]+");
    }

    static Response client4xx(Response r) {
        assertThat(r.status()).as("%s", r).isBetween(400, 499);
        assertProblemShape(r);
        return r;
    }

    static Map<String, Object> validActivity(String sku) {
        return seckill("valid", sku, 10, 1, clock.instant());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> activityWithItem(String field, Object value) {
        Map<String, Object> a = validActivity("BAD-X1");
        Map<String, Object> item = new LinkedHashMap<>(((List<Map<String, Object>>) a.get("items")).getFirst());
        if (value == null) item.remove(field);
        else item.put(field, value);
        a.put("items", List.of(item));
        return a;
    }

    Response createActivity(Object body) {
        return api.post("/v1/activities").auth(OPERATOR).json(body).send();
    }

    @Test
    void malformedJsonIs400() {
        for (String bad : List.of("{", "{\"type\":", "not json", "{\"type\":\"seckill\",}", "{\"a\":1} trailing", "\u0000",
                "{\"name\": \"\\ud800\" , ", "{\"a\" 1}")) {
            problem(createActivity(bad), 400, "MALFORMED_JSON");
            problem(api.post("/v1/activities/" + activityA + "/orders").auth(buyerA).raw(bad).send(), 400, "MALFORMED_JSON");
            problem(api.post("/v1/buyer-tokens").auth(OPERATOR).raw(bad).send(), 400, "MALFORMED_JSON");
            problem(api.post("/v1/orders/" + orderA + "/pay").auth(OPERATOR).raw(bad).send(), 400, "MALFORMED_JSON");
            problem(api.post("/v1/shops").auth(OPERATOR).raw(bad).send(), 400, "MALFORMED_JSON");
        }
        byte[] notUtf8 = {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        client4xx(api.post("/v1/activities").auth(OPERATOR).raw(HttpRequest.BodyPublishers.ofByteArray(notUtf8)).send());
        client4xx(createActivity("[1,2")); // the shape is wrong before the syntax is: 422 is as good as 400
        String deep = "[".repeat(5000) + "]".repeat(5000);
        client4xx(createActivity(deep));
        client4xx(api.post("/v1/activities/" + activityA + "/orders").auth(buyerA).raw("{\"sku\":" + deep + "}").send());
    }

    @Test
    void anEmptyOrNonObjectBodyIsRefused() {
        problem(api.post("/v1/activities").auth(OPERATOR).send(), 400, "MALFORMED_JSON");
        problem(api.post("/v1/activities").auth(OPERATOR).raw("").send(), 400, "MALFORMED_JSON");
        problem(api.post("/v1/activities/" + activityA + "/orders").auth(buyerA).send(), 400, "MALFORMED_JSON");
        problem(api.post("/v1/buyer-tokens").auth(OPERATOR).send(), 400, "MALFORMED_JSON");
        problem(api.post("/v1/orders/" + orderA + "/pay").auth(OPERATOR).send(), 400, "MALFORMED_JSON");
        for (String body : List.of("[]", "[{\"sku\":\"A\"}]", "\"text\"", "42", "true", "null")) {
            problem(createActivity(body), 422, "VALIDATION_FAILED");
            problem(api.post("/v1/activities/" + activityA + "/orders").auth(buyerA).raw(body).send(), 422, "VALIDATION_FAILED");
            problem(api.post("/v1/buyer-tokens").auth(OPERATOR).raw(body).send(), 422, "VALIDATION_FAILED");
            problem(api.post("/v1/orders/" + orderA + "/pay").auth(OPERATOR).raw(body).send(), 422, "VALIDATION_FAILED");
        }
    }

    @Test
    void wrongTypesAre422() {
        problem(createActivity(activityWithItem("price", "9900")), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("price", true)), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("price", 99.5)), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("stock", 1.5)), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("stock", "10")), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("stock", List.of(10))), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("limitPerBuyer", Map.of("n", 1))), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("sku", 12345)), 422, "VALIDATION_FAILED");
        Map<String, Object> a = validActivity("BAD-X2");
        a.put("items", Map.of("sku", "BAD-X2"));
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        a = validActivity("BAD-X2");
        a.put("name", List.of("x"));
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        a = validActivity("BAD-X2");
        a.put("startsAt", 1234567890);
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        a = validActivity("BAD-X2");
        a.put("startsAt", "tomorrow morning");
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        a = validActivity("BAD-X2");
        a.put("payWindowSeconds", "300");
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        a = validActivity("BAD-X2");
        a.put("rules", "none");
        problem(createActivity(a), 422, "VALIDATION_FAILED");

        String orders = "/v1/activities/" + activityA + "/orders";
        problem(api.post(orders).auth(buyerA).raw("{\"quantity\":true}").send(), 422, "VALIDATION_FAILED");
        problem(api.post(orders).auth(buyerA).raw("{\"quantity\":\"1\"}").send(), 422, "VALIDATION_FAILED");
        problem(api.post(orders).auth(buyerA).raw("{\"quantity\":1.5}").send(), 422, "VALIDATION_FAILED");
        problem(api.post(orders).auth(buyerA).raw("{\"sku\":42}").send(), 422, "VALIDATION_FAILED");
        problem(api.post(orders).auth(buyerA).raw("{\"sku\":[\"BAD-A1\"]}").send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/orders/" + orderA + "/pay").auth(OPERATOR).raw("{\"paymentRef\":123}").send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/buyer-tokens").auth(OPERATOR).raw("{\"buyerId\":7}").send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/buyer-tokens").auth(OPERATOR).raw("{\"buyerId\":\"u\",\"ttlSeconds\":\"60\"}").send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/buyer-tokens").auth(OPERATOR).raw("{\"buyerId\":\"u\",\"tags\":\"employee\"}").send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/buyer-tokens").auth(OPERATOR).raw("{\"buyers\":{\"buyerId\":\"u\"}}").send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/shops").auth(OPERATOR).raw("{\"name\":false}").send(), 422, "VALIDATION_FAILED");
    }

    @Test
    void outOfRangeNumbersAre4xx() {
        problem(createActivity(activityWithItem("price", -1)), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("price", Long.MAX_VALUE)), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("price", new java.math.BigInteger("99999999999999999999999"))), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("stock", 0)), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("stock", -5)), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/activities").auth(OPERATOR)
                .raw(ApiClientJson.write(activityWithItem("stock", 0)).replace("\"stock\":0", "\"stock\":1e30")).send(), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("limitPerBuyer", 0)), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("limitPerBuyer", 2147483648L)), 422, "VALIDATION_FAILED");
        Map<String, Object> a = validActivity("BAD-X3");
        a.put("payWindowSeconds", 1);
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        a.put("payWindowSeconds", -30);
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        a = validActivity("BAD-X3");
        a.put("endsAt", clock.instant().minus(Duration.ofHours(2)).toString());
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        a = validActivity("BAD-X3");
        a.put("endsAt", clock.instant().plus(Duration.ofDays(4000)).toString());
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        a = validActivity("BAD-X3");
        a.put("startsAt", "+999999999-12-31T23:59:59Z");
        client4xx(createActivity(a));

        String orders = "/v1/activities/" + activityA + "/orders";
        problem(api.post(orders).auth(buyerA).raw("{\"quantity\":2147483648}").send(), 422, "VALIDATION_FAILED");
        problem(api.post(orders).auth(buyerA).raw("{\"quantity\":99999999999999999999999}").send(), 422, "VALIDATION_FAILED");
        problem(api.post(orders).auth(buyerA).raw("{\"quantity\":0}").send(), 422, "VALIDATION_FAILED");
        problem(api.post(orders).auth(buyerA).raw("{\"quantity\":-1}").send(), 422, "VALIDATION_FAILED");
        problem(api.post(orders).auth(buyerA).raw("{\"quantity\":-2147483648}").send(), 422, "VALIDATION_FAILED");
        problem(api.post(orders).auth(buyerA).raw("{\"quantity\":1e30}").send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/buyer-tokens").auth(OPERATOR).raw("{\"buyerId\":\"u\",\"ttlSeconds\":-1}").send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/buyer-tokens").auth(OPERATOR).raw("{\"buyerId\":\"u\",\"ttlSeconds\":2147483648}").send(), 422, "VALIDATION_FAILED");
    }

    /** Jackson, for building a body by hand. */
    static final class ApiClientJson {
        static String write(Object o) {
            try {
                return ApiClient.JSON.writeValueAsString(o);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void missingOrEmptyFieldsAre422() {
        problem(createActivity(Map.of()), 422, "VALIDATION_FAILED");
        for (String field : List.of("type", "name", "startsAt", "endsAt", "items")) {
            Map<String, Object> a = validActivity("BAD-X4");
            a.remove(field);
            problem(createActivity(a), 422, "VALIDATION_FAILED");
        }
        Map<String, Object> a = validActivity("BAD-X4");
        a.put("items", List.of());
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        a.put("type", "noSuchType");
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        a = validActivity("BAD-X4");
        a.put("name", "   ");
        problem(createActivity(a), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("sku", null)), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("price", null)), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("stock", null)), 422, "VALIDATION_FAILED");
        problem(createActivity(activityWithItem("sku", "has spaces and ünïcode")), 422, "VALIDATION_FAILED");
        a = validActivity("BAD-X4");
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        a.put("items", withNull);
        problem(createActivity(a), 422, "VALIDATION_FAILED");

        problem(api.post("/v1/orders/" + orderA + "/pay").auth(OPERATOR).json(Map.of()).send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/orders/" + orderA + "/pay").auth(OPERATOR).json(Map.of("paymentRef", " ")).send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/orders/" + orderA + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "x".repeat(5000))).send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/buyer-tokens").auth(OPERATOR).json(Map.of()).send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/buyer-tokens").auth(OPERATOR).json(Map.of("buyers", List.of())).send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/buyer-tokens").auth(OPERATOR).json(Map.of("buyers", List.of(Map.of("newCustomer", true)))).send(), 422, "VALIDATION_FAILED");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) tooMany.add(Map.of("buyerId", "u" + i));
        problem(api.post("/v1/buyer-tokens").auth(OPERATOR).json(Map.of("buyers", tooMany)).send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/shops").auth(OPERATOR).json(Map.of()).send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/activities/" + activityA + "/orders").auth(buyerA).json(Map.of("sku", "NOT-IN-IT")).send(), 422, "UNKNOWN_SKU");
        problem(api.post("/v1/activities/" + activityA + "/orders").auth(buyerA).json(Map.of("quantity", 5)).send(), 422, "ORDER_LIMIT_EXCEEDED");
        problem(api.post("/v1/orders/" + orderA + "/refund").auth(OPERATOR).json(Map.of("reason", "")).send(), 422, "VALIDATION_FAILED");
        problem(api.post("/v1/orders/" + orderA + "/refund").auth(OPERATOR).send(), 409, "ORDER_NOT_PAID");
    }

    @Test
    void unknownIdsAre404() {
        for (String id : List.of("act_00000000000000000000000000", "nope", "x".repeat(129), "%27%20OR%201%3D1--", "..%2F..%2Fetc")) {
            problem(api.get("/v1/activities/" + id).auth(OPERATOR).send(), 404, "NOT_FOUND");
            problem(api.get("/v1/activities/" + id + "/public").send(), 404, "NOT_FOUND");
            problem(api.get("/v1/activities/" + id + "/stats").auth(OPERATOR).send(), 404, "NOT_FOUND");
            problem(api.get("/v1/activities/" + id + "/orders").auth(OPERATOR).send(), 404, "NOT_FOUND");
            problem(api.post("/v1/activities/" + id + "/cancel").auth(OPERATOR).send(), 404, "NOT_FOUND");
            problem(api.post("/v1/activities/" + id + "/orders").auth(buyerA).json(Map.of("quantity", 1)).send(), 404, "NOT_FOUND");
            problem(api.get("/v1/orders/" + id).auth(OPERATOR).send(), 404, "NOT_FOUND");
            problem(api.post("/v1/orders/" + id + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "p")).send(), 404, "NOT_FOUND");
            problem(api.post("/v1/orders/" + id + "/cancel").auth(OPERATOR).send(), 404, "NOT_FOUND");
            problem(api.post("/v1/orders/" + id + "/refund").auth(OPERATOR).send(), 404, "NOT_FOUND");
        }
    }

    @Test
    void anotherShopsIdsAre404AndNeverItsData() {
        List<Response> answers = new ArrayList<>();
        // shop B's key on shop A's objects, and the other way round
        for (String[] t : List.of(new String[]{keyB, activityA, orderA}, new String[]{OPERATOR, activityB, orderB})) {
            String key = t[0], activity = t[1], order = t[2];
            answers.add(api.get("/v1/activities/" + activity).auth(key).send());
            answers.add(api.get("/v1/activities/" + activity + "/stats").auth(key).send());
            answers.add(api.get("/v1/activities/" + activity + "/orders").auth(key).send());
            answers.add(api.post("/v1/activities/" + activity + "/cancel").auth(key).send());
            answers.add(api.post("/v1/activities/" + activity + "/orders").auth(key).buyer("intruder").json(Map.of("quantity", 1)).send());
            answers.add(api.get("/v1/orders/" + order).auth(key).send());
            answers.add(api.post("/v1/orders/" + order + "/pay").auth(key).json(Map.of("paymentRef", "p")).send());
            answers.add(api.post("/v1/orders/" + order + "/cancel").auth(key).send());
            answers.add(api.post("/v1/orders/" + order + "/refund").auth(key).send());
        }
        // buyer tokens of one shop on the other shop's objects
        answers.add(order(activityA, buyerB));
        answers.add(order(activityB, buyerA));
        answers.add(api.get("/v1/orders/" + orderA).auth(buyerB).send());
        answers.add(api.post("/v1/orders/" + orderA + "/cancel").auth(buyerB).send());
        answers.add(api.get("/v1/orders/" + orderB).auth(buyerA).send());
        // another buyer of the same shop on an order that is not theirs
        String otherBuyerA = api.token(OPERATOR, "someone-else");
        answers.add(api.get("/v1/orders/" + orderA).auth(otherBuyerA).send());
        answers.add(api.post("/v1/orders/" + orderA + "/cancel").auth(otherBuyerA).send());
        for (Response r : answers) {
            problem(r, 404, "NOT_FOUND");
            assertThat(r.body()).doesNotContain("A flash", "B flash", "BAD-A1", "BAD-B1", "buyer-a", "buyer-b", "9900");
        }
        List<String> listedByB = new ArrayList<>();
        api.get("/v1/activities").auth(keyB).send().json().get("items").forEach(a -> listedByB.add(a.get("id").asText()));
        assertThat(listedByB).containsExactly(activityB);
    }

    @Test
    void badCredentialsAre401() {
        String[] parts = buyerA.split("\\.");
        char last = parts[2].charAt(parts[2].length() - 2);
        String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2)
                + (last == 'A' ? 'B' : 'A') + parts[2].charAt(parts[2].length() - 1);
        // the claims changed (another buyer), the signature kept
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("buyer-a", "buyer-z");
        String swappedClaims = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        // shop A's claims signed with shop B's real secret, and with a made-up one
        String signedByB = jwt(shopA, "buyer-a", server.store().tokenSecret(shopB).orElseThrow());
        String signedByGuess = jwt(shopA, "buyer-a", "a-secret-guessed-by-an-attacker-0123456789");
        String unsigned = "eyJhbGciOiJub25lIn0." + parts[1] + ".";
        for (String bad : List.of(forged, swappedClaims, signedByB, signedByGuess, unsigned, "not-a-token", "a.b.c", "pck_unknownkey")) {
            problem(order(activityA, bad), 401, "UNAUTHORIZED");
            problem(api.get("/v1/orders/" + orderA).auth(bad).send(), 401, "UNAUTHORIZED");
            problem(api.get("/v1/activities/" + activityA).auth(bad).send(), 401, "UNAUTHORIZED");
        }
        problem(api.get("/v1/activities").header("Authorization", "Basic dXNlcjpwYXNz").send(), 401, "UNAUTHORIZED");
        problem(api.get("/v1/activities").header("Authorization", "Bearer").send(), 401, "UNAUTHORIZED");
        problem(api.get("/v1/activities").header("Authorization", "Bearer " + "x".repeat(5000)).send(), 401, "UNAUTHORIZED");

        // no credentials at all
        problem(api.get("/v1/activities").send(), 401, "UNAUTHORIZED");
        problem(api.post("/v1/activities").json(validActivity("BAD-X5")).send(), 401, "UNAUTHORIZED");
        problem(api.get("/v1/activities/" + activityA).send(), 401, "UNAUTHORIZED");
        problem(api.get("/v1/activities/" + activityA + "/stats").send(), 401, "UNAUTHORIZED");
        problem(order(activityA, null), 401, "UNAUTHORIZED");
        problem(api.get("/v1/orders/" + orderA).send(), 401, "UNAUTHORIZED");
        problem(api.post("/v1/orders/" + orderA + "/pay").json(Map.of("paymentRef", "p")).send(), 401, "UNAUTHORIZED");
        problem(api.post("/v1/buyer-tokens").json(Map.of("buyerId", "u")).send(), 401, "UNAUTHORIZED");
        problem(api.post("/v1/shops").json(Map.of("name", "n")).send(), 401, "UNAUTHORIZED");
    }

    static String jwt(String shopId, String buyerId, String secret) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("peercart").subject(buyerId).claim("shop", shopId).claim("nc", false)
                    .issueTime(Date.from(clock.instant())).expirationTime(Date.from(clock.instant().plus(Duration.ofHours(1)))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anExpiredTokenIs401TokenExpired() {
        String used = api.post("/v1/buyer-tokens").auth(OPERATOR).json(Map.of("buyerId", "short-lived-1", "ttlSeconds", 60)).send().text("token");
        String unused = api.post("/v1/buyer-tokens").auth(OPERATOR).json(Map.of("buyerId", "short-lived-2", "ttlSeconds", 60)).send().text("token");
        assertThat(api.get("/v1/orders/" + orderA).auth(used).send().status()).as("valid now (and remembered)").isEqualTo(404);
        clock.advance(Duration.ofSeconds(61));
        problem(api.get("/v1/orders/" + orderA).auth(used).send(), 401, "TOKEN_EXPIRED");
        problem(order(activityA, used), 401, "TOKEN_EXPIRED");
        problem(order(activityA, unused), 401, "TOKEN_EXPIRED");
        problem(api.get("/v1/orders/" + orderA).auth(unused).send(), 401, "TOKEN_EXPIRED");
        assertThat(api.get("/v1/orders/" + orderA).auth(buyerA).send().status()).as("a token with time left still works").isEqualTo(200);
    }

    @Test
    void aBuyerTokenOnMerchantEndpointsIs403() {
        List<Response> answers = List.of(
                api.post("/v1/activities").auth(buyerA).json(validActivity("BAD-X6")).send(),
                api.get("/v1/activities").auth(buyerA).send(),
                api.get("/v1/activities/" + activityA).auth(buyerA).send(),
                api.get("/v1/activities/" + activityA + "/stats").auth(buyerA).send(),
                api.get("/v1/activities/" + activityA + "/orders").auth(buyerA).send(),
                api.post("/v1/activities/" + activityA + "/cancel").auth(buyerA).send(),
                api.post("/v1/orders/" + orderA + "/pay").auth(buyerA).json(Map.of("paymentRef", "self-paid")).send(),
                api.post("/v1/orders/" + orderA + "/refund").auth(buyerA).send(),
                api.post("/v1/buyer-tokens").auth(buyerA).json(Map.of("buyerId", "someone")).send(),
                api.post("/v1/shops").auth(buyerA).json(Map.of("name", "mine")).send(),
                api.post("/v1/shops").auth(keyB).json(Map.of("name", "mine")).send());
        for (Response r : answers) problem(r, 403, "FORBIDDEN");
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        byte[] big = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        problem(api.post("/v1/activities").auth(OPERATOR).raw(HttpRequest.BodyPublishers.ofByteArray(big)).send(), 413, "PAYLOAD_TOO_LARGE");
        problem(api.post("/v1/activities/" + activityA + "/orders").auth(buyerA).raw(HttpRequest.BodyPublishers.ofByteArray(big)).send(),
                413, "PAYLOAD_TOO_LARGE");
        // without a Content-Length (chunked): found while reading
        problem(api.post("/v1/activities").auth(OPERATOR)
                .raw(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).send(), 413, "PAYLOAD_TOO_LARGE");
        // far over the limit
        byte[] huge = new byte[5 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');
        try {
            problem(api.post("/v1/activities").auth(OPERATOR).raw(HttpRequest.BodyPublishers.ofByteArray(huge)).send(), 413, "PAYLOAD_TOO_LARGE");
        } catch (java.io.UncheckedIOException resetWhileSending) {
            // Past the server's payload limit the answer comes from the headers alone and the
            // connection is closed; a client still sending may see the reset before the answer.
            // protocolLevelMistakesAreProblemsToo reads that answer without the race.
        }
        // exactly the limit is read (and then judged on its content)
        byte[] limit = new byte[1 << 20];
        java.util.Arrays.fill(limit, (byte) ' ');
        limit[0] = '{';
        limit[limit.length - 1] = '}';
        problem(api.post("/v1/activities").auth(OPERATOR).raw(HttpRequest.BodyPublishers.ofByteArray(limit)).send(), 422, "VALIDATION_FAILED");
    }

    @Test
    void pageLimitsAndFiltersAreChecked() {
        for (String q : List.of("limit=0", "limit=100000", "limit=-1", "limit=abc", "limit=501", "limit=1.5", "limit=",
                "cursor=" + "c".repeat(200), "type=nonsense", "status=running", "status=")) {
            problem(api.get("/v1/activities?" + q).auth(OPERATOR).send(), 422, "VALIDATION_FAILED");
        }
        for (String q : List.of("limit=0", "limit=100000", "limit=x")) {
            problem(api.get("/v1/activities/" + activityA + "/orders?" + q).auth(OPERATOR).send(), 422, "VALIDATION_FAILED");
        }
        assertThat(api.get("/v1/activities?limit=500").auth(OPERATOR).send().status()).isEqualTo(200);
        assertThat(api.get("/v1/activities?cursor=zzzz").auth(OPERATOR).send().json().get("items")).as("a cursor past the end").isEmpty();
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        problem(api.get("/v2/activities").auth(OPERATOR).send(), 404, "NOT_FOUND");
        problem(api.get("/nothing/here").send(), 404, "NOT_FOUND");
        problem(api.get("/v1/activities/" + activityA + "/nothing").auth(OPERATOR).send(), 404, "NOT_FOUND");
        Response delete = problem(api.call("DELETE", "/v1/activities/" + activityA).auth(OPERATOR).send(), 405, "METHOD_NOT_ALLOWED");
        assertThat(delete.header("Allow")).contains("GET, PATCH");
        Response patch = problem(api.call("PATCH", "/v1/activities").auth(OPERATOR).json(Map.of()).send(), 405, "METHOD_NOT_ALLOWED");
        assertThat(patch.header("Allow")).contains("GET, POST");
        problem(api.call("PUT", "/v1/orders/" + orderA).auth(OPERATOR).json(Map.of()).send(), 405, "METHOD_NOT_ALLOWED");
        problem(api.post("/v1/activities/" + activityA + "/stats").auth(OPERATOR).json(Map.of()).send(), 405, "METHOD_NOT_ALLOWED");
        assertThat(api.get("/health").send().status()).isEqualTo(200);
    }

    /** Mistakes Helidon itself catches before any route runs are problems too. */
    @Test
    void protocolLevelMistakesAreProblemsToo() throws Exception {
        List<String> requests = List.of(
                "POST /v1/activities HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + OPERATOR
                        + "\r\nContent-Type: application/json\r\nContent-Length: 5242880\r\n\r\n{",
                "GET /v1/activities/%zz HTTP/1.1\r\nHost: t\r\n\r\n",
                "GET /v1/activities HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n",
                "POST /v1/activities HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n",
                "GET /v1/activities HTTP/1.1\r\n\r\n");
        for (String request : requests) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String statusLine = in.readLine();
                assertThat(statusLine).as("answer to %s", request.lines().findFirst().orElseThrow()).isNotNull();
                int status = Integer.parseInt(statusLine.split(" ")[1]);
                Map<String, String> headers = new LinkedHashMap<>();
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).strip().toLowerCase(), line.substring(colon + 1).strip());
                }
                char[] body = new char[Integer.parseInt(headers.getOrDefault("content-length", "0"))];
                int read = 0;
                while (read < body.length) {
                    int n = in.read(body, read, body.length - read);
                    if (n < 0) break;
                    read += n;
                }
                String what = statusLine + " " + headers + " " + new String(body, 0, read) + " for " + request.lines().findFirst().orElseThrow();
                assertThat(status).as(what).isBetween(400, 499);
                assertThat(headers.get("content-type")).as(what).startsWith("application/problem+json");
                JsonNode problem = ApiClient.JSON.readTree(new String(body, 0, read));
                assertThat(problem.get("status").asInt()).as(what).isEqualTo(status);
                assertThat(problem.get("code").asText()).as(what).matches("[A-Z_]+");
                assertThat(problem.get("title").asText()).as(what).isNotBlank();
                assertThat(problem.get("type").asText()).as(what).isNotBlank();
                // no filter ran for these, yet they are named like every other answer
                assertThat(headers.get("x-request-id")).as(what).matches("[0-9a-f]{32}");
                assertThat(problem.get("instance").asText()).as(what).isEqualTo("urn:peercart:request:" + headers.get("x-request-id"));
            }
        }
    }

    @Test
    void badHeadersAre4xx() {
        problem(api.post("/v1/activities/" + activityA + "/orders").auth(OPERATOR).buyer("x".repeat(500)).json(Map.of()).send(),
                422, "VALIDATION_FAILED");
        problem(api.post("/v1/activities/" + activityA + "/orders").auth(buyerA).idempotencyKey("k".repeat(201)).json(Map.of()).send(),
                422, "VALIDATION_FAILED");
        problem(api.post("/v1/activities/" + activityA + "/orders").auth(buyerA).idempotencyKey(" ").json(Map.of()).send(),
                422, "VALIDATION_FAILED");
        // a rule refusal is not recorded under its key: the same key later gets a fresh decision
        String key = "refused-" + java.util.UUID.randomUUID();
        problem(api.post("/v1/activities/" + activityA + "/orders").auth(buyerA).idempotencyKey(key).json(Map.of("quantity", 1)).send(),
                409, "LIMIT_REACHED");
        problem(api.post("/v1/activities/" + activityA + "/orders").auth(buyerA).idempotencyKey(key).json(Map.of("quantity", 1)).send(),
                409, "LIMIT_REACHED");
    }
}
