package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.peercart.core.Code;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document tells the truth about this server, both ways: every documented operation
 * is routed, nothing else is, every error code is listed with its status, and the answers have
 * exactly the documented fields. Runs against a real server on a random port.
 */
class OpenApiTest {
    private static final String OPERATOR_KEY = "pck_test_openapi_operator_key_0123456789";
    private static final String FALLBACK = "no such endpoint";
    /** Every operation the server routes. A new route must be documented and added here. */
    private static final Set<String> EXPECTED_OPERATIONS = Set.of(
            "GET /health", "GET /openapi.yaml", "GET /openapi.json", "GET /docs", "GET /docs/try", "GET /docs/try.js",
            "GET /vendor/swagger-ui/{file}", "GET /problems/{code}",
            "GET /", "GET /console", "GET /console/{file}", "GET /h5/{id}", "GET /h5/assets/{file}",
            "POST /v1/activities", "GET /v1/activities", "GET /v1/activities/{id}",
            "POST /v1/activities/{id}/cancel", "GET /v1/activities/{id}/public", "PATCH /v1/activities/{id}",
            "POST /v1/activities/{id}/orders", "GET /v1/activities/{id}/orders", "GET /v1/activities/{id}/stats", "GET /v1/activities/{id}/stats/series", "POST /v1/activities/{id}/visits",
            "GET /v1/orders", "GET /v1/refunds/pending", "GET /v1/orders/{orderId}", "GET /v1/orders/{orderId}/events", "POST /v1/orders/{orderId}/pay", "POST /v1/orders/{orderId}/cancel",
            "POST /v1/orders/{orderId}/refund",
            "POST /v1/shops", "POST /v1/buyer-tokens", "GET /v1/keys", "POST /v1/keys", "DELETE /v1/keys/{id}", "GET /v1/audit",
            "GET /v1/settings/cors", "PUT /v1/settings/cors",
            "POST /v1/activities/{id}/codes", "GET /v1/activities/{id}/codes",
            "GET /v1/activities/{id}/groups", "GET /v1/activities/{id}/draw", "GET /v1/groups/{groupId}",
            "POST /v1/points/earn", "POST /v1/points/spend", "POST /v1/points/transfers", "POST /v1/points/freezes",
            "GET /v1/points/freezes/{freezeId}", "POST /v1/points/freezes/{freezeId}/consume",
            "POST /v1/points/freezes/{freezeId}/release", "POST /v1/points/freezes/{freezeId}/revert",
            "GET /v1/points/summary", "GET /v1/points/settings", "PUT /v1/points/settings",
            "GET /v1/settings/limits", "PUT /v1/settings/limits",
            "GET /v1/members/{buyerId}", "GET /v1/members/{buyerId}/points", "GET /v1/members/{buyerId}/points/history",
            "POST /v1/activities/{id}/grants", "GET /v1/activities/{id}/grants",

            "GET /health/live", "GET /health/ready", "GET /metrics", "GET /v1/cluster",
            "GET /v1/activities/{id}/events", "GET /v1/events",
            "POST /v1/webhooks", "GET /v1/webhooks", "GET /v1/webhooks/{id}", "DELETE /v1/webhooks/{id}",
            "POST /v1/webhooks/{id}/rotate-secret", "GET /v1/webhooks/{id}/deliveries",
            "POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver",
            "POST /v1/shares", "POST /v1/shares/{shareId}/visits", "GET /v1/activities/{id}/fission",
            "POST /v1/orders/{orderId}/helps", "GET /v1/orders/{orderId}/helps", "POST /v1/orders/{orderId}/balance",
            "GET /v1/activities/{id}/coupons/me", "POST /v1/activities/{id}/coupons/claim",
            "GET /v1/activities/{id}/codes/batches");
    /** Event streams never end by themselves: they are called with a Last-Event-ID they refuse at once. */
    private static final Set<String> STREAMS = Set.of("GET /v1/activities/{id}/events", "GET /v1/events");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    private static PeerCartServer server;
    private static HttpClient http;
    private static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        server = PeerCartServer.start(ServerConfig.embedded(dataDir, 0).withAdminKey(OPERATOR_KEY).withAllowPrivateWebhooks(true));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> yaml = call("GET", "/openapi.yaml", null, null, Map.of());
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        doc = new YAMLMapper().readTree(yaml.body());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpResponse<String> call(String method, String path, String credential, String body,
                                             Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (credential != null) b.header("Authorization", "Bearer " + credential);
        if (body != null) b.header("Content-Type", "application/json");
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The router matched nothing: 404 for an unknown path, 405 for a served path with another method. */
    private static boolean isRouterFallback(HttpResponse<String> r) throws IOException {
        if ((r.statusCode() != 404 && r.statusCode() != 405) || r.body().isEmpty()) return false;
        JsonNode p = JSON.readTree(r.body());
        if (r.statusCode() == 405) return p.path("code").asText().equals("METHOD_NOT_ALLOWED") && r.headers().firstValue("Allow").isPresent();
        return r.statusCode() == 404 && p.path("detail").asText("").startsWith(FALLBACK);
    }

    private static Set<String> documentedOperations() {
        Set<String> ops = new TreeSet<>();
        doc.path("paths").properties().forEach(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> ops.add(m.toUpperCase() + " " + p.getKey())));
        return ops;
    }

    private static String concrete(String template) {
        return template.replace("{id}", "act_placeholder").replace("{orderId}", "ord_placeholder").replace("{groupId}", "grp_placeholder")
                .replace("{freezeId}", "frz_placeholder").replace("{buyerId}", "buyer_placeholder").replace("{deliveryId}", "whd_placeholder")
                .replace("{shareId}", "shr_placeholder")
                .replace("{file}", "placeholder.js").replace("{code}", "placeholder");
    }

    private static JsonNode resolve(JsonNode node) {
        int hops = 0;
        while (node.has("$ref") && hops++ < 20) {
            JsonNode target = doc;
            for (String part : node.get("$ref").asText().substring(2).split("/")) target = target.path(part);
            assertThat(target.isMissingNode()).as("$ref %s resolves", node.get("$ref").asText()).isFalse();
            node = target;
        }
        return node;
    }

    private static JsonNode schema(String name) { return doc.path("components").path("schemas").path(name); }

    @Test
    void isOpenApi31() {
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.path("components").path("securitySchemes").path("merchantKey").path("scheme").asText()).isEqualTo("bearer");
        // a scheme of another type on the same header: generated clients keep the two credentials apart
        JsonNode buyer = doc.path("components").path("securitySchemes").path("buyerToken");
        assertThat(buyer.path("type").asText() + " " + buyer.path("in").asText() + " " + buyer.path("name").asText()).isEqualTo("apiKey header Authorization");
    }

    @Test
    void documentsExactlyTheExpectedOperations() {
        assertThat(documentedOperations()).containsExactlyInAnyOrderElementsOf(EXPECTED_OPERATIONS);
    }

    @Test
    void everyDocumentedOperationIsRouted() throws Exception {
        for (String op : documentedOperations()) {
            String method = op.substring(0, op.indexOf(' '));
            String path = concrete(op.substring(op.indexOf(' ') + 1));
            Map<String, String> headers = STREAMS.contains(op) ? Map.of("Last-Event-ID", "not-a-number") : Map.of();
            HttpResponse<String> r = call(method, path, OPERATOR_KEY, method.equals("POST") ? "{}" : null, headers);
            assertThat(isRouterFallback(r)).as("%s answers %d %s", op, r.statusCode(), r.body()).isFalse();
        }
    }

    @Test
    void nothingUndocumentedIsRoutedOnTheDocumentedPaths() throws Exception {
        Set<String> documented = documentedOperations();
        Set<String> paths = new TreeSet<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        paths.addAll(List.of("/metrics", "/v1/activities/{id}/events", "/v1/orders", "/v1/shops/{id}", "/v1/webhooks"));
        for (String template : paths) {
            for (String method : METHODS) {
                if (documented.contains(method + " " + template)) continue;
                HttpResponse<String> r = call(method, concrete(template), OPERATOR_KEY, method.equals("GET") || method.equals("DELETE") ? null : "{}", Map.of());
                assertThat(isRouterFallback(r)).as("%s %s is not documented but answers %d %s", method, template, r.statusCode(), r.body()).isTrue();
            }
        }
    }

    @Test
    void everyCodeIsDocumentedWithItsStatus() {
        JsonNode problem = schema("Problem");
        Set<String> documented = new TreeSet<>();
        problem.path("properties").path("code").path("enum").forEach(c -> documented.add(c.asText()));
        Set<String> codes = new TreeSet<>();
        for (Code c : Code.values()) {
            codes.add(c.name());
            assertThat(problem.path("x-peercart-code-status").path(c.name()).asInt()).as("status of %s", c).isEqualTo(c.httpStatus());
            assertThat(problem.path("x-peercart-code-title").path(c.name()).asText()).as("title of %s", c).startsWith(c.title());
        }
        assertThat(documented).isEqualTo(codes);
    }

    @Test
    void everyOperationListsItsErrorsWithMatchingResponses() {
        JsonNode status = schema("Problem").path("x-peercart-code-status");
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            String op = m.getKey().toUpperCase() + " " + p.getKey();
            JsonNode o = m.getValue();
            assertThat(o.path("summary").asText()).as("summary of %s", op).isNotBlank();
            assertThat(o.path("x-peercart-who").asText()).as("who may call %s", op).isNotBlank();
            assertThat(o.has("security")).as("security of %s", op).isTrue();
            assertThat(o.path("x-peercart-errors").isArray()).as("error codes of %s", op).isTrue();
            for (JsonNode c : o.path("x-peercart-errors")) {
                assertThat(status.has(c.asText())).as("%s lists unknown code %s", op, c).isTrue();
                assertThat(o.path("responses").has(status.path(c.asText()).asText()))
                        .as("%s lists %s but has no %s response", op, c, status.path(c.asText())).isTrue();
            }
            if (m.getKey().equals("post"))
                assertThat(o.path("parameters").toString()).as("%s takes Idempotency-Key", op).contains("IdempotencyKey");
            // a read-scoped key is refused every write: any write a merchant key may call can answer 403
            if (!m.getKey().equals("get") && o.path("security").toString().contains("merchantKey"))
                assertThat(o.path("x-peercart-errors").toString()).as("%s lists FORBIDDEN (read keys)", op).contains("\"FORBIDDEN\"");
            o.path("responses").properties().forEach(r -> {
                if (!resolve(r.getValue()).path("content").has("application/problem+json")) return;
                boolean listed = false;
                for (JsonNode c : o.path("x-peercart-errors")) listed |= status.path(c.asText()).asText().equals(r.getKey());
                assertThat(listed).as("%s answers problem %s but lists no code with that status", op, r.getKey()).isTrue();
            });
        }));
    }

    /** Redocly's operation-2xx-response is off for GET / only (tools/redocly/redocly.yaml): here it holds for the rest. */
    @Test
    void everyOperationButTheRedirectHasA2xxAnswer() {
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            List<String> statuses = new ArrayList<>();
            m.getValue().path("responses").fieldNames().forEachRemaining(statuses::add);
            if (p.getKey().equals("/")) assertThat(statuses).as("GET /").contains("302");
            else assertThat(statuses).as("%s %s", m.getKey(), p.getKey()).anyMatch(s -> s.startsWith("2"));
        }));
    }

    @Test
    void everyEventTypeHasAWebhookWithItsDataAndTheEventEnvelope() {
        JsonNode hooks = doc.path("webhooks");
        assertThat(hooks.size()).isGreaterThanOrEqualTo(40);
        hooks.properties().forEach(h -> {
            JsonNode schema = resolve(h.getValue().path("post").path("requestBody").path("content").path("application/json").path("schema"));
            assertThat(schema.path("allOf").path(0).path("$ref").asText()).as("%s is an Event", h.getKey()).isEqualTo("#/components/schemas/Event");
            assertThat(schema.path("allOf").path(1).path("properties").path("type").path("enum").toString()).as("%s names its type", h.getKey())
                    .contains("\"" + h.getKey() + "\"");
            assertThat(schema.path("allOf").path(1).path("properties").has("data")).as("%s describes its data", h.getKey()).isTrue();
        });
    }

    @Test
    void everyReferenceResolves() {
        List<JsonNode> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        refs.forEach(OpenApiTest::resolve);
    }

    private static void collectRefs(JsonNode n, List<JsonNode> out) {
        if (n.has("$ref")) out.add(n);
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) collectRefs(it.next(), out);
    }

    @Test
    void jsonFormIsTheSameDocumentAndDocsPageIsServed() throws Exception {
        HttpResponse<String> json = call("GET", "/openapi.json", null, null, Map.of());
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(json.body())).isEqualTo(doc);
        HttpResponse<String> docs = call("GET", "/docs", null, null, Map.of());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(docs.body()).contains("/openapi.json").doesNotContain("http://", "https://cdn");
    }

    @Test
    void answersHaveExactlyTheDocumentedFields() throws Exception {
        String start = Instant.now().minusSeconds(60).toString();
        String end = Instant.now().plusSeconds(3600).toString();
        HttpResponse<String> created = call("POST", "/v1/activities", OPERATOR_KEY,
                "{\"type\":\"seckill\",\"name\":\"Shape check\",\"startsAt\":\"" + start + "\",\"endsAt\":\"" + end + "\","
                        + "\"items\":[{\"sku\":\"SHAPE-1\",\"price\":9900,\"originalPrice\":19900,\"stock\":10}]}", Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode activity = assertShape(created.body(), "Activity");
        String id = activity.get("id").asText();

        JsonNode token = assertShape(call("POST", "/v1/buyer-tokens", OPERATOR_KEY, "{\"buyerId\":\"shape-buyer\"}", Map.of()).body(), "BuyerToken");
        assertShape(call("POST", "/v1/buyer-tokens", OPERATOR_KEY, "{\"buyers\":[{\"buyerId\":\"b1\"},{\"buyerId\":\"b2\"}]}", Map.of()).body(), "BuyerTokenBatch");
        HttpResponse<String> placed = call("POST", "/v1/activities/" + id + "/orders", token.get("token").asText(), "{\"quantity\":1}", Map.of());
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String orderId = assertShape(placed.body(), "Order").get("orderId").asText();
        assertThat(placed.headers().firstValue("Location")).hasValue("/v1/orders/" + orderId);

        assertShape(call("GET", "/v1/orders/" + orderId, OPERATOR_KEY, null, Map.of()).body(), "Order");
        assertShape(call("POST", "/v1/orders/" + orderId + "/pay", OPERATOR_KEY, "{\"paymentRef\":\"pay-1\"}", Map.of()).body(), "Order");
        assertShape(call("GET", "/v1/activities/" + id, OPERATOR_KEY, null, Map.of()).body(), "Activity");
        assertShape(call("GET", "/v1/activities?limit=1", OPERATOR_KEY, null, Map.of()).body(), "ActivityPage");
        assertShape(call("GET", "/v1/activities/" + id + "/orders", OPERATOR_KEY, null, Map.of()).body(), "OrderPage");
        assertShape(call("GET", "/v1/orders?status=RELEASED,PAID&activityId=" + id, OPERATOR_KEY, null, Map.of()).body(), "OrderPage");
        assertShape(call("GET", "/v1/refunds/pending", OPERATOR_KEY, null, Map.of()).body(), "RefundPage");
        assertShape(call("GET", "/v1/activities/" + id + "/public", null, null, Map.of()).body(), "PublicActivity");
        assertShape(call("GET", "/v1/activities/" + id + "/stats", OPERATOR_KEY, null, Map.of()).body(), "Stats");
        assertShape(call("GET", "/health", null, null, Map.of()).body(), "Health");
        assertShape(call("GET", "/health/live", null, null, Map.of()).body(), "Health");
        assertShape(call("GET", "/health/ready", null, null, Map.of()).body(), "Readiness");
        JsonNode hook = assertShape(call("POST", "/v1/webhooks", OPERATOR_KEY, "{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"order.*\"]}", Map.of()).body(), "Webhook");
        assertThat(hook.has("secret")).isTrue();
        assertShape(call("GET", "/v1/webhooks/" + hook.get("id").asText(), OPERATOR_KEY, null, Map.of()).body(), "Webhook");
        assertShape(call("GET", "/v1/webhooks", OPERATOR_KEY, null, Map.of()).body(), "WebhookPage");
        assertShape(call("POST", "/v1/webhooks/" + hook.get("id").asText() + "/rotate-secret", OPERATOR_KEY, null, Map.of()).body(), "Webhook");
        assertShape(call("GET", "/v1/webhooks/" + hook.get("id").asText() + "/deliveries", OPERATOR_KEY, null, Map.of()).body(), "WebhookDeliveryPage");
        assertShape(call("POST", "/v1/shops", OPERATOR_KEY, "{\"name\":\"Shape shop\"}", Map.of()).body(), "NewShop");
        JsonNode key = assertShape(call("POST", "/v1/keys", OPERATOR_KEY, "{\"name\":\"Shape key\",\"scope\":\"read\"}", Map.of()).body(), "NewApiKey");
        assertThat(key.get("key").asText()).startsWith(key.get("hint").asText());
        assertShape(call("GET", "/v1/keys", OPERATOR_KEY, null, Map.of()).body(), "ApiKeyPage");
        assertShape(call("POST", "/v1/orders/" + orderId + "/refund", OPERATOR_KEY, null, Map.of()).body(), "Order");
        JsonNode audit = assertShape(call("GET", "/v1/audit?limit=3", OPERATOR_KEY, null, Map.of()).body(), "AuditPage");
        assertThat(audit.get("items").get(0).get("action").asText()).isEqualTo("order.refund");
        JsonNode problem = assertShape(call("POST", "/v1/activities/" + id + "/orders", token.get("token").asText(), "{\"sku\":\"NOPE\"}", Map.of()).body(), "Problem");
        assertThat(problem.get("code").asText()).isEqualTo("UNKNOWN_SKU");

        HttpResponse<String> auction = call("POST", "/v1/activities", OPERATOR_KEY,
                "{\"type\":\"auction\",\"name\":\"Shape auction\",\"startsAt\":\"" + start + "\",\"endsAt\":\"" + end + "\","
                        + "\"items\":[{\"sku\":\"SHAPE-A\",\"stock\":10}],"
                        + "\"rules\":{\"startPrice\":10000,\"floorPrice\":5000,\"dropAmount\":100,\"dropIntervalSeconds\":600}}", Map.of());
        assertThat(auction.statusCode()).as(auction.body()).isEqualTo(201);
        String auctionId = assertShape(auction.body(), "Activity").get("id").asText();
        assertThat(assertShape(call("GET", "/v1/activities/" + auctionId + "/public", null, null, Map.of()).body(), "PublicActivity")
                .get("auction").get("floorPrice").asLong()).isEqualTo(5000);
        JsonNode changed = assertShape(call("POST", "/v1/activities/" + auctionId + "/orders", token.get("token").asText(),
                "{\"expectedPrice\":1}", Map.of()).body(), "Problem");
        assertThat(changed.get("code").asText()).isEqualTo("PRICE_CHANGED");
        assertThat(changed.has("currentPrice")).isTrue();

        HttpResponse<String> fCode = call("POST", "/v1/activities", OPERATOR_KEY,
                "{\"type\":\"fCode\",\"name\":\"Shape codes\",\"startsAt\":\"" + start + "\",\"endsAt\":\"" + end + "\","
                        + "\"items\":[{\"sku\":\"SHAPE-F\",\"price\":100,\"stock\":10}]}", Map.of());
        assertThat(fCode.statusCode()).as(fCode.body()).isEqualTo(201);
        String fCodeId = JSON.readTree(fCode.body()).get("id").asText();
        assertShape(call("GET", "/v1/activities/" + fCodeId + "/public", null, null, Map.of()).body(), "PublicActivity");
        HttpResponse<String> batch = call("POST", "/v1/activities/" + fCodeId + "/codes", OPERATOR_KEY, "{\"count\":3,\"prefix\":\"SH\"}", Map.of());
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(201);
        assertShape(batch.body(), "CodeBatch");
        JsonNode codes = assertShape(call("GET", "/v1/activities/" + fCodeId + "/codes?limit=2", OPERATOR_KEY, null, Map.of()).body(), "CodePage");
        String code = codes.get("items").get(0).get("code").asText();
        HttpResponse<String> withCode = call("POST", "/v1/activities/" + fCodeId + "/orders", token.get("token").asText(),
                "{\"code\":\"" + code + "\"}", Map.of());
        assertThat(withCode.statusCode()).as(withCode.body()).isEqualTo(201);
        assertShape(withCode.body(), "Order");
        assertShape(call("GET", "/v1/activities/" + fCodeId + "/codes?status=LOCKED", OPERATOR_KEY, null, Map.of()).body(), "CodePage");
        JsonNode fStats = assertShape(call("GET", "/v1/activities/" + fCodeId + "/stats", OPERATOR_KEY, null, Map.of()).body(), "Stats");
        assertThat(fStats.get("fCode").get("locked").asLong()).isEqualTo(1);
        assertThat(fStats.get("fCode").get("codes").asLong()).isEqualTo(3);
        assertThat(assertShape(call("GET", "/v1/activities/" + auctionId + "/stats", OPERATOR_KEY, null, Map.of()).body(), "Stats")
                .get("auction").get("floorPrice").asLong()).isEqualTo(5000);
    }

    @Test
    void pointsAnswersHaveExactlyTheDocumentedFields() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "shape-earn");
        HttpResponse<String> earned = call("POST", "/v1/points/earn", OPERATOR_KEY,
                "{\"buyerId\":\"shape-p1\",\"amount\":500,\"reason\":\"shape\"}", key);
        assertThat(earned.statusCode()).as(earned.body()).isEqualTo(201);
        assertShape(earned.body(), "PointsReceipt");
        assertShape(call("POST", "/v1/points/spend", OPERATOR_KEY, "{\"buyerId\":\"shape-p1\",\"amount\":5}",
                Map.of("Idempotency-Key", "shape-spend")).body(), "PointsReceipt");
        assertShape(call("POST", "/v1/points/transfers", OPERATOR_KEY, "{\"toBuyerId\":\"shape-p2\",\"amount\":5}",
                Map.of("Idempotency-Key", "shape-transfer", "X-Buyer-Id", "shape-p1")).body(), "PointsReceipt");
        JsonNode freeze = assertShape(call("POST", "/v1/points/freezes", OPERATOR_KEY, "{\"buyerId\":\"shape-p1\",\"amount\":5}",
                Map.of("Idempotency-Key", "shape-freeze")).body(), "PointsFreeze");
        String freezeId = freeze.get("freezeId").asText();
        assertShape(call("GET", "/v1/points/freezes/" + freezeId, OPERATOR_KEY, null, Map.of()).body(), "PointsFreeze");
        assertShape(call("POST", "/v1/points/freezes/" + freezeId + "/release", OPERATOR_KEY, null, Map.of()).body(), "PointsFreeze");
        assertShape(call("GET", "/v1/members/shape-p1/points", OPERATOR_KEY, null, Map.of()).body(), "MemberPoints");
        assertShape(call("GET", "/v1/members/shape-p1/points/history?limit=2", OPERATOR_KEY, null, Map.of()).body(), "PointsHistoryPage");
        assertShape(call("GET", "/v1/points/summary", OPERATOR_KEY, null, Map.of()).body(), "PointsSummary");
        assertShape(call("PUT", "/v1/points/settings", OPERATOR_KEY, "{\"feePercent\":1.5}", Map.of()).body(), "PointsSettings");
        assertShape(call("GET", "/v1/points/settings", OPERATOR_KEY, null, Map.of()).body(), "PointsSettings");
        assertShape(call("PUT", "/v1/settings/limits", OPERATOR_KEY, "{\"codes\":{\"perBuyerPerMinute\":30}}", Map.of()).body(), "RateLimits");
        assertShape(call("GET", "/v1/settings/limits", OPERATOR_KEY, null, Map.of()).body(), "RateLimits");
        assertShape(call("PUT", "/v1/settings/cors", OPERATOR_KEY, "{\"allowedOrigins\":[\"https://shape.example.com\"]}", Map.of()).body(), "CorsSettings");
        assertShape(call("GET", "/v1/settings/cors", OPERATOR_KEY, null, Map.of()).body(), "CorsSettings");

        String start = Instant.now().minusSeconds(60).toString();
        String end = Instant.now().plusSeconds(3600).toString();
        HttpResponse<String> exchange = call("POST", "/v1/activities", OPERATOR_KEY,
                "{\"type\":\"pointsExchange\",\"name\":\"Shape points\",\"startsAt\":\"" + start + "\",\"endsAt\":\"" + end + "\","
                        + "\"items\":[{\"sku\":\"SHAPE-P\",\"pointsPrice\":100,\"cashPrice\":500,\"stock\":10}]}", Map.of());
        assertThat(exchange.statusCode()).as(exchange.body()).isEqualTo(201);
        String exchangeId = assertShape(exchange.body(), "Activity").get("id").asText();
        assertShape(call("GET", "/v1/activities/" + exchangeId + "/public", null, null, Map.of()).body(), "PublicActivity");
        HttpResponse<String> present = call("POST", "/v1/activities", OPERATOR_KEY,
                "{\"type\":\"presentExchange\",\"name\":\"Shape gift\",\"startsAt\":\"" + start + "\",\"endsAt\":\"" + end + "\","
                        + "\"items\":[{\"sku\":\"SHAPE-G\",\"stock\":10}],\"rules\":{\"openClaims\":false}}", Map.of());
        assertThat(present.statusCode()).as(present.body()).isEqualTo(201);
        String presentId = present.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        assertShape(call("POST", "/v1/activities/" + presentId + "/grants", OPERATOR_KEY, "{\"buyerIds\":[\"g1\"]}", Map.of()).body(), "PresentGrants");
        assertShape(call("GET", "/v1/activities/" + presentId + "/grants", OPERATOR_KEY, null, Map.of()).body(), "PresentGrantPage");
    }

    /** The answer has exactly the properties of the schema, recursively into objects and arrays. */
    private static JsonNode assertShape(String body, String schemaName) throws IOException {
        JsonNode value = JSON.readTree(body);
        assertShape(value, schema(schemaName), schemaName);
        return value;
    }

    private static void assertShape(JsonNode value, JsonNode schema0, String where) {
        JsonNode schema = resolve(schema0);
        if (schema.has("oneOf") || value.isNull()) return;
        if (value.isArray() && schema.has("items")) {
            for (JsonNode element : value) assertShape(element, schema.get("items"), where + "[]");
            return;
        }
        if (!value.isObject() || !schema.has("properties")) return;
        Set<String> actual = new TreeSet<>();
        value.fieldNames().forEachRemaining(actual::add);
        Set<String> documented = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(documented::add);
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        assertThat(actual).as("fields of %s", where).isSubsetOf(documented).containsAll(required);
        value.properties().forEach(f -> assertShape(f.getValue(), schema.get("properties").get(f.getKey()), where + "." + f.getKey()));
    }
}
