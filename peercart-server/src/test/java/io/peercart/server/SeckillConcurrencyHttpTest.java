package io.peercart.server;

import static io.peercart.server.ApiClient.assertStockAddsUp;
import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import io.peercart.store.StoreFixtures;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rush over HTTP for every stock-selling type built so far (seckill, auction, fCode with a code
 * per buyer): 500 units, 5,000 buyers who each try twice, 64 requests in flight at once. Exactly
 * 500 orders are accepted, no buyer gets two, and the stock adds up, on the embedded SQLite store
 * and on PostgreSQL (skipped when none is reachable, failed under CI=true).
 */
class SeckillConcurrencyHttpTest {
    private static final Logger LOG = Logger.getLogger(SeckillConcurrencyHttpTest.class.getName());
    static final String OPERATOR = "pck_concurrencyhttptestoperatorkey000000001";
    static final int STOCK = 500;
    static final int BUYERS = 5_000;
    /** On PostgreSQL the other types rush with fewer buyers (still 8 attempts per unit): the suite stays fast. */
    static final int PG_BUYERS_OTHER_TYPES = 2_000;
    static final int ATTEMPTS_PER_BUYER = 2;
    static final int CLIENT_THREADS = 64;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"seckill", "auction", "fCode"})
    void sqlite(String type, @TempDir Path dataDir) throws Exception {
        rush(ServerConfig.embedded(dataDir, 0).withAdminKey(OPERATOR), type, BUYERS);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"seckill", "auction", "fCode"})
    void postgresql(String type, @TempDir Path dataDir) throws Exception {
        try (TestDatabase db = StoreFixtures.postgresDatabase()) {
            rush(ServerConfig.embedded(dataDir, 0).withAdminKey(OPERATOR).withDatabase(db.url(), db.user(), db.password()).withSecretKeys(db.secretKey(), null), type,
                    type.equals("seckill") ? BUYERS : PG_BUYERS_OTHER_TYPES);
        }
    }

    /** The rush's activity of each type: the same sku, stock and limit; an auction from 9900 down, F codes required. */
    private static Map<String, Object> activityOf(String type) {
        Map<String, Object> a = new java.util.LinkedHashMap<>(seckill("rush", "RUSH-1", STOCK, 1, Instant.now()));
        a.put("type", type);
        if (type.equals("auction"))
            a.put("rules", Map.of("startPrice", 9900, "floorPrice", 4950, "dropAmount", 100, "dropIntervalSeconds", 10));
        return a;
    }

    /** fCode: one code per buyer, generated in one call and read back through the CSV export. */
    private static Map<String, String> codesFor(ApiClient api, String activity, List<String> buyers) {
        Response batch = api.post("/v1/activities/" + activity + "/codes").auth(OPERATOR).json(Map.of("count", buyers.size())).send();
        assertThat(batch.status()).as("%s", batch).isEqualTo(201);
        Response csv = api.get("/v1/activities/" + activity + "/codes").auth(OPERATOR).header("Accept", "text/csv").send();
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(buyers.size() + 1);
        Map<String, String> codes = new java.util.HashMap<>();
        for (int i = 0; i < buyers.size(); i++) codes.put(buyers.get(i), lines[i + 1].substring(0, lines[i + 1].indexOf(',')));
        return codes;
    }

    /**
     * Two peers on one PostgreSQL database, a buyer (limit 1) retrying one request with one
     * Idempotency-Key on both at once (a client retry routed to another node): every answer is the
     * first answer, never LIMIT_REACHED, and there is one order per key.
     */
    @Test
    void twoPeersOnOneDatabaseDecideIdempotencyAndSkuConflictsOnce(@TempDir Path dataDir) throws Exception {
        int rounds = 30;
        try (TestDatabase db = StoreFixtures.postgresDatabase();
             PeerCartServer one = PeerCartServer.start(ServerConfig.embedded(dataDir.resolve("one"), 0).withAdminKey(OPERATOR)
                     .withDatabase(db.url(), db.user(), db.password()).withSecretKeys(db.secretKey(), null));
             PeerCartServer two = PeerCartServer.start(ServerConfig.embedded(dataDir.resolve("two"), 0).withAdminKey(OPERATOR)
                     .withDatabase(db.url(), db.user(), db.password()).withSecretKeys(db.secretKey(), null))) {
            ApiClient apiOne = new ApiClient(one.port()), apiTwo = new ApiClient(two.port());
            String activity = apiOne.createActivity(OPERATOR, seckill("peers", "PEER-1", 1000, 1, Instant.now()));
            List<String> buyers = new ArrayList<>();
            for (int i = 0; i < rounds; i++) buyers.add("peer-buyer-" + i);
            Map<String, String> tokens = apiOne.tokens(OPERATOR, buyers);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (String buyer : buyers) {
                    String key = "retry-" + buyer;
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Response>> answers = new ArrayList<>();
                    for (ApiClient api : List.of(apiOne, apiTwo, apiOne, apiTwo)) {
                        answers.add(pool.submit(() -> {
                            go.await();
                            return api.post("/v1/activities/" + activity + "/orders").auth(tokens.get(buyer)).idempotencyKey(key)
                                    .json(Map.of("quantity", 1)).send();
                        }));
                    }
                    go.countDown();
                    Set<String> orderIds = ConcurrentHashMap.newKeySet();
                    for (Future<Response> f : answers) {
                        Response r = f.get(1, TimeUnit.MINUTES);
                        assertThat(r.status()).as("%s: every retry gets the first answer: %s", buyer, r).isEqualTo(201);
                        orderIds.add(r.text("orderId"));
                    }
                    assertThat(orderIds).as("one order for %s", buyer).hasSize(1);
                }
            } finally {
                pool.shutdownNow();
            }
            // the merchant's backend retrying an activity creation on the other peer
            pool = Executors.newFixedThreadPool(4);
            try {
                for (int i = 0; i < 10; i++) {
                    String key = "create-" + i;
                    Map<String, Object> body = seckill("retried " + i, "PEER-C" + i, 10, 1, Instant.now());
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Response>> answers = new ArrayList<>();
                    for (ApiClient api : List.of(apiOne, apiTwo, apiOne, apiTwo)) {
                        answers.add(pool.submit(() -> {
                            go.await();
                            return api.post("/v1/activities").auth(OPERATOR).idempotencyKey(key).json(body).send();
                        }));
                    }
                    go.countDown();
                    Set<String> ids = ConcurrentHashMap.newKeySet();
                    for (Future<Response> f : answers) {
                        Response r = f.get(1, TimeUnit.MINUTES);
                        assertThat(r.status()).as("%s: every retry gets the first answer: %s", key, r).isEqualTo(201);
                        ids.add(r.text("id"));
                    }
                    assertThat(ids).as("one activity for %s", key).hasSize(1);
                }
            } finally {
                pool.shutdownNow();
            }

            // two different activities with one sku at once, one on each peer: one wins (ACTIVITIES.md's Decision)
            pool = Executors.newFixedThreadPool(2);
            try {
                for (int i = 0; i < 10; i++) {
                    String sku = "PEER-S" + i;
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Response>> answers = new ArrayList<>();
                    for (ApiClient api : List.of(apiOne, apiTwo)) {
                        answers.add(pool.submit(() -> {
                            go.await();
                            return api.post("/v1/activities").auth(OPERATOR).json(seckill("same sku", sku, 10, 1, Instant.now())).send();
                        }));
                    }
                    go.countDown();
                    List<String> outcomes = new ArrayList<>();
                    for (Future<Response> f : answers) {
                        Response r = f.get(1, TimeUnit.MINUTES);
                        outcomes.add(r.status() + (r.status() == 201 ? "" : " " + r.code()));
                    }
                    assertThat(outcomes).as("%s in two overlapping activities", sku).containsExactlyInAnyOrder("201", "409 SKU_CONFLICT");
                }
            } finally {
                pool.shutdownNow();
            }

            JsonNode stats = apiOne.stats(OPERATOR, activity);
            assertThat(stats.get("orders").asLong()).isEqualTo(rounds);
            assertThat(assertStockAddsUp(stats).get("reserved").asLong()).isEqualTo(rounds);
            assertThat(apiOne.serverErrors()).isEmpty();
            assertThat(apiTwo.serverErrors()).isEmpty();
        }
    }

    /** One answer of the rush, reduced to what the assertions need. */
    private record Outcome(String buyerId, int status, String code, String orderId) {}

    private static void rush(ServerConfig config, String type, int buyerCount) throws Exception {
        try (PeerCartServer server = PeerCartServer.start(config)) {
            ApiClient api = new ApiClient(server.port());
            // thousands of buyers from one address (the test's): the address budget of a shop whose buyers share a NAT
            Map<String, Object> manyBehindOneAddress = Map.of("perIpPerMinute", 1_000_000);
            assertThat(api.call("PUT", "/v1/settings/limits").auth(OPERATOR)
                    .json(Map.of("orders", manyBehindOneAddress, "codes", manyBehindOneAddress)).send().status()).isEqualTo(200);
            String activity = api.createActivity(OPERATOR, activityOf(type));
            List<String> buyers = new ArrayList<>();
            for (int i = 0; i < buyerCount; i++) buyers.add("buyer-" + i);
            Map<String, String> tokens = api.tokens(OPERATOR, buyers); // in batches of 1000
            assertThat(tokens).hasSize(buyerCount);
            Map<String, String> codes = type.equals("fCode") ? codesFor(api, activity, buyers) : Map.of();

            List<String> attempts = new ArrayList<>(buyerCount * ATTEMPTS_PER_BUYER);
            for (int i = 0; i < ATTEMPTS_PER_BUYER; i++) attempts.addAll(buyers);
            Collections.shuffle(attempts, new Random(42));

            long started = System.nanoTime();
            ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (String buyer : attempts) {
                    done.add(pool.submit(() -> {
                        try {
                            go.await();
                            Map<String, Object> body = new java.util.HashMap<>(Map.of("sku", "RUSH-1", "quantity", 1));
                            if (codes.containsKey(buyer)) body.put("code", codes.get(buyer));
                            Response r = api.post("/v1/activities/" + activity + "/orders").auth(tokens.get(buyer)).json(body).send();
                            outcomes.add(new Outcome(buyer, r.status(), r.code(), r.status() == 201 ? r.text("orderId") : null));
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            LOG.info(() -> String.format("%s %s: %d orders in %d ms", config.dbUrl() == null ? "SQLite" : "PostgreSQL", type,
                    attempts.size(), (System.nanoTime() - started) / 1_000_000));

            assertThat(failures.stream().map(t -> t + (t.getCause() == null ? "" : " caused by " + t.getCause())).toList())
                    .as("requests that failed outright").isEmpty();
            assertThat(api.serverErrors()).as("5xx answers").isEmpty();
            assertThat(outcomes).hasSize(buyerCount * ATTEMPTS_PER_BUYER);
            List<Outcome> accepted = outcomes.stream().filter(o -> o.status == 201).toList();
            assertThat(accepted).as("accepted orders").hasSize(STOCK);
            assertThat(accepted.stream().map(Outcome::buyerId).distinct().count()).as("buyers with an order").isEqualTo(STOCK);
            Map<String, Long> refusals = outcomes.stream().filter(o -> o.status != 201)
                    .collect(Collectors.groupingBy(o -> o.status + " " + o.code, Collectors.counting()));
            assertThat(refusals.keySet()).as("every refusal is sold out or limit reached (or the buyer's own code held): %s", refusals)
                    .isSubsetOf(type.equals("fCode") ? List.of("409 SOLD_OUT", "409 LIMIT_REACHED", "409 CODE_LOCKED")
                            : List.of("409 SOLD_OUT", "409 LIMIT_REACHED"));

            List<JsonNode> listed = api.allOrders(OPERATOR, activity, 100);
            assertThat(listed).as("orders listed page by page").hasSize(STOCK);
            Set<String> listedIds = ConcurrentHashMap.newKeySet();
            listed.forEach(o -> listedIds.add(o.get("orderId").asText()));
            assertThat(listedIds).as("the listed orders are the accepted ones")
                    .containsExactlyInAnyOrderElementsOf(accepted.stream().map(Outcome::orderId).toList());
            assertThat(listed.stream().map(o -> o.get("buyerId").asText()).distinct().count()).as("no buyer twice").isEqualTo(STOCK);
            assertThat(listed).allSatisfy(o -> {
                assertThat(o.get("status").asText()).isEqualTo("PENDING_PAYMENT");
                assertThat(o.get("quantity").asInt()).isEqualTo(1);
            });

            JsonNode stats = api.stats(OPERATOR, activity);
            JsonNode stock = assertStockAddsUp(stats);
            assertThat(stock.get("total").asLong()).isEqualTo(STOCK);
            assertThat(stock.get("reserved").asLong()).as("never more reserved than the stock").isEqualTo(STOCK);
            assertThat(stock.get("available").asLong() + stock.get("leased").asLong() + stock.get("sold").asLong()).isZero();
            assertThat(stats.get("orders").asLong()).isEqualTo(STOCK);
            assertThat(stats.get("participants").asLong()).isEqualTo(STOCK);
            assertThat(api.get("/v1/activities/" + activity + "/public").send().json().get("items").get(0).get("left").asLong()).isZero();
        }
    }
}
