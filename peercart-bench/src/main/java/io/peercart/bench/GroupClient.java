package io.peercart.bench;

import io.peercart.core.crowd.CrowdPlan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;

/**
 * The buyers' calls of the group simulation (order, pay, list open groups) over one JDK
 * {@link HttpClient}, callable from any number of virtual threads. A semaphore bounds the
 * requests in flight, and so the client's connections. Every 5xx answer is recorded.
 */
final class GroupClient implements AutoCloseable {
    static final int MAX_SERVER_ERRORS_KEPT = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An answer: its status, its JSON body (an empty object when none), and the call's time. */
    record Answer(int status, JsonNode body, long micros) {
        boolean is(int expected) {
            return status == expected;
        }

        /** The problem code of a refusal, else "HTTP " + status. */
        String code() {
            String code = body.path("code").asText("");
            return code.isEmpty() ? "HTTP " + status : code;
        }
    }

    private final URI base;
    private final String operatorKey;
    private final HttpClient client;
    private final Semaphore inFlight;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong serverErrors = new AtomicLong();
    private final Queue<String> serverErrorSamples = new ConcurrentLinkedQueue<>();

    GroupClient(URI base, String operatorKey, int maxInFlight) {
        this.base = base;
        this.operatorKey = operatorKey;
        this.inFlight = new Semaphore(maxInFlight);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    /** An order of one unit: no groupId opens a group, "auto" matches, an id joins that group. */
    Answer order(String activityId, String buyerToken, String groupId) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode().put("quantity", 1);
        if (groupId != null) body.put("groupId", groupId);
        return post("/v1/activities/" + activityId + "/orders", "Bearer " + buyerToken, body);
    }

    /** The merchant records the payment of an order. */
    Answer pay(String orderId) throws IOException, InterruptedException {
        return post("/v1/orders/" + orderId + "/pay", "Bearer " + operatorKey,
                json.createObjectNode().put("paymentRef", "sim-" + orderId));
    }

    /** The first page of the activity's public open-groups list, as an anonymous buyer sees it. */
    Answer openGroups(String activityId, int limit) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("/v1/activities/" + activityId + "/groups?status=OPEN&limit=" + limit))
                .timeout(TIMEOUT).header("Accept", "application/json").GET().build());
    }

    static List<CrowdPlan.Listed> listed(Answer page) {
        return StreamSupport.stream(page.body().path("items").spliterator(), false)
                .map(g -> new CrowdPlan.Listed(g.path("groupId").asText(), g.path("seatsLeft").asInt()))
                .toList();
    }

    private Answer post(String path, String authorization, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        long start;
        inFlight.acquire();
        try {
            start = System.nanoTime();
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } finally {
            inFlight.release();
        }
        long micros = (System.nanoTime() - start) / 1000;
        JsonNode body;
        try {
            body = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException notJson) {
            body = json.createObjectNode().put("raw", AdminApi.abbreviate(response.body()));
        }
        if (response.statusCode() >= 500) {
            serverErrors.incrementAndGet();
            if (serverErrorSamples.size() < MAX_SERVER_ERRORS_KEPT) {
                serverErrorSamples.add(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode()
                        + ": " + AdminApi.abbreviate(response.body()));
            }
        }
        return new Answer(response.statusCode(), body, micros);
    }

    long serverErrors() {
        return serverErrors.get();
    }

    List<String> serverErrorSamples() {
        return List.copyOf(serverErrorSamples);
    }

    @Override
    public void close() {
        client.close();
    }
}
