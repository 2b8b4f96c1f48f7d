package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import io.peercart.store.StoreFixtures;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL spend one code-attempt budget: a guesser who spreads their tries
 * over the nodes gets no more than the shop's figure in all (docs/security.md, "Rate limits").
 */
class RateLimitClusterHttpTest {
    static final String OPERATOR = "pck_ratelimitclusterhttptestoperatorkey0001";

    private static ServerConfig config(Path dir, TestDatabase db) {
        return ServerConfig.embedded(dir, 0).withAdminKey(OPERATOR).withDatabase(db.url(), db.user(), db.password()).withSecretKeys(db.secretKey(), null);
    }

    @Test
    void twoNodesShareTheCodeAttemptBudget(@TempDir Path dir) {
        try (TestDatabase db = StoreFixtures.postgresDatabase();
             PeerCartServer a = PeerCartServer.start(config(dir.resolve("a"), db));
             PeerCartServer b = PeerCartServer.start(config(dir.resolve("b"), db))) {
            ApiClient apiA = new ApiClient(a.port()), apiB = new ApiClient(b.port());
            assertThat(apiA.call("PUT", "/v1/settings/limits").auth(OPERATOR).json(Map.of("codes", Map.of("perBuyerPerMinute", 3))).send().status())
                    .isEqualTo(200);
            String id = apiA.createActivity(OPERATOR, FCodeHttpTest.fCode("RLC-F", 10, Map.of(), Instant.now()));
            String token = apiA.token(OPERATOR, "spread-guesser");
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Response r = (i % 2 == 0 ? apiA : apiB).post("/v1/activities/" + id + "/orders").auth(token)
                        .json(Map.of("quantity", 1, "code", "NOTACODE000" + i)).send();
                answers.add(r.status() + " " + r.code());
                if (r.status() == 429) assertThat(r.header("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 60));
            }
            assertThat(answers).as("three tries in all, whichever node takes them")
                    .containsExactly("422 INVALID_CODE", "422 INVALID_CODE", "422 INVALID_CODE", "429 RATE_LIMITED", "429 RATE_LIMITED", "429 RATE_LIMITED");
            assertThat(apiA.serverErrors()).isEmpty();
            assertThat(apiB.serverErrors()).isEmpty();
        }
    }
}
