package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import io.peercart.store.StoreFixtures;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The points ledger over HTTP against a real node (SQLite): each test works in a shop of its own,
 * and ends with the ledger's proof from {@code GET /v1/points/summary}.
 */
class PointsHttpTest {
    static final String OPERATOR = "pck_pointshttptestoperatorkey00000000001";
    private static final AtomicInteger KEYS = new AtomicInteger();

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    static final TestClock clock = node.clock;
    private String shopKey;

    @AfterEach
    void soundAndNoServerErrors() {
        if (shopKey != null) {
            JsonNode s = summary(shopKey);
            assertThat(s.get("sound").asBoolean()).as("ledger proof: %s", s).isTrue();
            assertThat(s.get("total").asLong()).isZero();
        }
    }

    private String newShop() {
        Response r = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "points " + KEYS.incrementAndGet())).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        shopKey = r.text("apiKey");
        return shopKey;
    }

    static String key() { return "k-" + KEYS.incrementAndGet(); }

    static Response earn(String merchant, String buyer, long amount, String expiresAt) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("buyerId", buyer, "amount", amount, "reason", "test"));
        if (expiresAt != null) body.put("expiresAt", expiresAt);
        return node.api.post("/v1/points/earn").auth(merchant).idempotencyKey(key()).json(body).send();
    }

    static JsonNode summary(String merchant) {
        Response r = node.api.get("/v1/points/summary").auth(merchant).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static JsonNode member(String credential, String buyer) {
        Response r = node.api.get("/v1/members/" + buyer + "/points").auth(credential).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void earnTransferAndReadAsMerchantAndBuyer() {
        String m = newShop();
        Response earned = earn(m, "ann", 1_000, null);
        assertThat(earned.status()).as(earned.toString()).isEqualTo(201);
        assertThat(earned.json().get("balance").get("available").asLong()).isEqualTo(1_000);
        assertThat(node.api.call("PUT", "/v1/points/settings").auth(m).json(Map.of("feePercent", 2.5, "minAmount", 10, "maxAmount", 500)).send().status()).isEqualTo(200);

        String ann = node.api.token(m, "ann");
        Response sent = node.api.post("/v1/points/transfers").auth(ann).idempotencyKey("t1").json(Map.of("toBuyerId", "bob", "amount", 100)).send();
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        assertThat(sent.number("fee")).isEqualTo(3);
        assertThat(sent.json().get("balance").get("available").asLong()).isEqualTo(897);
        Response replay = node.api.post("/v1/points/transfers").auth(ann).idempotencyKey("t1").json(Map.of("toBuyerId", "bob", "amount", 100)).send();
        assertThat(replay.body()).isEqualTo(sent.body());
        assertThat(replay.header("Idempotent-Replayed")).hasValue("true");

        assertThat(member(ann, "ann").get("available").asLong()).isEqualTo(897);
        assertThat(member(m, "bob").get("available").asLong()).isEqualTo(100);
        assertThat(node.api.get("/v1/members/bob/points").auth(ann).send().status()).as("another member's points").isEqualTo(404);
        assertThat(node.api.get("/v1/members/ann/points/history").auth(ann).send().json().get("items")).hasSize(2);

        assertThat(node.api.post("/v1/points/transfers").auth(ann).idempotencyKey(key()).json(Map.of("toBuyerId", "ann", "amount", 100)).send().code())
                .isEqualTo("SELF_TRANSFER");
        assertThat(node.api.post("/v1/points/transfers").auth(ann).idempotencyKey(key()).json(Map.of("toBuyerId", "bob", "amount", 501)).send().code())
                .isEqualTo("TRANSFER_AMOUNT_OUT_OF_RANGE");
        assertThat(node.api.post("/v1/points/transfers").auth(ann).json(Map.of("toBuyerId", "bob", "amount", 10)).send().code())
                .as("no Idempotency-Key").isEqualTo("VALIDATION_FAILED");
        assertThat(node.api.post("/v1/points/spend").auth(m).idempotencyKey(key()).json(Map.of("buyerId", "bob", "amount", 101)).send().code())
                .isEqualTo("INSUFFICIENT_POINTS");
        assertThat(node.api.post("/v1/points/earn").auth(ann).idempotencyKey(key()).json(Map.of("buyerId", "ann", "amount", 5)).send().code())
                .as("buyers cannot earn by themselves").isEqualTo("FORBIDDEN");
        assertThat(node.api.call("PUT", "/v1/points/settings").auth(m).json(Map.of("feePercent", 1.005)).send().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(node.api.call("PUT", "/v1/points/settings").auth(m).json(Map.of("feePercent", "2")).send().code()).isEqualTo("VALIDATION_FAILED");

        JsonNode s = summary(m);
        assertThat(s.get("accounts").get("fees").asLong()).isEqualTo(3);
        assertThat(s.get("accounts").get("issued").asLong()).isEqualTo(-1_000);
        assertThat(s.get("members").get("available").asLong()).isEqualTo(997);
    }

    @Test
    void merchantFreezesAndSettlesAndTheSchedulerExpiresLotsOldestFirst() {
        String m = newShop();
        String soon = clock.instant().plusSeconds(60).toString();
        assertThat(earn(m, "cy", 100, soon).status()).isEqualTo(201);
        assertThat(earn(m, "cy", 50, null).status()).isEqualTo(201);
        Response frozen = node.api.post("/v1/points/freezes").auth(m).idempotencyKey(key()).json(Map.of("buyerId", "cy", "amount", 80)).send();
        assertThat(frozen.status()).as(frozen.toString()).isEqualTo(201);
        String freezeId = frozen.text("freezeId");
        clock.advance(Duration.ofSeconds(61));
        // the 20 points left in the first lot expire; the 80 frozen from it do not
        ApiClient.await("the first lot's rest expired", Duration.ofSeconds(20),
                () -> summary(m).get("accounts").get("expired").asLong() == 20);
        JsonNode cy = member(m, "cy");
        assertThat(cy.get("available").asLong()).isEqualTo(50);
        assertThat(cy.get("frozen").asLong()).isEqualTo(80);
        Response consumed = node.api.post("/v1/points/freezes/" + freezeId + "/consume").auth(m).send();
        assertThat(consumed.text("status")).isEqualTo("CONSUMED");
        assertThat(node.api.post("/v1/points/freezes/" + freezeId + "/release").auth(m).send().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(member(m, "cy").get("frozen").asLong()).isZero();
        assertThat(summary(m).get("accounts").get("redeemed").asLong()).isEqualTo(80);
    }

    @Test
    void badInputIsA4xxNamingTheField() {
        String m = newShop();
        record Bad(String path, String body, String field) {}
        String tooLong = "x".repeat(129);
        for (Bad b : List.of(
                new Bad("/v1/points/earn", "{\"buyerId\":\"a\",\"amount\":\"5\"}", "amount"),
                new Bad("/v1/points/earn", "{\"buyerId\":\"a\",\"amount\":0}", "amount"),
                new Bad("/v1/points/earn", "{\"buyerId\":\"a\",\"amount\":100000001}", "amount"),
                new Bad("/v1/points/earn", "{\"buyerId\":\"a\",\"amount\":1.5}", "amount"),
                new Bad("/v1/points/earn", "{\"amount\":5}", "buyerId"),
                new Bad("/v1/points/earn", "{\"buyerId\":\"" + tooLong + "\",\"amount\":5}", "buyerId"),
                new Bad("/v1/points/earn", "{\"buyerId\":\"a\",\"amount\":5,\"expiresAt\":\"2020-01-01T00:00:00Z\"}", "expiresAt"),
                new Bad("/v1/points/earn", "{\"buyerId\":\"a\",\"amount\":5,\"expiresAt\":\"tomorrow\"}", "expiresAt"),
                new Bad("/v1/points/earn", "{\"buyerId\":\"a\",\"amount\":5,\"reason\":\"" + "r".repeat(201) + "\"}", "reason"),
                new Bad("/v1/points/spend", "{\"buyerId\":\"a\"}", "amount"),
                new Bad("/v1/points/freezes", "{\"buyerId\":\"a\",\"amount\":-1}", "amount"))) {
            Response r = node.api.post(b.path()).auth(m).idempotencyKey(key()).raw(b.body()).send();
            assertThat(r.status()).as("%s %s: %s", b.path(), b.body(), r).isEqualTo(422);
            assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(r.text("detail")).as(b.body()).contains(b.field());
        }
        assertThat(node.api.post("/v1/points/earn").auth(m).idempotencyKey(key()).raw("{nope").send().code()).isEqualTo("MALFORMED_JSON");
        Response transfer = node.api.post("/v1/points/transfers").auth(m).idempotencyKey(key()).json(Map.of("toBuyerId", "b", "amount", 1)).send();
        assertThat(transfer.code()).as("a merchant sends for a buyer only with X-Buyer-Id").isEqualTo("VALIDATION_FAILED");
        assertThat(node.api.get("/v1/members/a/points/history?limit=0").auth(m).send().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(node.api.get("/v1/points/freezes/frz_nope").auth(m).send().code()).isEqualTo("NOT_FOUND");
        assertThat(node.api.get("/v1/points/summary").auth(node.api.token(m, "a")).send().code()).isEqualTo("FORBIDDEN");
        assertThat(node.api.get("/v1/points/summary").send().code()).isEqualTo("UNAUTHORIZED");
        // a freeze of another shop is not found
        Response frozen = node.api.post("/v1/points/freezes").auth(OPERATOR).idempotencyKey(key()).json(Map.of("buyerId", "zz", "amount", 1)).send();
        assertThat(frozen.code()).isEqualTo("INSUFFICIENT_POINTS");
        earn(OPERATOR, "zz", 5, null);
        String otherShopsFreeze = node.api.post("/v1/points/freezes").auth(OPERATOR).idempotencyKey(key()).json(Map.of("buyerId", "zz", "amount", 1)).send().text("freezeId");
        assertThat(node.api.post("/v1/points/freezes/" + otherShopsFreeze + "/consume").auth(m).send().code()).isEqualTo("NOT_FOUND");
    }

    /** The same transfer sent 10 times at once with one key: applied once, every answer the same. */
    @Test
    void oneKeyTenConcurrentTransfersApplyOnce() throws Exception {
        String m = newShop();
        assertThat(earn(m, "dee", 1_000, null).status()).isEqualTo(201);
        String dee = node.api.token(m, "dee");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) answers.add(pool.submit(() -> {
                go.await();
                return node.api.post("/v1/points/transfers").auth(dee).idempotencyKey("once").json(Map.of("toBuyerId", "eve", "amount", 100)).send();
            }));
            go.countDown();
            Set<String> bodies = new HashSet<>();
            for (Future<Response> f : answers) {
                Response r = f.get();
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                bodies.add(r.body());
            }
            assertThat(bodies).hasSize(1);
        }
        assertThat(member(m, "eve").get("available").asLong()).isEqualTo(100);
        assertThat(member(m, "dee").get("available").asLong()).isEqualTo(900);
    }

    /** 50 members, 2,000 concurrent transfers over HTTP, many for more than the sender has. */
    @Test
    void concurrentTransfersOverHttpConservePoints() throws Exception {
        String m = newShop();
        rush(m, List.of(node.api), 2_000);
    }

    /**
     * A rush through two nodes sharing one PostgreSQL database, half the transfers on each (fewer
     * than on SQLite to keep the suite fast: the store test runs 2,000 through two nodes).
     */
    @Test
    void concurrentTransfersAcrossTwoPostgresNodesConservePoints(@TempDir Path dir) throws Exception {
        try (TestDatabase db = StoreFixtures.postgresDatabase();
             PeerCartServer one = PeerCartServer.start(ServerConfig.embedded(dir.resolve("one"), 0).withAdminKey(OPERATOR)
                     .withDatabase(db.url(), db.user(), db.password()).withSecretKeys(db.secretKey(), null));
             PeerCartServer two = PeerCartServer.start(ServerConfig.embedded(dir.resolve("two"), 0).withAdminKey(OPERATOR)
                     .withDatabase(db.url(), db.user(), db.password()).withSecretKeys(db.secretKey(), null))) {
            ApiClient first = new ApiClient(one.port()), second = new ApiClient(two.port());
            JsonNode s = rush(OPERATOR, List.of(first, second), 600);
            assertThat(s.get("sound").asBoolean()).as("%s", s).isTrue();
            assertThat(first.serverErrors()).isEmpty();
            assertThat(second.serverErrors()).isEmpty();
        }
    }

    private JsonNode rush(String m, List<ApiClient> nodes, int transfers) throws Exception {
        ApiClient api = nodes.getFirst();
        assertThat(api.call("PUT", "/v1/points/settings").auth(m).json(Map.of("feePercent", 1)).send().status()).isEqualTo(200);
        int members = 50;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            ids.add("h" + i);
            assertThat(api.post("/v1/points/earn").auth(m).idempotencyKey(key()).json(Map.of("buyerId", "h" + i, "amount", 1_000)).send().status())
                    .isEqualTo(201);
        }
        Map<String, String> tokens = api.tokens(m, ids);
        long seed = new SecureRandom().nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        AtomicLong fees = new AtomicLong();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < transfers; i++) {
                String from = ids.get(r.nextInt(members)), to = ids.get(r.nextInt(members));
                long amount = 1 + r.nextLong(r.nextBoolean() ? 200 : 1_500);
                String k = "c" + i;
                ApiClient node = nodes.get(i % nodes.size());
                done.add(pool.submit(() -> {
                    go.await();
                    Response a = node.post("/v1/points/transfers").auth(tokens.get(from)).idempotencyKey(k)
                            .json(Map.of("toBuyerId", to, "amount", amount)).send();
                    outcomes.computeIfAbsent(a.status() == 201 ? "OK" : a.code(), x -> new AtomicInteger()).incrementAndGet();
                    if (a.status() == 201) fees.addAndGet(a.number("fee"));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
        }
        assertThat(outcomes.keySet()).as("seed %d: %s", seed, outcomes).contains("OK", "INSUFFICIENT_POINTS")
                .isSubsetOf("OK", "INSUFFICIENT_POINTS", "SELF_TRANSFER");
        JsonNode s = api.get("/v1/points/summary").auth(m).send().json();
        assertThat(s.get("accounts").get("fees").asLong()).isEqualTo(fees.get());
        assertThat(s.get("members").get("available").asLong() + fees.get()).isEqualTo(members * 1_000L);
        for (String id : ids) assertThat(api.get("/v1/members/" + id + "/points").auth(m).send().json().get("available").asLong()).isNotNegative();
        return s;
    }
}
