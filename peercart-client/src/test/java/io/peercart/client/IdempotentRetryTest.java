package io.peercart.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.peercart.client.IdempotentRetry.Policy;
import io.peercart.client.invoker.ApiException;
import io.peercart.client.model.EarnPoints;
import io.peercart.client.model.PointsReceipt;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retries against a real node whose answers a relay loses (the write is done, the client never
 * hears of it): the retry with the same key gets the first answer, and the points are issued
 * once. The waits themselves are a rule tested without a network.
 */
class IdempotentRetryTest {
    @RegisterExtension
    static final RealNode node = new RealNode();

    @Test
    void aLostAnswerIsRetriedWithTheSameKeyAndTheWriteHappensOnce() throws Exception {
        PeerCartClient merchant = node.merchant();
        String buyer = "r-" + UUID.randomUUID();
        try (CuttableProxy proxy = new CuttableProxy(node.port())) {
            PeerCartClient viaProxy = new PeerCartClient(proxy.uri(), RealNode.OPERATOR, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
            proxy.loseAnswers(2);
            AtomicInteger attempts = new AtomicInteger();
            java.util.Set<String> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();
            PointsReceipt r = new IdempotentRetry(new Policy(5, Duration.ofMillis(10), Duration.ofMillis(100))).call(key -> {
                attempts.incrementAndGet();
                keys.add(key);
                return viaProxy.points().earnPoints(key, new EarnPoints().buyerId(buyer).amount(70L));
            });
            assertThat(attempts).hasValue(3);
            assertThat(keys).as("one key for every attempt").hasSize(1);
            assertThat(r.getAmount()).isEqualTo(70L);
        }
        assertThat(merchant.points().memberPoints(buyer).getAvailable()).as("issued once, though sent three times").isEqualTo(70L);
        assertThat(merchant.points().memberPointsHistory(buyer, 10, null).getItems()).hasSize(1);
    }

    @Test
    void aRefusalIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        ApiException e = catchThrowableOfType(ApiException.class, () -> node.merchant().retries().call(key -> {
            attempts.incrementAndGet();
            return node.merchant().points().earnPoints(key, new EarnPoints().buyerId("x").amount(0L));
        }));
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastFailure() {
        AtomicInteger attempts = new AtomicInteger();
        ApiException e = catchThrowableOfType(ApiException.class, () -> new IdempotentRetry(new Policy(3, Duration.ZERO, Duration.ZERO)).call(key -> {
            attempts.incrementAndGet();
            throw new ApiException(new IOException("connection reset " + attempts.get()));
        }));
        assertThat(attempts).hasValue(3);
        assertThat(e.getCause()).hasMessage("connection reset 3");
    }

    static ApiException answer(int status, String body, Map<String, List<String>> headers) {
        return new ApiException(status, "HTTP " + status, HttpHeaders.of(headers, (a, b) -> true), body);
    }

    @Test
    void whatIsRetriedAndHowLongItWaits() {
        Instant now = Instant.parse("2026-12-03T08:00:00Z");
        IdempotentRetry r = new IdempotentRetry(new Policy(5, Duration.ofMillis(200), Duration.ofSeconds(30)), () -> 1.0);
        ApiException reset = new ApiException(new IOException("reset"));
        assertThat(r.delay(reset, 1, now)).contains(Duration.ofMillis(200));
        assertThat(r.delay(reset, 3, now)).contains(Duration.ofMillis(800));
        assertThat(r.delay(reset, 30, now)).as("capped").contains(Duration.ofSeconds(30));
        assertThat(new IdempotentRetry(Policy.DEFAULT, () -> 0.0).delay(reset, 3, now)).as("jitter keeps at least half").contains(Duration.ofMillis(400));

        assertThat(r.delay(answer(503, "{\"code\":\"UNAVAILABLE\"}", Map.of("Retry-After", List.of("5"))), 1, now)).contains(Duration.ofSeconds(5));
        assertThat(r.delay(answer(429, "{\"code\":\"RATE_LIMITED\"}", Map.of("Retry-After", List.of("Thu, 03 Dec 2026 08:00:07 GMT"))), 1, now))
                .contains(Duration.ofSeconds(7));
        assertThat(r.delay(answer(503, "", Map.of("Retry-After", List.of("3600"))), 1, now)).as("capped").contains(Duration.ofSeconds(30));
        assertThat(r.delay(answer(503, "", Map.of("Retry-After", List.of("soon"))), 2, now)).as("unreadable: backoff").contains(Duration.ofMillis(400));
        assertThat(r.delay(answer(409, "{\"code\":\"IDEMPOTENCY_IN_PROGRESS\"}", Map.of()), 1, now)).isPresent();

        assertThat(r.delay(answer(409, "{\"code\":\"SOLD_OUT\"}", Map.of()), 1, now)).isEmpty();
        assertThat(r.delay(answer(422, "{\"code\":\"IDEMPOTENCY_KEY_REUSED\"}", Map.of()), 1, now)).isEmpty();
        assertThat(r.delay(answer(500, "", Map.of()), 1, now)).isEmpty();
        assertThat(r.delay(new ApiException(new com.fasterxml.jackson.core.JsonParseException(null, "bad answer")), 1, now))
                .as("an answer that does not parse").isEqualTo(Optional.empty());
        assertThat(r.delay(new ApiException(new InterruptedException()), 1, now)).isEmpty();
    }
}
