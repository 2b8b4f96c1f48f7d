package io.peercart.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercart.client.invoker.ApiException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.DoubleSupplier;

/**
 * Sends a write with an {@code Idempotency-Key} and, when the outcome is unknown or the server
 * asks to come back later, sends it again with the SAME key: the server answers a repeated key
 * with the first answer (header {@code Idempotent-Replayed: true}), so a retry never doubles an
 * order, a payment or a points grant.
 *
 * <p>Retried: a connection error or timeout (the request may or may not have arrived), 503
 * {@code OVERLOADED}/{@code UNAVAILABLE}, 429 {@code RATE_LIMITED}, and 409
 * {@code IDEMPOTENCY_IN_PROGRESS} (the first attempt is still running). The wait is the server's
 * {@code Retry-After} when it gives one, otherwise an exponential backoff with jitter; both are
 * capped by {@link Policy#maxDelay()}, and at most {@link Policy#maxAttempts()} attempts are made.
 * Anything else (a refusal such as 409 {@code SOLD_OUT}, a 422, an answer that does not parse)
 * is thrown at once: sending it again cannot change it.
 *
 * <p>Immutable and thread-safe; {@link #call} blocks the calling thread while it waits.
 */
public final class IdempotentRetry {
    /** How many attempts and how long between them. */
    public record Policy(int maxAttempts, Duration firstDelay, Duration maxDelay) {
        public static final Policy DEFAULT = new Policy(5, Duration.ofMillis(200), Duration.ofSeconds(30));

        public Policy {
            if (maxAttempts < 1 || maxAttempts > 100) throw new IllegalArgumentException("maxAttempts: 1..100");
            if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) throw new IllegalArgumentException("0 <= firstDelay <= maxDelay");
        }
    }

    /** One write made with the given key, e.g. {@code key -> points.earnPoints(key, body)}. */
    @FunctionalInterface
    public interface Write<T> {
        T send(String idempotencyKey) throws ApiException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Policy policy;
    private final DoubleSupplier random;

    public IdempotentRetry() {
        this(Policy.DEFAULT);
    }

    public IdempotentRetry(Policy policy) {
        this(policy, Math::random);
    }

    IdempotentRetry(Policy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /** A new key for one logical write: 36 characters, well under the server's 200. */
    public static String newKey() {
        return "pc-" + UUID.randomUUID();
    }

    /** Sends {@code write} with a new key, retrying with that same key as described above. */
    public <T> T call(Write<T> write) throws ApiException {
        return call(newKey(), write);
    }

    /** As {@link #call(Write)}, with the caller's key (one it stored to retry across restarts, say). */
    public <T> T call(String idempotencyKey, Write<T> write) throws ApiException {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.send(idempotencyKey);
            } catch (ApiException e) {
                Optional<Duration> wait = attempt < policy.maxAttempts() ? delay(e, attempt, Instant.now()) : Optional.empty();
                if (wait.isEmpty()) throw e;
                pause(wait.get());
            }
        }
    }

    /** The wait before attempt {@code attempt + 1} after {@code e}, or empty when {@code e} is final. */
    Optional<Duration> delay(ApiException e, int attempt, Instant now) {
        if (!retryable(e)) return Optional.empty();
        Optional<Duration> asked = retryAfter(e, now);
        if (asked.isPresent()) return Optional.of(min(asked.get(), policy.maxDelay()));
        Duration ceiling = min(policy.firstDelay().multipliedBy(1L << Math.min(attempt - 1, 20)), policy.maxDelay());
        // "equal jitter": at least half the backoff, so clients retrying together spread out yet never hammer
        long half = ceiling.toMillis() / 2;
        return Optional.of(Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling.toMillis() - half))));
    }

    /** Whether sending the same request again may give a different answer. */
    static boolean retryable(ApiException e) {
        if (e.getCode() == 0) // no HTTP answer: the request failed on the way (a JSON mapping failure is not that)
            return e.getCause() instanceof IOException && !(e.getCause() instanceof JsonProcessingException);
        return switch (e.getCode()) {
            case 503, 429 -> true;
            case 409 -> "IDEMPOTENCY_IN_PROGRESS".equals(problemCode(e));
            default -> false;
        };
    }

    /** {@code Retry-After} in delta-seconds or as an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(ApiException e, Instant now) {
        if (e.getResponseHeaders() == null) return Optional.empty();
        Optional<String> v = e.getResponseHeaders().firstValue("Retry-After").map(String::strip);
        if (v.isEmpty() || v.get().isEmpty()) return Optional.empty();
        if (v.get().matches("[0-9]{1,9}")) return Optional.of(Duration.ofSeconds(Long.parseLong(v.get())));
        try {
            Instant at = ZonedDateTime.parse(v.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException ignored) {
            return Optional.empty();
        }
    }

    private static String problemCode(ApiException e) {
        if (e.getResponseBody() == null || e.getResponseBody().length() > 65_536) return null;
        try {
            JsonNode code = JSON.readTree(e.getResponseBody()).path("code");
            return code.isTextual() ? code.asText() : null;
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void pause(Duration d) throws ApiException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(e);
        }
    }
}
