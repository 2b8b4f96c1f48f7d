package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.core.ActivityType;
import io.peercart.server.ApiClient.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strict input: an unknown field anywhere in a body is 422 UNKNOWN_FIELD naming its path and the
 * field probably meant; a wrong type says what the field takes in merchant words; no library text
 * ever reaches the caller; and a refused body changes nothing (not even an idempotency key).
 */
class StrictInputHttpTest {
    static final String OPERATOR = "pck_strictinputhttptestoperatorkey000000001";

    @TempDir
    static Path dataDir;
    static TestClock clock;
    static PeerCartServer server;
    static ApiClient api;
    static String activity, buyer;
    static JsonNode stats;

    @BeforeAll
    static void start() {
        clock = new TestClock();
        server = PeerCartServer.start(ServerConfig.embedded(dataDir, 0).withAdminKey(OPERATOR).withClock(clock));
        api = new ApiClient(server.port());
        activity = api.createActivity(OPERATOR, seckill("strict", "STRICT-1", 100, 5, clock.instant()));
        buyer = api.token(OPERATOR, "strict-buyer");
        stats = BadInputHttpTest.figures(api.stats(OPERATOR, activity));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @AfterEach
    void nothingChanged() {
        assertThat(api.serverErrors()).as("5xx answers").isEmpty();
        assertThat(BadInputHttpTest.figures(api.stats(OPERATOR, activity))).as("figures").isEqualTo(stats);
    }

    /** The problem's detail, after checking its code and that no library wording leaked into it. */
    static String detail(Response r, int status, String code) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        BadInputHttpTest.assertProblemShape(r);
        assertThat(r.code()).as("%s", r).isEqualTo(code);
        String detail = r.text("detail");
        assertThat(detail).as("%s", r).isNotBlank()
                .doesNotContain("com.fasterxml").doesNotContain("Cannot deserialize").doesNotContain("java.lang")
                .doesNotContain("java.util").doesNotContain("jackson").doesNotContain("Unrecognized").doesNotContain("Source:");
        return detail;
    }

    static Response create(Object body) { return api.post("/v1/activities").auth(OPERATOR).json(body).send(); }

    static Response order(String body) { return api.post("/v1/activities/" + activity + "/orders").auth(buyer).raw(body).send(); }

    static String unknown(Response r) { return detail(r, 422, "UNKNOWN_FIELD"); }

    static String invalid(Response r) { return detail(r, 422, "VALIDATION_FAILED"); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withItemField(Map<String, Object> a, String field, Object value) {
        Map<String, Object> item = new LinkedHashMap<>(((List<Map<String, Object>>) a.get("items")).getFirst());
        item.put(field, value);
        Map<String, Object> copy = new LinkedHashMap<>(a);
        copy.put("items", List.of(item));
        return copy;
    }

    static Map<String, Object> valid() { return seckill("strict x", "STRICT-X", 10, 1, clock.instant()); }

    static Map<String, Object> with(Map<String, Object> a, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(a);
        copy.put(field, value);
        return copy;
    }

    static Map<String, Object> groupOn(Map<String, Object> rules) {
        Map<String, Object> a = withItemField(with(valid(), "type", "groupOn"), "groupPrice", 5_000);
        return with(a, "rules", rules);
    }

    static Map<String, Object> auction(Map<String, Object> rules) {
        Map<String, Object> a = with(valid(), "type", "auction");
        Map<String, Object> item = new LinkedHashMap<>(Map.of("sku", "STRICT-AU", "stock", 5));
        return with(with(a, "items", List.of(item)), "rules", rules);
    }

    @Test
    void anUnknownTopLevelFieldIsNamedWithTheFieldMeant() {
        assertThat(unknown(order("{\"sku\":\"STRICT-1\",\"qty\":1}"))).isEqualTo("qty: unknown field; did you mean quantity?");
        assertThat(unknown(create(with(valid(), "nmae", "x")))).isEqualTo("nmae: unknown field; did you mean name?");
        assertThat(unknown(create(with(valid(), "payWindow", 600)))).isEqualTo("payWindow: unknown field; did you mean payWindowSeconds?");
        assertThat(unknown(create(with(valid(), "colour", "red")))).isEqualTo("colour: unknown field");
        assertThat(unknown(api.post("/v1/buyer-tokens").auth(OPERATOR).raw("{\"buyerId\":\"u\",\"newCustomers\":true}").send()))
                .isEqualTo("newCustomers: unknown field; did you mean newCustomer?");
        assertThat(unknown(api.post("/v1/shops").auth(OPERATOR).raw("{\"name\":\"s\",\"owner\":\"me\"}").send()))
                .isEqualTo("owner: unknown field");
    }

    @Test
    void anUnknownNestedFieldIsNamedByItsPath() {
        assertThat(unknown(create(withItemField(valid(), "grouPrice", 100))))
                .isEqualTo("items[0].grouPrice: unknown field; did you mean items[0].groupPrice?");
        assertThat(unknown(create(with(valid(), "limits", Map.of("perBuyr", 2)))))
                .isEqualTo("limits.perBuyr: unknown field; did you mean limits.perBuyer?");
        assertThat(unknown(api.post("/v1/buyer-tokens").auth(OPERATOR).raw("{\"buyers\":[{\"buyerId\":\"a\"},{\"buyerID\":\"b\"}]}").send()))
                .isEqualTo("buyers[1].buyerID: unknown field; did you mean buyers[1].buyerId?");
    }

    @Test
    void anUnknownRuleIsNamedWithTheRuleMeant() {
        assertThat(unknown(create(groupOn(Map.of("groupSize", 2, "groupTtl", 600)))))
                .isEqualTo("rules.groupTtl: unknown field; did you mean rules.groupTtlSeconds?");
        assertThat(unknown(create(auction(Map.of("startPrice", 10_000, "floorPrice", 5_000, "dropAmount", 500, "dropInterval", 600)))))
                .startsWith("rules.dropInterval: unknown field; did you mean rules.dropIntervalSeconds?");
        assertThat(unknown(create(with(valid(), "rules", Map.of("colour", "red"))))).isEqualTo("rules.colour: unknown field");
        assertThat(unknown(create(with(valid(), "rules", Map.of("groupSize", 2))))).startsWith("rules.groupSize: unknown field");
        // the same activities with the right names are created
        assertThat(create(groupOn(Map.of("groupSize", 2, "groupTtlSeconds", 600))).status()).isEqualTo(201);
        assertThat(create(auction(Map.of("startPrice", 10_000, "floorPrice", 5_000, "dropAmount", 500, "dropIntervalSeconds", 600)))
                .status()).isEqualTo(201);
    }

    @Test
    void aWrongTypeSaysWhatTheFieldTakesInMerchantWords() {
        assertThat(invalid(create(withItemField(valid(), "price", "9900")))).isEqualTo("items[0].price: a whole number of fen");
        assertThat(invalid(create(withItemField(valid(), "price", 99.5)))).isEqualTo("items[0].price: a whole number of fen");
        assertThat(invalid(create(withItemField(valid(), "groupPrice", true)))).isEqualTo("items[0].groupPrice: a whole number of fen");
        assertThat(invalid(create(withItemField(valid(), "stock", "10")))).isEqualTo("items[0].stock: a whole number");
        assertThat(invalid(create(withItemField(valid(), "stock", List.of(10))))).isEqualTo("items[0].stock: a whole number");
        assertThat(invalid(create(withItemField(valid(), "pointsPrice", "10")))).isEqualTo("items[0].pointsPrice: a whole number of points");
        assertThat(invalid(create(withItemField(valid(), "sku", 12345)))).isEqualTo("items[0].sku: text");
        assertThat(invalid(create(with(valid(), "startsAt", 1234567890))))
                .isEqualTo("startsAt: an ISO-8601 instant such as 2026-11-11T00:00:00Z");
        assertThat(invalid(create(with(valid(), "items", Map.of("sku", "X"))))).isEqualTo("items: a list");
        assertThat(invalid(create(with(valid(), "limits", 5)))).isEqualTo("limits: an object");
        assertThat(invalid(create(with(valid(), "rules", "none")))).isEqualTo("rules: an object");
        assertThat(invalid(order("{\"quantity\":true}"))).isEqualTo("quantity: a whole number");
        assertThat(invalid(order("{\"quantity\":\"1\"}"))).isEqualTo("quantity: a whole number");
        assertThat(invalid(order("{\"expectedPrice\":\"cheap\"}"))).isEqualTo("expectedPrice: a whole number of fen");
        assertThat(invalid(api.post("/v1/buyer-tokens").auth(OPERATOR).raw("{\"buyerId\":\"u\",\"newCustomer\":\"yes\"}").send()))
                .isEqualTo("newCustomer: true or false");
        assertThat(invalid(api.post("/v1/buyer-tokens").auth(OPERATOR).raw("{\"buyerId\":\"u\",\"tags\":\"employee\"}").send()))
                .isEqualTo("tags: a list");
        assertThat(invalid(api.post("/v1/shops").auth(OPERATOR).raw("{\"name\":false}").send())).isEqualTo("name: text");
        assertThat(invalid(api.post("/v1/points/earn").auth(OPERATOR).raw("{\"buyerId\":\"u\",\"amount\":\"100\"}").send()))
                .isEqualTo("amount: a whole number of points");
        assertThat(invalid(api.post("/v1/points/earn").auth(OPERATOR).raw("{\"buyerId\":\"u\",\"amount\":100,\"expiresAt\":7}").send()))
                .isEqualTo("expiresAt: an ISO-8601 instant such as 2026-11-11T00:00:00Z");
        assertThat(unknown(api.post("/v1/points/earn").auth(OPERATOR).raw("{\"buyerId\":\"u\",\"amout\":100}").send()))
                .isEqualTo("amout: unknown field; did you mean amount?");
        for (String body : List.of("[]", "\"text\"", "42", "true")) assertThat(invalid(order(body))).isEqualTo("body: a JSON object");
    }

    @Test
    void malformedJsonSaysWhereNotWhatTheParserThought() {
        for (String bad : List.of("{", "{\"sku\":}", "not json", "{\"a\" 1}", "{\"a\":1} trailing"))
            assertThat(detail(order(bad), 400, "MALFORMED_JSON")).startsWith("malformed JSON");
    }

    @Test
    void anUnknownTypeListsTheTenTypes() {
        String created = invalid(create(with(valid(), "type", "groupon")));
        assertThat(created).contains("type: unknown activity type 'groupon' (did you mean groupOn?)");
        String listed = invalid(api.get("/v1/activities?type=flashSale").auth(OPERATOR).send());
        assertThat(listed).startsWith("type: unknown activity type 'flashSale'; one of ");
        for (ActivityType t : ActivityType.values()) assertThat(created).contains(t.name());
        for (ActivityType t : ActivityType.values()) assertThat(listed).contains(t.name());
    }

    @Test
    void aRefusedBodyChangesNothingNotEvenItsIdempotencyKey() {
        int before = api.get("/v1/activities?limit=100").auth(OPERATOR).send().json().get("items").size();
        unknown(api.post("/v1/activities").auth(OPERATOR).idempotencyKey("strict-create").json(with(valid(), "nmae", "x")).send());
        Map<String, Object> keyed = seckill("strict keyed", "STRICT-K", 10, 1, clock.instant());
        unknown(api.post("/v1/activities").auth(OPERATOR).idempotencyKey("strict-create-rules")
                .json(with(keyed, "rules", Map.of("timezone", "Asia/Shanghai"))).send());
        assertThat(api.get("/v1/activities?limit=100").auth(OPERATOR).send().json().get("items").size()).isEqualTo(before);
        Response corrected = api.post("/v1/activities").auth(OPERATOR).idempotencyKey("strict-create-rules")
                .json(with(keyed, "rules", Map.of("timeZone", "Asia/Shanghai"))).send();
        assertThat(corrected.status()).as("the key was not spent on the refused body: %s", corrected).isEqualTo(201);

        String orders = "/v1/activities/" + activity + "/orders";
        unknown(api.post(orders).auth(buyer).idempotencyKey("strict-order").raw("{\"sku\":\"STRICT-1\",\"qty\":1}").send());
        assertThat(BadInputHttpTest.figures(api.stats(OPERATOR, activity))).isEqualTo(stats);
        // the key was not spent on the refused body: the corrected one is decided afresh (and undone below)
        Response placed = api.post(orders).auth(buyer).idempotencyKey("strict-order").raw("{\"sku\":\"STRICT-1\",\"quantity\":1}").send();
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        Response cancelled = api.post("/v1/orders/" + placed.text("orderId") + "/cancel").auth(buyer).send();
        assertThat(cancelled.status()).as("%s", cancelled).isBetween(200, 299);
        stats = BadInputHttpTest.figures(api.stats(OPERATOR, activity)); // a cancelled order is counted, by design
    }
}
