package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import io.peercart.store.StoreFixtures;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three peers on one PostgreSQL, as an operator sees them: GET /v1/cluster on any node lists all
 * three alive with their addresses and version, the stock each leases, and a node that stopped
 * cleanly as stopped; /metrics has a series per node. An order's event reaches a stream held on
 * another node promptly, woken by LISTEN/NOTIFY rather than a poll: the delay from the 201 on
 * node A to the event on node C is printed (p50/p99).
 */
class ClusterHttpTest {
    static final String OPERATOR = "pck_clusterhttptestoperatorkey000000000001";
    static final int ORDERS = 50;

    private static ServerConfig config(Path dir, TestDatabase db) {
        return ServerConfig.embedded(dir, 0).withAdminKey(OPERATOR).withDatabase(db.url(), db.user(), db.password()).withSecretKeys(db.secretKey(), null);
    }

    @Test
    void everyNodeListsThePeersWithWhatTheyHoldAndEventsCrossNodesAtOnce(@TempDir Path dir) throws Exception {
        try (TestDatabase db = StoreFixtures.postgresDatabase();
             PeerCartServer a = PeerCartServer.start(config(dir.resolve("a"), db));
             PeerCartServer b = PeerCartServer.start(config(dir.resolve("b"), db))) {
            PeerCartServer c = PeerCartServer.start(config(dir.resolve("c"), db));
            ApiClient apiA = new ApiClient(a.port()), apiB = new ApiClient(b.port()), apiC = new ApiClient(c.port());
            Map<Integer, String> ids = Map.of(a.port(), a.store().nodeId(), b.port(), b.store().nodeId(), c.port(), c.store().nodeId());

            JsonNode cluster = awaitCluster(apiB, n -> n.get("alive").asInt() == 3);
            assertThat(cluster.get("self").asText()).isEqualTo(b.store().nodeId());
            assertThat(cluster.get("storage").asText()).isEqualTo("postgres");
            assertThat(cluster.get("peersSignalled").asBoolean()).isTrue();
            for (JsonNode n : cluster.get("nodes")) {
                int port = Integer.parseInt(n.get("address").asText().replaceAll(".*:", ""));
                assertThat(n.get("id").asText()).as("the node answering on %d", port).isEqualTo(ids.get(port));
                assertThat(n.get("state").asText()).isEqualTo("alive");
                assertThat(n.get("version").asText()).isEqualTo(PeerCartServer.VERSION);
                assertThat(Instant.parse(n.get("lastHeartbeat").asText())).isAfterOrEqualTo(Instant.parse(n.get("startedAt").asText()));
            }
            assertThat(apiA.get("/v1/cluster").send().status()).as("no key").isEqualTo(401);
            String shopKey = apiA.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "cluster")).send().text("apiKey");
            assertThat(apiA.get("/v1/cluster").auth(shopKey).send().status()).as("a merchant key").isEqualTo(403);

            // orders on A and C: A holds a lease of the sku, C of its own
            String activity = apiA.createActivity(shopKey, seckill("cluster", "CL-1", 10_000, 100, Instant.now()));
            String path = "/v1/activities/" + activity + "/events";
            List<Long> delays = new ArrayList<>();
            try (SseClient onC = SseClient.open(c.port(), path, shopKey, 0)) {
                for (int i = 0; i < ORDERS; i++) {
                    Response r = apiA.post("/v1/activities/" + activity + "/orders").auth(shopKey).buyer("x-" + i).json(Map.of("quantity", 1)).send();
                    long acknowledged = System.nanoTime();
                    assertThat(r.status()).as("%s", r).isEqualTo(201);
                    String order = r.text("orderId");
                    while (true) {
                        SseClient.Event e = onC.take(1, Duration.ofSeconds(5)).getFirst();
                        if (e.type().equals("order.created") && e.data().path("data").path("orderId").asText().equals(order)) break;
                    }
                    delays.add((System.nanoTime() - acknowledged) / 1_000);
                }
            }
            assertThat(apiC.post("/v1/activities/" + activity + "/orders").auth(shopKey).buyer("on-c").json(Map.of("quantity", 1)).send().status()).isEqualTo(201);
            long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("order 201 on node A -> its event on a stream on node C, over %d orders: p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
                    ORDERS, sorted[ORDERS / 2] / 1000.0, sorted[(int) Math.ceil(ORDERS * 0.99) - 1] / 1000.0, sorted[ORDERS - 1] / 1000.0);

            Map<String, Long> leased = leasedBy(apiB.get("/v1/cluster").auth(OPERATOR).send().json());
            assertThat(leased.get(a.store().nodeId())).as("node A leases the sku it sells").isPositive();
            assertThat(leased.get(c.store().nodeId())).as("so does node C").isPositive();
            assertThat(leased.get(b.store().nodeId())).as("node B sold nothing").isZero();

            String metrics = apiA.get("/metrics").auth(OPERATOR).send().body();
            for (String id : ids.values()) assertThat(metrics).contains("peercart_cluster_node_up{address=").contains("node=\"" + id + "\"");

            String cId = c.store().nodeId();
            c.close(); // a clean stop: shown stopped, and the units it held are back in available at once
            JsonNode after = awaitCluster(apiA, n -> StreamSupport.stream(n.get("nodes").spliterator(), false)
                    .anyMatch(x -> x.get("id").asText().equals(cId) && x.get("state").asText().equals("stopped")));
            assertThat(after.get("alive").asInt()).isEqualTo(2);
            assertThat(leasedBy(after).get(cId)).as("a stopped node holds nothing").isZero();
            assertThat(apiA.serverErrors()).isEmpty();
            assertThat(apiB.serverErrors()).isEmpty();
        }
    }

    private static Map<String, Long> leasedBy(JsonNode cluster) {
        Map<String, Long> out = new HashMap<>();
        for (JsonNode n : cluster.get("nodes")) out.put(n.get("id").asText(), n.get("leasedUnits").asLong());
        return out;
    }

    private static JsonNode awaitCluster(ApiClient api, java.util.function.Predicate<JsonNode> done) {
        return ApiClient.awaitValue("the cluster to be as expected", Duration.ofSeconds(15), () -> {
            Response r = api.get("/v1/cluster").auth(OPERATOR).send();
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            return done.test(r.json()) ? r.json() : null;
        });
    }
}
