package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A small HTTP client for the tests: requests with a credential, answers as status, headers and
 * parsed JSON. Every answer with a 5xx status is remembered, so a test can assert at the end that
 * the server never failed (the API promises 4xx for every mistake of the caller). Every 2xx and
 * 4xx JSON answer is validated against the OpenAPI document's schema for its operation and
 * status ({@link ContractSchemas}): a mismatch fails the call with an AssertionError. Thread-safe.
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String base;
    private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());

    ApiClient(int port) {
        this(port, null);
    }

    /** @param executor the client's own threads (null: the JDK default) */
    ApiClient(int port, Executor executor) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        if (executor != null) b.executor(executor);
        this.http = b.build();
        this.base = "http://127.0.0.1:" + port;
    }

    /** One answer. {@code json} is null when the body is not JSON. */
    record Response(int status, HttpResponse<String> raw, JsonNode json) {
        String body() { return raw.body(); }

        Optional<String> header(String name) { return raw.headers().firstValue(name); }

        String contentType() { return header("Content-Type").orElse(""); }

        String text(String field) {
            JsonNode n = json == null ? null : json.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }

        long number(String field) { return json.get(field).asLong(); }

        String code() { return text("code"); }

        @Override
        public String toString() { return status + " " + raw.body(); }
    }

    /** A request being built: path, credential, extra headers, body. */
    final class Call {
        private final String method, path;
        private String auth;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        private String contentType;

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Call auth(String credential) {
            this.auth = credential;
            return this;
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Call idempotencyKey(String key) { return header("Idempotency-Key", key); }

        /** The body's media type, instead of application/json (set after the body). */
        Call contentType(String type) {
            this.contentType = type;
            return this;
        }

        Call buyer(String buyerId) { return header("X-Buyer-Id", buyerId); }

        Call json(Object value) {
            try {
                return raw(value instanceof String s ? s : JSON.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }

        Call raw(String text) {
            return raw(HttpRequest.BodyPublishers.ofString(text));
        }

        Call raw(HttpRequest.BodyPublisher publisher) {
            this.body = publisher;
            this.contentType = "application/json";
            return this;
        }

        HttpRequest request() {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).method(method, body);
            if (auth != null) b.header("Authorization", "Bearer " + auth);
            if (contentType != null) b.header("Content-Type", contentType);
            headers.forEach(b::header);
            return b.build();
        }

        Response send() {
            try {
                return answer(http.send(request(), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    Call get(String path) { return new Call("GET", path); }

    Call post(String path) { return new Call("POST", path); }

    Call patch(String path) { return new Call("PATCH", path); }

    Call call(String method, String path) { return new Call(method, path); }

    private Response answer(HttpResponse<String> r) {
        if (r.statusCode() >= 500) serverErrors.add(r.request().method() + " " + r.request().uri().getPath() + " -> " + r.statusCode() + " " + r.body());
        JsonNode json = null;
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json") && !r.body().isEmpty()) {
            try {
                json = JSON.readTree(r.body());
            } catch (JsonProcessingException e) {
                throw new AssertionError("answer is not JSON: " + r.body(), e);
            }
            int family = r.statusCode() / 100;
            if (family == 2 || family == 4) {
                List<String> wrong = ContractSchemas.get().check(r.request().method(), r.request().uri().getPath(), r.statusCode(), type, r.body());
                if (!wrong.isEmpty()) throw new AssertionError("the answer does not match the OpenAPI document:\n  " + String.join("\n  ", wrong));
            }
        }
        return new Response(r.statusCode(), r, json);
    }

    /** Every 5xx answer seen so far (the API promises none). */
    List<String> serverErrors() {
        synchronized (serverErrors) {
            return List.copyOf(serverErrors);
        }
    }

    // ---- the common steps, asserted ----

    /** A seckill activity running now: one sku with {@code stock} units at 9900 fen. */
    static Map<String, Object> seckill(String name, String sku, long stock, int limitPerBuyer, Instant now) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", sku);
        item.put("price", 9900);
        item.put("originalPrice", 19900);
        item.put("stock", stock);
        item.put("limitPerBuyer", limitPerBuyer);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "seckill");
        a.put("name", name);
        a.put("startsAt", now.minus(Duration.ofMinutes(1)).toString());
        a.put("endsAt", now.plus(Duration.ofDays(1)).toString());
        a.put("items", List.of(item));
        return a;
    }

    String createActivity(String merchantKey, Map<String, Object> body) {
        Response r = post("/v1/activities").auth(merchantKey).json(body).send();
        assertThat(r.status()).as("create activity: %s", r).isEqualTo(201);
        return r.text("id");
    }

    String token(String merchantKey, String buyerId) {
        Response r = post("/v1/buyer-tokens").auth(merchantKey).json(Map.of("buyerId", buyerId)).send();
        assertThat(r.status()).as("mint token: %s", r).isEqualTo(201);
        return r.text("token");
    }

    /** Tokens for many buyers, minted in batches of at most 1000 (the API's limit per call). */
    Map<String, String> tokens(String merchantKey, List<String> buyerIds) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int from = 0; from < buyerIds.size(); from += 1000) {
            List<Map<String, Object>> batch = buyerIds.subList(from, Math.min(buyerIds.size(), from + 1000)).stream()
                    .map(id -> Map.<String, Object>of("buyerId", id)).toList();
            Response r = post("/v1/buyer-tokens").auth(merchantKey).json(Map.of("buyers", batch)).send();
            assertThat(r.status()).as("mint tokens: %s", r).isEqualTo(201);
            for (JsonNode t : r.json().get("tokens")) out.put(t.get("buyerId").asText(), t.get("token").asText());
        }
        return out;
    }

    JsonNode stats(String merchantKey, String activityId) {
        Response r = get("/v1/activities/" + activityId + "/stats").auth(merchantKey).send();
        assertThat(r.status()).as("stats: %s", r).isEqualTo(200);
        return r.json();
    }

    /** Every order of an activity, following the cursor page by page. */
    List<JsonNode> allOrders(String merchantKey, String activityId, int pageSize) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 100_000; pages++) {
            String q = "/v1/activities/" + activityId + "/orders?limit=" + pageSize
                    + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
            Response r = get(q).auth(merchantKey).send();
            assertThat(r.status()).as("orders page: %s", r).isEqualTo(200);
            r.json().get("items").forEach(out::add);
            JsonNode next = r.json().get("nextCursor");
            if (next == null || next.isNull()) return out;
            cursor = next.asText();
        }
        throw new AssertionError("the order list never ended");
    }

    /** Asserts the stock invariant on the whole activity and on every sku; returns the total. */
    static JsonNode assertStockAddsUp(JsonNode stats) {
        JsonNode s = stats.get("stock");
        assertThat(s.get("total").asLong()).as("total = available + leased + reserved + sold: %s", s)
                .isEqualTo(s.get("available").asLong() + s.get("leased").asLong() + s.get("reserved").asLong() + s.get("sold").asLong());
        for (JsonNode sku : stats.get("skus")) {
            JsonNode k = sku.get("stock");
            assertThat(k.get("total").asLong()).as("sku %s adds up: %s", sku.get("sku"), k)
                    .isEqualTo(k.get("available").asLong() + k.get("leased").asLong() + k.get("reserved").asLong() + k.get("sold").asLong());
        }
        return s;
    }

    /** Polls until the condition holds or the deadline passes (no sleeping and hoping). */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        awaitValue(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    static <T> T awaitValue(String what, Duration timeout, Supplier<T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = value.get();
            if (v != null) return v;
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            try {
                Thread.sleep(50); // a polling interval under a deadline, not a guess at how long it takes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
