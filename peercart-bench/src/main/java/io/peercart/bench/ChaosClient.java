package io.peercart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos campaign's HTTP calls through the balancer, as a careful client makes them: every
 * write carries an Idempotency-Key, and a write whose answer was lost (a connection cut by a
 * killed node, a 502/503, a key still in progress elsewhere) is sent again with the same key, a
 * few times. What it finally got is what counts: a 2xx was acknowledged and must be in the
 * database; anything else was not. Every attempt is timed and counted.
 */
final class ChaosClient implements AutoCloseable {
    static final int ATTEMPTS = 6;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    /** A final answer: status 0 when no answer came at all. */
    record Answer(int status, JsonNode json) {
        boolean ok() { return status >= 200 && status < 300; }
        String code() { return json == null ? "" : json.path("code").asText(""); }
        String text(String field) { return json == null ? null : json.path(field).asText(null); }
    }

    private final URI base;
    private final HttpClient client;
    private final LatencyHistogram latency = new LatencyHistogram();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong(); // 5xx answers
    final AtomicLong unanswered = new AtomicLong();   // connection errors, timeouts
    final AtomicLong retried = new AtomicLong();
    final AtomicLong unacknowledged = new AtomicLong(); // writes that never got a final answer
    // attempts sent between watch() and unwatch() that were not 2xx, by what they got (a database failover)
    private volatile long watchFrom = Long.MAX_VALUE, watchUntil = Long.MAX_VALUE;
    final java.util.Map<String, AtomicLong> watched = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicLong watchedUnclean = new AtomicLong(); // of those, the ones that were no clean 503 problem with Retry-After

    ChaosClient(URI base) {
        this.base = base;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    /** A read, with the merchant's (or operator's) key; retried after a cut connection or a 5xx. */
    Answer get(String path, String credential) throws InterruptedException {
        return send("GET", path, null, credential, null, null, null);
    }

    /** A write with {@code idempotencyKey}, acting for {@code buyer} when not null, retried with the same key. */
    Answer write(String method, String path, Object body, String credential, String buyer, String idempotencyKey) throws InterruptedException {
        return send(method, path, body, credential, buyer, idempotencyKey, null);
    }

    Answer send(String method, String path, Object body, String credential, String buyer, String idempotencyKey, String deviceId)
            throws InterruptedException {
        Answer last = new Answer(0, null);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                retried.incrementAndGet();
                Thread.sleep(100L * attempt);
            }
            last = once(method, path, body, credential, buyer, idempotencyKey, deviceId);
            boolean again = last.status == 0 || last.status >= 500 || "IDEMPOTENCY_IN_PROGRESS".equals(last.code());
            if (!again) return last;
        }
        if (idempotencyKey != null) unacknowledged.incrementAndGet();
        return last;
    }

    private Answer once(String method, String path, Object body, String credential, String buyer, String idempotencyKey, String deviceId)
            throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Accept", "application/json");
        if (credential != null) b.header("Authorization", "Bearer " + credential);
        if (buyer != null) b.header("X-Buyer-Id", buyer);
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        if (deviceId != null) b.header("X-Device-Id", deviceId);
        try {
            if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
            else b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        attempts.incrementAndGet();
        long started = System.nanoTime();
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            record(started);
            if (r.statusCode() >= 500) serverErrors.incrementAndGet();
            JsonNode json = r.body().isEmpty() ? null : parse(r.body());
            if (watching(started) && (r.statusCode() < 200 || r.statusCode() >= 300)) {
                boolean clean = r.statusCode() == 503 && r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                        && r.headers().firstValue("Retry-After").isPresent() && json != null && !json.path("code").asText("").isEmpty();
                String what = r.statusCode() + " " + (json == null ? "(no JSON)" : json.path("code").asText("(no code)"))
                        + (r.statusCode() >= 500 ? r.headers().firstValue("Retry-After").map(s -> " Retry-After: " + s).orElse(" without Retry-After") : "");
                watched.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
                if (r.statusCode() >= 500 && !clean) watchedUnclean.incrementAndGet();
            }
            return new Answer(r.statusCode(), json);
        } catch (IOException e) {
            record(started);
            unanswered.incrementAndGet();
            if (watching(started)) {
                watched.computeIfAbsent("no answer", k -> new AtomicLong()).incrementAndGet();
                watchedUnclean.incrementAndGet();
            }
            return new Answer(0, null);
        }
    }

    /** From now on, tallies every attempt that is not answered 2xx (see {@link #watched}). */
    void watch(long fromNanos) {
        watchFrom = fromNanos;
    }

    /** Attempts sent from {@code untilNanos} on are no longer tallied. */
    void unwatch(long untilNanos) {
        watchUntil = untilNanos;
    }

    private boolean watching(long startedNanos) {
        long from = watchFrom, until = watchUntil;
        return from != Long.MAX_VALUE && startedNanos - from >= 0 && (until == Long.MAX_VALUE || startedNanos - until < 0);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private void record(long startedNanos) {
        long micros = (System.nanoTime() - startedNanos) / 1_000;
        synchronized (latency) {
            latency.record(micros);
        }
    }

    LatencyHistogram latency() {
        synchronized (latency) {
            LatencyHistogram copy = new LatencyHistogram();
            copy.add(latency);
            return copy;
        }
    }

    HttpClient http() { return client; }

    URI base() { return base; }

    @Override
    public void close() {
        client.close();
    }
}
