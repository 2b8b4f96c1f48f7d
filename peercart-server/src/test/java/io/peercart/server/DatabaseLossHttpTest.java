package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import io.peercart.store.StoreFixtures;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose PostgreSQL goes away, as during a failover (its connections cut, new ones refused):
 * an order is answered within seconds with a clean 503 UNAVAILABLE problem carrying Retry-After,
 * never a hang or a 201; once the database is back, the same request with the same Idempotency-Key
 * is accepted, and the order exists once.
 */
class DatabaseLossHttpTest {
    static final String OPERATOR = "pck_databaselosshttptestoperatorkey000001";

    @Test
    @Timeout(120)
    void aLostDatabaseIsARetryable503AndTheRetryLandsOnce(@TempDir Path dir) throws Exception {
        try (TestDatabase db = StoreFixtures.postgresDatabase();
             PeerCartServer node = PeerCartServer.start(ServerConfig.embedded(dir, 0).withAdminKey(OPERATOR)
                     .withDatabase(db.url(), db.user(), db.password()))) {
            ApiClient api = new ApiClient(node.port());
            String shopKey = api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "loss")).send().text("apiKey");
            String activity = api.createActivity(shopKey, seckill("loss", "LOSS-1", 100, 10, Instant.now()));
            String orders = "/v1/activities/" + activity + "/orders";
            assertThat(api.post(orders).auth(shopKey).buyer("before").json(Map.of("quantity", 1)).send().status()).isEqualTo(201);

            String name = db.url().substring(db.url().lastIndexOf('/') + 1).replaceAll("\\?.*", "");
            String admin = db.url().substring(0, db.url().lastIndexOf('/') + 1) + "postgres";
            try (Connection c = DriverManager.getConnection(admin, db.user(), db.password()); Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                try {
                    long asked = System.nanoTime();
                    Response lost = api.post(orders).auth(shopKey).buyer("during").idempotencyKey("loss-1").json(Map.of("quantity", 1)).send();
                    double took = (System.nanoTime() - asked) / 1e9;
                    assertThat(lost.status()).as("%s", lost).isEqualTo(503);
                    assertThat(lost.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                    assertThat(lost.text("code")).isEqualTo("UNAVAILABLE");
                    assertThat(lost.header("Retry-After")).contains("5");
                    assertThat(took).as("answered within seconds, not held").isLessThan(8.0);
                    Response read = api.get(orders).auth(shopKey).send();
                    assertThat(read.status()).isEqualTo(503);
                    assertThat(read.header("Retry-After")).contains("5");
                } finally {
                    s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
                }
            }

            Response again = ApiClient.awaitValue("the retry to be answered after the pools reconnect", Duration.ofSeconds(30), () -> {
                Response r = api.post(orders).auth(shopKey).buyer("during").idempotencyKey("loss-1").json(Map.of("quantity", 1)).send();
                return r.status() != 503 ? r : null;
            });
            assertThat(again.status()).as("%s", again).isEqualTo(201);
            long during = 0;
            for (var o : api.get(orders).auth(shopKey).send().json().path("items")) if (o.path("buyerId").asText().equals("during")) during++;
            assertThat(during).as("the order placed by the retry, once").isEqualTo(1);
            assertThat(ObservabilityHttpTest.scrape(api, OPERATOR).get("peercart_orders_total{outcome=\"UNAVAILABLE\"}"))
                    .as("orders by outcome count the 503s").isGreaterThanOrEqualTo(1);
        }
    }
}
