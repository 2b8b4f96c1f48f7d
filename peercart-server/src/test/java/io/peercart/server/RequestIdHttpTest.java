package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer names its request in {@code X-Request-Id} (the caller's id when well-formed, else a
 * new one), a problem repeats it as its {@code instance}, and a 401 says how to authenticate
 * ({@code WWW-Authenticate: Bearer}, RFC 6750).
 */
class RequestIdHttpTest {
    static final String OPERATOR = "pck_requestidtestoperatorkey0000000000000001";
    static final String GENERATED = "[0-9a-f]{32}";
    static final String INSTANCE = "urn:peercart:request:";

    @TempDir
    static Path dir;
    static PeerCartServer server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        server = PeerCartServer.start(ServerConfig.embedded(dir, 0).withAdminKey(OPERATOR));
        api = new ApiClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String id(Response r) {
        return r.header("X-Request-Id").orElseThrow(() -> new AssertionError("no X-Request-Id on " + r));
    }

    @Test
    void everyAnswerCarriesANewIdWhenTheCallerGaveNone() {
        Set<String> seen = new HashSet<>();
        String activity = api.createActivity(OPERATOR, seckill("ids", "RID-1", 5, 1, Instant.now()));
        List<Response> answers = List.of(
                api.get("/health").send(),
                api.get("/openapi.yaml").send(),
                api.get("/console").send(),
                api.get("/v1/activities/" + activity).auth(OPERATOR).send(),
                api.post("/v1/activities/" + activity + "/orders").auth(OPERATOR).buyer("rid-buyer").json(Map.of("sku", "RID-1", "quantity", 1)).send(),
                api.get("/v1/nothing-here").send());
        for (Response r : answers) {
            assertThat(id(r)).as("%s", r.raw().request().uri()).matches(GENERATED);
            seen.add(id(r));
        }
        assertThat(seen).as("one id per request").hasSize(answers.size());
    }

    @Test
    void aWellFormedIdFromTheCallerIsKeptAndAnyOtherReplaced() {
        for (String given : List.of("abc", "4bf92f3577b34da6a3ce929d0e0e4736", "req-2026.11.11_0001", "x".repeat(64)))
            assertThat(id(api.get("/health").header("X-Request-Id", given).send())).isEqualTo(given);
        for (String bad : List.of("x".repeat(65), "has space", "semi;colon", "quote\"d", "ünï", "a/b", "<script>"))
            assertThat(id(api.get("/health").header("X-Request-Id", bad).send())).as(bad).matches(GENERATED);
    }

    @Test
    void aProblemNamesTheRequestAsItsInstance() {
        // the same problem twice: cached bodies still get each request's own instance
        Response first = api.get("/v1/activities/act_nope").auth(OPERATOR).send();
        Response second = api.get("/v1/activities/act_nope").auth(OPERATOR).header("X-Request-Id", "support-ticket-77").send();
        assertThat(first.code()).isEqualTo("NOT_FOUND");
        assertThat(first.text("instance")).isEqualTo(INSTANCE + id(first));
        assertThat(second.text("instance")).isEqualTo(INSTANCE + "support-ticket-77");
        assertThat(second.json().size()).as("the same members plus instance").isEqualTo(first.json().size());
        // answered by the fallback route and by a route's validation
        Response wrongMethod = api.call("DELETE", "/v1/activities").auth(OPERATOR).header("X-Request-Id", "del-1").send();
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.text("instance")).isEqualTo(INSTANCE + "del-1");
        Response invalid = api.post("/v1/activities").auth(OPERATOR).header("X-Request-Id", "bad-body").json(Map.of("type", "seckill")).send();
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.text("instance")).isEqualTo(INSTANCE + "bad-body");
    }

    /** The accessor later features read (the audit log): each request sees its own id, also on one kept-alive connection. */
    @Test
    void routesReadTheirRequestsOwnId() throws Exception {
        io.helidon.webserver.http.HttpRouting.Builder routing = io.helidon.webserver.http.HttpRouting.builder();
        routing.addFilter((chain, req, res) -> {
            io.peercart.server.http.RequestId.assign(req, res);
            chain.proceed();
        });
        routing.get("/echo", (req, res) -> res.send(io.peercart.server.http.RequestId.of(req)));
        io.helidon.webserver.WebServer web = io.helidon.webserver.WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
        try {
            ApiClient echo = new ApiClient(web.port());
            List<Thread> threads = new java.util.ArrayList<>();
            java.util.Set<String> wrong = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 50; i++) {
                        String given = "t" + thread + "-" + i;
                        Response r = i % 2 == 0 ? echo.get("/echo").header("X-Request-Id", given).send() : echo.get("/echo").send();
                        String expected = i % 2 == 0 ? given : id(r);
                        if (!r.body().equals(expected) || !id(r).equals(expected)) wrong.add(given + " -> " + r.body() + " / " + id(r));
                    }
                }));
            }
            for (Thread t : threads) t.join();
            assertThat(wrong).isEmpty();
        } finally {
            web.stop();
        }
    }

    @Test
    void a401SaysBearerAndWhetherTheTokenWasRefused() {
        Response none = api.get("/v1/activities").send();
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).hasValue("Bearer realm=\"peercart\"");
        for (String refused : List.of("pck_unknownkey", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")) {
            Response r = api.get("/v1/activities").auth(refused).send();
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).as(refused).hasValue("Bearer realm=\"peercart\", error=\"invalid_token\"");
        }
        Response basic = api.get("/v1/activities").header("Authorization", "Basic dXNlcjpwYXNz").send();
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.header("WWW-Authenticate")).hasValue("Bearer realm=\"peercart\", error=\"invalid_request\"");
        // not a 401: no challenge
        Response forbidden = api.get("/metrics").auth(api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "other")).send().text("apiKey")).send();
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("WWW-Authenticate")).isEmpty();
    }
}
