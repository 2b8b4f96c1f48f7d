package io.peercart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The merchant-side calls the bench makes outside the measured phases: create the activity, mint
 * buyer tokens, read stats and page through orders. Plain HTTP with the operator key.
 */
final class AdminApi implements AutoCloseable {
    /** The server takes at most this many buyers per batch call. */
    static final int TOKEN_BATCH = 1000;
    static final int ORDER_PAGE = 500;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final String operatorKey;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    AdminApi(URI base, String operatorKey) {
        this.base = base;
        this.operatorKey = operatorKey;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    record Activity(String id, String status) {
    }

    /** A figure so large that a load run from one machine never reaches it (the server's maximum). */
    static final int OUT_OF_THE_WAY = 10_000_000;

    /**
     * Sets the rate limits of the operator's shop for a load run (docs/benchmarks.md). {@code on}:
     * limits enabled and checked on every request, with every budget raised out of the way, since
     * all the simulated buyers come from this one machine and each re-sends for seconds at
     * thousands of requests a second; the check costs the same whatever the figure. Off: the shop's
     * limits are disabled.
     */
    void rateLimits(boolean on) throws BenchException {
        ObjectNode body = json.createObjectNode().put("enabled", on);
        if (on) {
            for (String budget : List.of("orders", "helps", "codes", "reads", "writes")) {
                body.putObject(budget).put("perBuyerPerMinute", OUT_OF_THE_WAY).put("perIpPerMinute", OUT_OF_THE_WAY)
                        .put("perKeyPerMinute", OUT_OF_THE_WAY);
            }
        }
        HttpRequest request = request("/v1/settings/limits").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        send(request, 200);
    }

    Activity createSeckill(String name, String sku, int stock, Instant now) throws BenchException {
        ObjectNode body = json.createObjectNode()
                .put("type", "seckill")
                .put("name", name)
                .put("startsAt", now.minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("endsAt", now.plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        body.putArray("items").addObject()
                .put("sku", sku).put("price", 100).put("stock", stock).put("limitPerBuyer", 1);
        JsonNode created = post("/v1/activities", body, 201);
        return new Activity(text(created, "id"), created.path("status").asText("?"));
    }

    /** The rules of a groupOn activity the group simulation creates. */
    record GroupOnRules(int groupSize, int groupTtlSeconds, int payWindowSeconds) {
    }

    /** A running groupOn activity of one sku with its open groups shown (凑团 list), 1 unit per buyer. */
    Activity createGroupOn(String name, String sku, int stock, GroupOnRules rules, Instant now, Duration length)
            throws BenchException {
        ObjectNode body = json.createObjectNode()
                .put("type", "groupOn")
                .put("name", name)
                .put("startsAt", now.minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("endsAt", now.plus(length).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("payWindowSeconds", rules.payWindowSeconds());
        body.putArray("items").addObject()
                .put("sku", sku).put("price", 12_900).put("groupPrice", 9_900).put("stock", stock).put("limitPerBuyer", 1);
        body.putObject("rules")
                .put("groupSize", rules.groupSize())
                .put("groupTtlSeconds", rules.groupTtlSeconds())
                .put("showOpenGroups", true);
        JsonNode created = post("/v1/activities", body, 201);
        return new Activity(text(created, "id"), created.path("status").asText("?"));
    }

    /** Pages through the activity's groups (all, or of one status) as the merchant sees them, with members. */
    int forEachGroup(String activityId, String status, Consumer<JsonNode> action) throws BenchException {
        String cursor = null;
        int pages = 0;
        do {
            String path = "/v1/activities/" + activityId + "/groups?limit=" + ORDER_PAGE
                    + (status == null ? "" : "&status=" + status)
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = get(path);
            page.path("items").forEach(action);
            JsonNode next = page.path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() || next.asText().isEmpty() ? null : next.asText();
            if (++pages > 1_000_000) {
                throw new BenchException("group listing does not end (cursor " + cursor + ")");
            }
        } while (cursor != null);
        return pages;
    }

    /** Whether the activity has a group of this status (one row read). */
    boolean hasGroup(String activityId, String status) throws BenchException {
        return get("/v1/activities/" + activityId + "/groups?limit=1&status=" + status).path("items").size() > 0;
    }

    /** Mints a token for each buyer id, in batches; returns the tokens in the ids' order. */
    List<String> mintTokens(List<String> buyerIds) throws BenchException {
        List<String> tokens = new ArrayList<>(buyerIds.size());
        for (int from = 0; from < buyerIds.size(); from += TOKEN_BATCH) {
            List<String> batch = buyerIds.subList(from, Math.min(buyerIds.size(), from + TOKEN_BATCH));
            ObjectNode body = json.createObjectNode();
            ArrayNode buyers = body.putArray("buyers");
            batch.forEach(id -> buyers.addObject().put("buyerId", id));
            JsonNode answer = post("/v1/buyer-tokens", body, 201);
            Map<String, String> byBuyer = new HashMap<>();
            for (JsonNode t : answer.path("tokens")) {
                byBuyer.put(t.path("buyerId").asText(), t.path("token").asText());
            }
            for (String id : batch) {
                String token = byBuyer.get(id);
                if (token == null || token.isEmpty()) {
                    throw new BenchException("no token minted for buyer " + id + " in " + abbreviate(answer.toString()));
                }
                tokens.add(token);
            }
        }
        return tokens;
    }

    /** Best effort: frees the activity's sku for a later run against the same server. */
    boolean cancel(String activityId) {
        try {
            post("/v1/activities/" + activityId + "/cancel", json.createObjectNode(), 200);
            return true;
        } catch (BenchException e) {
            return false;
        }
    }

    JsonNode stats(String activityId) throws BenchException {
        return get("/v1/activities/" + activityId + "/stats");
    }

    /** Pages through every order of the activity; returns the number of pages read. */
    int forEachOrder(String activityId, Consumer<JsonNode> action) throws BenchException {
        String cursor = null;
        int pages = 0;
        do {
            String path = "/v1/activities/" + activityId + "/orders?limit=" + ORDER_PAGE
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = get(path);
            page.path("items").forEach(action);
            JsonNode next = page.path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() || next.asText().isEmpty() ? null : next.asText();
            if (++pages > 1_000_000) {
                throw new BenchException("order listing does not end (cursor " + cursor + ")");
            }
        } while (cursor != null);
        return pages;
    }

    /** The start of an activity's body: running since a minute before {@code now}, for {@code length}; items and rules to add. */
    ObjectNode activityBody(String type, String name, Instant now, Duration length) {
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        return json.createObjectNode().put("type", type).put("name", name)
                .put("startsAt", start.minus(1, ChronoUnit.MINUTES).toString()).put("endsAt", start.plus(length).toString());
    }

    /** Creates an activity from the whole body; answers its id and status. */
    Activity createActivity(ObjectNode body) throws BenchException {
        JsonNode created = post("/v1/activities", body, 201);
        return new Activity(text(created, "id"), created.path("status").asText("?"));
    }

    /** A fresh object node, for bodies. */
    ObjectNode object() {
        return json.createObjectNode();
    }

    /**
     * Mints a token for each buyer given as a body's buyer entry ({@code buyerId}, optionally
     * {@code newCustomer}, {@code deviceId}, ...), in batches; returns the tokens in their order.
     */
    List<String> mintTokensFor(List<ObjectNode> buyers) throws BenchException {
        List<String> tokens = new ArrayList<>(buyers.size());
        for (int from = 0; from < buyers.size(); from += TOKEN_BATCH) {
            List<ObjectNode> batch = buyers.subList(from, Math.min(buyers.size(), from + TOKEN_BATCH));
            ObjectNode body = json.createObjectNode();
            body.putArray("buyers").addAll(batch);
            JsonNode answer = post("/v1/buyer-tokens", body, 201);
            Map<String, String> byBuyer = new HashMap<>();
            answer.path("tokens").forEach(t -> byBuyer.put(t.path("buyerId").asText(), t.path("token").asText()));
            for (ObjectNode b : batch) {
                String token = byBuyer.get(b.path("buyerId").asText());
                if (token == null || token.isEmpty()) {
                    throw new BenchException("no token minted for buyer " + b + " in " + abbreviate(answer.toString()));
                }
                tokens.add(token);
            }
        }
        return tokens;
    }

    /** The merchant's payment callback for an order. */
    JsonNode pay(String orderId) throws BenchException {
        return post("/v1/orders/" + orderId + "/pay", json.createObjectNode().put("paymentRef", "bench-" + orderId), 200);
    }

    JsonNode post(String path, JsonNode body, int expectedStatus) throws BenchException {
        return postAs(operatorKey, path, body, expectedStatus);
    }

    /** A POST with another credential (a buyer token). */
    JsonNode postAs(String bearer, String path, JsonNode body, int expectedStatus) throws BenchException {
        HttpRequest request = request(path, bearer)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "bench-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return send(request, expectedStatus);
    }

    JsonNode put(String path, JsonNode body, int expectedStatus) throws BenchException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(), expectedStatus);
    }

    JsonNode get(String path) throws BenchException {
        return send(request(path).GET().build(), 200);
    }

    private HttpRequest.Builder request(String path) {
        return request(path, operatorKey);
    }

    private HttpRequest.Builder request(String path, String bearer) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request, int expectedStatus) throws BenchException {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BenchException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
        if (response.statusCode() != expectedStatus) {
            throw new BenchException(request.method() + " " + request.uri().getPath() + " answered "
                    + response.statusCode() + " (expected " + expectedStatus + "): " + abbreviate(response.body()));
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new BenchException(request.method() + " " + request.uri().getPath() + " answered no JSON: "
                    + abbreviate(response.body()), e);
        }
    }

    private static String text(JsonNode node, String field) throws BenchException {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw new BenchException("answer has no \"" + field + "\": " + abbreviate(node.toString()));
        }
        return value.asText();
    }

    static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    @Override
    public void close() {
        client.close();
    }
}
