package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import io.peercart.server.http.CorsPolicy;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Browser callers from other origins (docs/security.md, "Browser callers"), against a real node:
 * closed by default; a shop's allowed origin reads that shop's answers (keys, buyer tokens, public
 * views, event streams) and no other shop's; preflights answered with the path's methods, the
 * headers the API reads and a max age; bad settings refused and changing nothing; a change made
 * by a peer (written to the database behind this node's back) seen within the refresh period.
 */
class CorsHttpTest {
    static final String OPERATOR = "pck_corshttptestoperatorkey00000000000001";
    static final String SITE_A = "https://shop-a.example.com", SITE_B = "https://shop-b.example.com", EVIL = "https://evil.example.net";

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);

    private static Response put(String key, Object body) {
        return node.api.call("PUT", "/v1/settings/cors").auth(key).json(body).send();
    }

    private static String allowed(Response r) { return r.header("Access-Control-Allow-Origin").orElse(null); }

    private static Response preflight(String path, String origin, String method) {
        ApiClient.Call c = node.api.call("OPTIONS", path).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        if (origin != null) c.header("Origin", origin);
        return c.send();
    }

    @Test
    void aShopsOriginsReadThatShopsAnswersOnlyAndPreflightsAreAnswered() throws Exception {
        ApiClient api = node.api;
        String keyA = api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "cors a")).send().text("apiKey");
        String keyB = api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "cors b")).send().text("apiKey");
        String activityA = api.createActivity(keyA, seckill("cors", "C-1", 10, 1, node.clock.instant()));
        String tokenA = api.token(keyA, "ann"), tokenB = api.token(keyB, "bob");

        // closed by default: nothing allowed, the request itself answered as always
        assertThat(api.get("/v1/settings/cors").auth(keyA).send().json().get("allowedOrigins")).isEmpty();
        Response closed = api.get("/v1/activities").auth(keyA).header("Origin", SITE_A).send();
        assertThat(closed.status()).isEqualTo(200);
        assertThat(allowed(closed)).isNull();
        Response refused = preflight("/v1/activities", SITE_A, "POST");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("FORBIDDEN");
        assertThat(allowed(refused)).isNull();

        Response saved = put(keyA, Map.of("allowedOrigins", List.of("https://Shop-A.example.com:443", "http://localhost:3000")));
        assertThat(saved.status()).as("%s", saved).isEqualTo(200);
        assertThat(saved.json().get("allowedOrigins").toString()).isEqualTo("[\"" + SITE_A + "\",\"http://localhost:3000\"]");
        assertThat(api.get("/v1/settings/cors").auth(keyA).send().json()).isEqualTo(saved.json());
        assertThat(put(keyB, Map.of("allowedOrigins", List.of(SITE_B))).status()).isEqualTo(200);

        // actual requests: the credential's shop decides
        Response ok = api.get("/v1/activities").auth(keyA).header("Origin", SITE_A).send();
        assertThat(allowed(ok)).isEqualTo(SITE_A);
        assertThat(ok.header("Vary")).hasValue("Origin");
        assertThat(ok.header("Access-Control-Expose-Headers").orElseThrow()).contains("X-Request-Id", "Retry-After", "Location", "ETag");
        Response created = api.post("/v1/activities/" + activityA + "/orders").auth(tokenA).header("Origin", "http://localhost:3000")
                .json(Map.of("quantity", 1)).send();
        assertThat(created.status()).isEqualTo(201);
        assertThat(allowed(created)).as("a buyer token of the shop").isEqualTo("http://localhost:3000");
        assertThat(allowed(api.get("/v1/activities").auth(keyA).header("Origin", SITE_B).send())).as("B's origin on A's answer").isNull();
        assertThat(allowed(api.get("/v1/activities").auth(keyB).header("Origin", SITE_A).send())).as("A's origin on B's answer").isNull();
        assertThat(allowed(api.get("/v1/points/summary").auth(tokenB).header("Origin", SITE_A).send())).isNull();
        assertThat(allowed(api.get("/v1/activities").auth(keyA).header("Origin", EVIL).send())).isNull();
        assertThat(allowed(api.get("/v1/activities").auth(keyA).header("Origin", SITE_A + "/").send())).as("exact origins only").isNull();
        assertThat(allowed(api.get("/v1/activities").auth(keyA).send())).as("no Origin: no CORS").isNull();

        // without a credential: the shop of the activity; about no shop at all: an origin some shop allows
        String publicView = "/v1/activities/" + activityA + "/public";
        assertThat(allowed(api.get(publicView).header("Origin", SITE_A).send())).isEqualTo(SITE_A);
        assertThat(allowed(api.get(publicView).header("Origin", SITE_B).send())).isNull();
        assertThat(allowed(api.get("/health").header("Origin", SITE_B).send())).isEqualTo(SITE_B);
        assertThat(allowed(api.get("/health").header("Origin", EVIL).send())).isNull();
        Response unauthorized = api.get("/v1/activities").auth("pck_not_a_key").header("Origin", SITE_A).send();
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(allowed(unauthorized)).as("the page can read its 401").isEqualTo(SITE_A);
        Response problem = api.get("/v1/activities/act_nope").auth(keyA).header("Origin", SITE_A).send();
        assertThat(problem.status()).isEqualTo(404);
        assertThat(allowed(problem)).as("problems too").isEqualTo(SITE_A);

        // an event stream (EventSource) from the shop's site, over HTTP/1.1 and HTTP/2
        for (HttpClient.Version version : HttpClient.Version.values()) {
            try (HttpClient http = HttpClient.newBuilder().version(version).build()) {
                HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.server.port()
                        + "/v1/activities/" + activityA + "/events")).header("Origin", SITE_A).header("Accept", "text/event-stream")
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(stream.headers().firstValue("Access-Control-Allow-Origin")).as("%s", version).hasValue(SITE_A);
                stream.body().close();
            }
        }

        // preflights: the path's methods, the headers the API reads, a max age
        Response pre = preflight("/v1/activities/" + activityA + "/orders", SITE_B, "POST");
        assertThat(pre.status()).isEqualTo(204);
        assertThat(allowed(pre)).isEqualTo(SITE_B);
        assertThat(pre.header("Access-Control-Allow-Methods")).hasValue("GET, POST");
        assertThat(pre.header("Access-Control-Allow-Headers").orElseThrow()).contains("Authorization", "Content-Type", "Idempotency-Key",
                "X-Request-Id", "Last-Event-ID");
        assertThat(pre.header("Access-Control-Max-Age")).hasValue("600");
        assertThat(pre.header("X-Request-Id")).isPresent();
        assertThat(preflight("/v1/activities/" + activityA + "/orders", SITE_A, "DELETE").code()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(preflight("/v1/nowhere", SITE_A, "GET").code()).isEqualTo("NOT_FOUND");
        assertThat(preflight("/v1/activities", EVIL, "GET").status()).isEqualTo(403);
        assertThat(preflight("/v1/activities", null, "GET").status()).isEqualTo(403);
        Response plainOptions = api.call("OPTIONS", "/v1/settings/cors").send();
        assertThat(plainOptions.status()).as("OPTIONS without a preflight: the methods").isEqualTo(204);
        assertThat(plainOptions.header("Allow")).hasValue("GET, PUT");

        // closing again
        assertThat(put(keyA, Map.of("allowedOrigins", List.of())).status()).isEqualTo(200);
        assertThat(allowed(api.get("/v1/activities").auth(keyA).header("Origin", SITE_A).send())).isNull();
        assertThat(preflight("/v1/activities", SITE_A, "GET").status()).isEqualTo(403);
        assertThat(node.server.store().audit(node.server.store().merchantByKey(keyA, Instant.now()).orElseThrow().shopId(),
                io.peercart.store.audit.AuditFilter.ALL, null, 10).items()).extracting(e -> e.action()).contains("cors.settings");
    }

    @Test
    void badSettingsAreRefusedAndChangeNothing() {
        ApiClient api = node.api;
        String key = api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "cors bad")).send().text("apiKey");
        assertThat(put(key, Map.of("allowedOrigins", List.of("https://kept.example.com"))).status()).isEqualTo(200);
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= 20; i++) many.add("https://s" + i + ".example.com");
        for (Object bad : List.of(List.of("*"), List.of("https://kept.example.com/"), List.of("kept.example.com"), List.of("ftp://kept.example.com"),
                List.of("https://*.example.com"), List.of("null"), List.of("https://a.example.com", "https://A.example.com"), many,
                Collections.singletonList(null), List.of(42), "https://kept.example.com")) {
            Response r = put(key, Collections.singletonMap("allowedOrigins", bad));
            assertThat(r.status()).as("%s: %s", bad, r).isEqualTo(422);
            assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(r.text("detail")).startsWith("allowedOrigins");
        }
        assertThat(put(key, Map.of()).code()).as("required").isEqualTo("VALIDATION_FAILED");
        assertThat(put(key, Map.of("allowedOrigins", List.of(), "origins", List.of())).code()).isEqualTo("UNKNOWN_FIELD");
        assertThat(put(key, "[]").code()).isIn("VALIDATION_FAILED", "MALFORMED_JSON");
        assertThat(put(key, "{").code()).isEqualTo("MALFORMED_JSON");
        // who may: the shop's write keys only
        String reader = api.post("/v1/keys").auth(key).json(Map.of("name", "reader", "scope", "read")).send().text("key");
        assertThat(put(reader, Map.of("allowedOrigins", List.of())).status()).isEqualTo(403);
        assertThat(api.get("/v1/settings/cors").auth(reader).send().status()).isEqualTo(200);
        assertThat(put(api.token(key, "ann"), Map.of("allowedOrigins", List.of())).status()).isEqualTo(403);
        assertThat(api.get("/v1/settings/cors").auth(api.token(key, "ann")).send().status()).isEqualTo(403);
        assertThat(put(null, Map.of("allowedOrigins", List.of())).status()).isEqualTo(401);
        assertThat(api.get("/v1/settings/cors").auth(key).send().json().get("allowedOrigins").toString()).isEqualTo("[\"https://kept.example.com\"]");
    }

    @Test
    void everyServedPathAnswersPreflightsWithItsDocumentedMethods() {
        String shop = node.server.store().createShop("cors paths", Instant.now()).shopId();
        node.server.store().saveCorsOrigins(shop, List.of("https://paths.example.com"), Instant.now(), null);
        // written behind the node's back, as a peer would: seen within the refresh period
        ApiClient.await("the node reads the peers' change", CorsPolicy.REFRESH.multipliedBy(3),
                () -> preflight("/v1/activities", "https://paths.example.com", "GET").status() == 204);
        JsonNode paths = node.api.get("/openapi.json").send().json().get("paths");
        int checked = 0;
        for (var p : (Iterable<Map.Entry<String, JsonNode>>) paths::fields) {
            Set<String> documented = new TreeSet<>();
            p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase()));
            String path = p.getKey().replaceAll("\\{[^}]+}", "x1");
            Response r = preflight(path, "https://paths.example.com", documented.iterator().next());
            assertThat(r.status()).as("%s %s", p.getKey(), r).isEqualTo(204);
            assertThat(new TreeSet<>(Arrays.asList(r.header("Access-Control-Allow-Methods").orElseThrow().split(", "))))
                    .as(p.getKey()).isEqualTo(documented);
            checked++;
        }
        assertThat(checked).isGreaterThan(60);
    }
}
