package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzing from the contract: requests generated from the served OpenAPI document, each with one
 * defect (see {@link ContractFuzzer}), against a real server holding two shops with activities,
 * orders, points, a webhook and keys. Every answer must be a 4xx problem+json with a code,
 * nothing of either shop may change, and the server must be healthy after. The suite sends a
 * few thousand; {@code ./peercart fuzz --requests N --seed S} runs this test with more
 * ({@code -Dpeercart.fuzz.requests}, {@code -Dpeercart.fuzz.seed}).
 */
class ContractFuzzTest {
    static final String OPERATOR = "pck_contractfuzztest_operator_key_000000001";
    static final int REQUESTS = Integer.getInteger("peercart.fuzz.requests", 4_000);
    static final long SEED = Long.getLong("peercart.fuzz.seed", 20261203L);

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);

    @Test
    @Timeout(value = 30, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyDefectIsRefusedCleanlyAndChangesNothing() throws Exception {
        ApiClient api = node.api;
        ContractFuzzer.Targets targets = setUp(api);
        JsonNode doc = api.get("/openapi.json").send().json();
        ContractFuzzer fuzzer = new ContractFuzzer(URI.create("http://127.0.0.1:" + node.server.port()), doc, targets);
        String before = snapshot(api, targets);

        long started = System.nanoTime();
        fuzzer.run(SEED, REQUESTS, 8);
        double took = (System.nanoTime() - started) / 1e9;

        List<ContractFuzzer.Finding> findings = new ArrayList<>(fuzzer.findings);
        System.out.printf("fuzz: %d requests over %d operations in %.1f s (seed %d)%n  defects: %s%n  statuses: %s%n  refusal codes: %s%n",
                fuzzer.sent.sum(), fuzzer.operations().size(), took, SEED, ContractFuzzer.tally(fuzzer.byDefect),
                ContractFuzzer.tally(fuzzer.byStatus), ContractFuzzer.tally(fuzzer.byCode));
        findings.stream().limit(40).forEach(f -> System.out.println("  finding: " + f));
        assertThat(fuzzer.sent.sum()).isEqualTo(REQUESTS);
        assertThat(findings).as("answers that were not a 4xx problem+json with a code").isEmpty();
        assertThat(snapshot(api, targets)).as("both shops after the fuzz run").isEqualTo(before);
        assertThat(api.get("/health/ready").send().status()).isEqualTo(200);
    }

    /** Two shops, each with what the probes aim at; returns the credentials and ids the probes use. */
    private static ContractFuzzer.Targets setUp(ApiClient api) {
        Instant now = node.clock.instant();
        String otherKey = created(api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "fuzz other shop")).send()).text("apiKey");
        // thousands of probes as one buyer from one address in seconds: budgets that let every probe reach the
        // route's own checks (RateLimitHttpTest covers the limits themselves)
        Map<String, Object> roomy = Map.of("perBuyerPerMinute", 1_000_000, "perIpPerMinute", 1_000_000, "perKeyPerMinute", 1_000_000);
        for (String key : List.of(OPERATOR, otherKey)) {
            ApiClient.Response limits = api.call("PUT", "/v1/settings/limits").auth(key)
                    .json(Map.of("orders", roomy, "helps", roomy, "codes", roomy, "reads", roomy, "writes", roomy)).send();
            assertThat(limits.status()).as(limits.toString()).isEqualTo(200);
        }
        String seckill = created(api.post("/v1/activities").auth(OPERATOR).json(seckill("fuzz 秒杀", "FZ-S", 100, 1, now)).send()).text("id");
        String groupOn = created(api.post("/v1/activities").auth(OPERATOR).json(Map.of("type", "groupOn", "name", "fuzz group",
                "startsAt", now.minusSeconds(60).toString(), "endsAt", now.plus(Duration.ofDays(1)).toString(), "rules", Map.of("groupSize", 3),
                "items", List.of(Map.of("sku", "FZ-G", "groupPrice", 500, "stock", 100, "limitPerBuyer", 1)))).send()).text("id");
        created(api.post("/v1/activities").auth(otherKey).json(seckill("fuzz other", "FZ-O", 100, 1, now)).send());

        Map<String, String> ids = new HashMap<>();
        ids.put("id", seckill);
        ids.put("activityId", seckill);
        ids.put("buyerId", "alice");
        ids.put("toBuyerId", "bob");
        ids.put("orderId", created(write(api, "/v1/activities/" + seckill + "/orders", Map.of("quantity", 1)).header("X-Buyer-Id", "alice").send())
                .text("orderId"));
        ids.put("groupId", created(write(api, "/v1/activities/" + groupOn + "/orders", Map.of("quantity", 1, "groupId", "auto"))
                .header("X-Buyer-Id", "alice").send()).text("groupId"));
        created(write(api, "/v1/points/earn", Map.of("buyerId", "alice", "amount", 1_000, "reason", "fuzz")).send());
        ids.put("freezeId", created(write(api, "/v1/points/freezes", Map.of("buyerId", "alice", "amount", 100)).send()).text("freezeId"));
        String webhook = created(write(api, "/v1/webhooks", Map.of("url", "https://shop.example/peercart", "events", List.of("activity.cancelled")))
                .send()).text("id");
        for (String path : List.of("/v1/webhooks/{id}", "/v1/webhooks/{id}/rotate-secret", "/v1/webhooks/{id}/deliveries",
                "/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver"))
            ids.put(path + "#id", webhook);
        ids.put("/v1/keys/{id}#id", created(write(api, "/v1/keys", Map.of("name", "fuzz reader", "scope", "read")).send()).text("id"));
        ids.put("/console/{file}#file", "console.js");
        ids.put("/h5/assets/{file}#file", "h5.js");

        String token = token(api, OPERATOR, "alice", 3_600);
        String otherToken = token(api, otherKey, "alice", 3_600);
        String expiring = token(api, OPERATOR, "carol", 60);
        node.clock.advance(Duration.ofSeconds(61)); // carol's token has expired; the others have not
        return new ContractFuzzer.Targets(OPERATOR, otherKey, token, otherToken, expiring, forge(token), ids);
    }

    private static ApiClient.Call write(ApiClient api, String path, Object body) {
        return api.post(path).auth(OPERATOR).header("Idempotency-Key", UUID.randomUUID().toString()).json(body);
    }

    private static ApiClient.Response created(ApiClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }

    private static String token(ApiClient api, String key, String buyer, int ttlSeconds) {
        return created(api.post("/v1/buyer-tokens").auth(key).json(Map.of("buyerId", buyer, "ttlSeconds", ttlSeconds)).send()).text("token");
    }

    /** The token with its buyer changed and its signature kept: a buyer posing as another. */
    private static String forge(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"alice\"", "\"mallory\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** What no probe may change: both shops' activities, orders, webhooks, keys, points and allowed origins. */
    private static String snapshot(ApiClient api, ContractFuzzer.Targets t) {
        StringBuilder s = new StringBuilder();
        for (String key : List.of(t.operatorKey(), t.otherShopKey())) {
            for (String path : List.of("/v1/activities", "/v1/orders?limit=200", "/v1/webhooks", "/v1/keys", "/v1/points/summary",
                    "/v1/members/alice/points", "/v1/members/mallory/points", "/v1/members/fuzz-buyer/points",
                    "/v1/settings/cors")) {
                ApiClient.Response r = api.get(path).auth(key).send();
                assertThat(r.status()).as(path + ": " + r).isEqualTo(200);
                s.append(path).append(" = ").append(r.json()).append('\n');
            }
        }
        return s.toString();
    }
}
