package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;

/**
 * CORS in a real Chromium (docs/security.md, "Browser callers"): a merchant's page served from a
 * second origin ({@code http://localhost:<its port>}, while PeerCart answers on
 * {@code http://127.0.0.1:<port>}) places an order with {@code fetch} and a buyer token. Before
 * the shop allows the page's origin the browser blocks the call (the preflight is refused); after
 * {@code PUT /v1/settings/cors} the same call succeeds and the page reads the answer and its
 * exposed {@code X-Request-Id}; an event stream opens with {@code EventSource}.
 */
class CorsBrowserTest {
    static final String OPERATOR = "pck_corsbrowsertestoperatorkey000000000001";

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    @RegisterExtension
    static final Browser browser = new Browser();

    private static HttpServer site;

    @BeforeAll
    static void startTheShopsSite() throws Exception {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = "<!doctype html><meta charset=utf-8><link rel=icon href=\"data:,\"><title>shop</title><p>the shop's own page".getBytes(StandardCharsets.UTF_8);
        site.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            if (!exchange.getRequestURI().getPath().equals("/")) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            }
            exchange.close();
        });
        site.start();
    }

    @AfterAll
    static void stopTheShopsSite() {
        if (site != null) site.stop(0);
    }

    /** The page's fetch of an order, as text: "201 <orderId> <X-Request-Id>" or "blocked <error>". */
    private static String order(String api, String activity, String token) {
        Object r = ((JavascriptExecutor) browser.driver).executeAsyncScript("""
                const [api, activity, token, done] = arguments;
                fetch(api + '/v1/activities/' + activity + '/orders', {method: 'POST',
                    headers: {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID()},
                    body: JSON.stringify({quantity: 1})})
                  .then(async r => done(r.status + ' ' + (await r.json()).orderId + ' ' + r.headers.get('X-Request-Id')))
                  .catch(e => done('blocked ' + e.name));
                """, api, activity, token);
        return String.valueOf(r);
    }

    @Test
    void aPageOnTheShopsOwnOriginCallsTheApiOnlyOnceAllowed() {
        ApiClient api = node.api;
        String key = api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "cors browser")).send().text("apiKey");
        String activity = api.createActivity(key, seckill("cors browser", "CB-1", 10, 1, node.clock.instant()));
        String base = "http://127.0.0.1:" + node.server.port();
        String origin = "http://localhost:" + site.getAddress().getPort();
        browser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        browser.open(origin + "/");

        browser.expectFailedRequest("/orders", 0);   // blocked by the browser
        browser.expectFailedRequest("/orders", 403); // the refused preflight, where Chromium reports it
        browser.expectJsError("CORS policy");
        assertThat(order(base, activity, api.token(key, "ann"))).isEqualTo("blocked TypeError");
        assertThat(api.get("/v1/activities/" + activity + "/orders").auth(key).send().json().get("items")).as("the preflight stopped it").isEmpty();

        assertThat(api.call("PUT", "/v1/settings/cors").auth(key).json(Map.of("allowedOrigins", List.of(origin))).send().status()).isEqualTo(200);
        String placed = order(base, activity, api.token(key, "bob"));
        assertThat(placed).startsWith("201 ord_").matches("201 ord_\\S+ [0-9a-f]{32}");

        Object opened = ((JavascriptExecutor) browser.driver).executeAsyncScript("""
                const [url, done] = arguments;
                const events = new EventSource(url);
                events.onopen = () => { events.close(); done('open'); };
                events.onerror = () => { events.close(); done('error'); };
                """, base + "/v1/activities/" + activity + "/events");
        assertThat(opened).as("a public event stream from the shop's page").isEqualTo("open");
    }
}
