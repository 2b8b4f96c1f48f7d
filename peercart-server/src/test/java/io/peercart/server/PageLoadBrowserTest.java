package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import io.peercart.server.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * Every page of the console and the buyer page of each of the ten types, loaded as on a first
 * visit (the browser's cache emptied before each) against the demo shop after a short crowd has
 * ordered, and measured by the browser itself ({@link Browser#loadTimes}): the report's page-load
 * figures (docs/console.md, "Measured"). Each page must show its content with zero JavaScript
 * errors and zero failed requests; the times are printed, not asserted (a shared machine's speed
 * is not the code's).
 */
class PageLoadBrowserTest {
    static final String OPERATOR = "pck_pageloadbrowsertestoperatorkey000001";
    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    @RegisterExtension
    static final Browser browser = new Browser();
    static Demo demo;

    /** The demo shop, its ten activities and a crowd of three buyers that has gone home before anything is measured. */
    @BeforeAll
    static void theDemoShop() throws Exception {
        demo = Demo.start(URI.create("http://127.0.0.1:" + node.server.port()), OPERATOR, new Demo.Options(Duration.ofSeconds(5), 0.5, 7L),
                node.clock, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertThat(demo.awaitEnd(Duration.ofSeconds(30))).as("the crowd went home").isTrue();
        } finally {
            demo.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + node.server.port();
    }

    /** Opens {@code url} on an empty cache, waits for {@code ready} (a CSS selector) and answers what the browser measured. */
    private static Browser.LoadTimes load(String url, String ready) {
        browser.open("about:blank");
        browser.clearCache();
        browser.open(url);
        browser.await(d -> !d.findElements(By.cssSelector(ready)).isEmpty()); // the wait is not what is measured
        return browser.loadTimes();
    }

    private static void print(String what, Map<String, Browser.LoadTimes> times) {
        List<Long> fcp = new ArrayList<>(times.values().stream().map(Browser.LoadTimes::firstContentfulPaint).sorted().toList());
        times.forEach((page, t) -> System.out.printf("page load, %s, %s: %s%n", what, page, t));
        System.out.printf("page load, %s: %d pages, first contentful paint median=%d ms max=%d ms%n", what, fcp.size(),
                fcp.get(fcp.size() / 2), fcp.getLast());
    }

    @Test
    void everyConsolePageLoads() {
        String key = demo.apiKey();
        Response orders = node.api.get("/v1/orders?limit=1").auth(key).send();
        String orderId = orders.json().get("items").get(0).get("orderId").asText();
        Response hook = node.api.post("/v1/webhooks").auth(key).idempotencyKey("page-load-hook")
                .json(Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("order.refunded"))).send();
        assertThat(hook.status()).as("%s", hook).isEqualTo(201);

        Map<String, Browser.LoadTimes> times = new LinkedHashMap<>();
        times.put("sign-in", load(base() + "/console", "#key"));
        browser.script("sessionStorage.setItem('peercart.apiKey', arguments[0]);", key); // the rest as a signed-in merchant
        String console = base() + "/console#/";
        times.put("activities", load(console, "#activities tr[data-id]"));
        for (Demo.Activity a : demo.activities()) {
            times.put("dashboard " + a.type(), load(console + "activities/" + a.id(), "#live[data-state='live']"));
        }
        times.put("orders", load(console + "orders", "#orders tbody tr"));
        times.put("refund queue", load(console + "orders/refunds", "#refund-queue"));
        times.put("order", load(console + "orders/" + orderId, "#order-fields"));
        times.put("members", load(console + "members", "#ledger-verdict"));
        times.put("member", load(console + "members/visitor", "#member-title"));
        times.put("webhooks", load(console + "webhooks", "#hooks-list table"));
        times.put("webhook", load(console + "webhooks/" + hook.text("id"), "#hook-url-shown"));
        times.put("api keys", load(console + "keys", "#keys-list table"));
        print("console at 1280 px", times);
        assertThat(times.values()).allSatisfy(t -> assertThat(t.firstContentfulPaint()).as("painted").isPositive());
    }

    @Test
    void everyTypesBuyerPageLoads() {
        browser.driver.manage().window().setSize(new Dimension(375, 800));
        Map<String, Browser.LoadTimes> times = new LinkedHashMap<>();
        String token = URLEncoder.encode(demo.visitorToken(), StandardCharsets.UTF_8);
        for (Demo.Activity a : demo.activities()) {
            times.put(a.type(), load(base() + "/h5/" + a.id() + "#token=" + token, "#name"));
            assertThat(browser.find("#name").getText()).isEqualTo(a.name());
        }
        print("buyer page at 375 px", times);
        assertThat(times.values()).allSatisfy(t -> assertThat(t.firstContentfulPaint()).as("painted").isPositive());
    }
}
