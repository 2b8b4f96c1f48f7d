package io.peercart.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The demo's calls to its own server, over loopback HTTP like any merchant backend or buyer's
 * phone: the demo has no way in but the public API, so what the dashboards show is what a real
 * campaign would make them show. One JDK {@link HttpClient}, callable from any number of
 * (virtual) threads; a semaphore bounds the requests in flight, and with them the connections.
 */
final class LoopbackClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** An answer: its status and its JSON body (an empty object when there is none). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem's stable code for a refusal, else "HTTP " + status. */
        String code() {
            String code = body.path("code").asText("");
            return code.isEmpty() ? "HTTP " + status : code;
        }

        String text(String field) {
            return body.path(field).asText(null);
        }
    }

    private final URI base;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final ObjectMapper json = new ObjectMapper();

    LoopbackClient(URI base, int maxInFlight) {
        this.base = base;
        this.inFlight = new Semaphore(maxInFlight);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    URI base() {
        return base;
    }

    ObjectMapper json() {
        return json;
    }

    Answer get(String path, String bearer) throws IOException, InterruptedException {
        return send(request(path, bearer).GET().build());
    }

    /** A POST of {@code body} (a JSON text, or an object Jackson writes) with an Idempotency-Key, as every POST should carry. */
    Answer post(String path, String bearer, Object body, String idempotencyKey) throws IOException, InterruptedException {
        return send(request(path, bearer).header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(text(body), StandardCharsets.UTF_8)).build());
    }

    Answer put(String path, String bearer, Object body) throws IOException, InterruptedException {
        return send(request(path, bearer).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(text(body), StandardCharsets.UTF_8)).build());
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String text(Object body) throws IOException {
        return body instanceof String s ? s : json.writeValueAsString(body);
    }

    private HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Accept", "application/json");
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return b;
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        inFlight.acquire();
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } finally {
            inFlight.release();
        }
        String text = response.body();
        JsonNode body;
        try {
            body = text == null || text.isEmpty() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException notJson) {
            body = json.createObjectNode().put("raw", text.length() > 200 ? text.substring(0, 200) : text);
        }
        return new Answer(response.statusCode(), body);
    }

    @Override
    public void close() {
        http.shutdownNow();
        http.close();
    }
}
