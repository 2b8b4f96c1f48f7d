package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's charts and type panels in a real Chromium against a real node, kept live by the
 * event stream alone: a visit of the buyer page, an order and its payment move the funnel and the
 * orders-over-time series within two seconds; an auction shows its price now and its next drop
 * (and the new price once it drops); a tuan's tier progress and a presale's helps move as buyers pay
 * and help.
 */
class DashboardChartsBrowserTest {
    static final String OPERATOR = "pck_dashboardchartsbrowsertestoperator01";
    static final Duration LIVE = Duration.ofSeconds(2);
    @RegisterExtension
    static final Browser browser = new Browser();
    static Path dataDir;
    static TestClock clock;
    static PeerCartServer server;
    static ApiClient api;
    static String shopKey;

    @BeforeAll
    static void aNode() throws IOException {
        dataDir = Files.createTempDirectory("peercart-dashboard-charts");
        clock = new TestClock();
        server = PeerCartServer.start(ServerConfig.embedded(dataDir, 0).withAdminKey(OPERATOR).withClock(clock));
        api = new ApiClient(server.port());
        Response shop = api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "图表茶社")).send();
        assertThat(shop.status()).isEqualTo(201);
        shopKey = shop.text("apiKey");
    }

    @AfterEach
    void noServerErrors() {
        assertThat(api.serverErrors()).as("5xx answers").isEmpty();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) server.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String base() { return "http://127.0.0.1:" + server.port(); }

    private static String unique(String prefix) { return prefix + "-" + UUID.randomUUID().toString().substring(0, 8); }

    private static String activity(String type, String name, Map<String, Object> item, Map<String, Object> rules) {
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("name", name);
        body.put("startsAt", now.minusSeconds(30).toString());
        body.put("endsAt", now.plus(Duration.ofHours(1)).toString());
        body.put("items", List.of(item));
        if (rules != null) body.put("rules", rules);
        return api.createActivity(shopKey, body);
    }

    /** Opens the dashboard of {@code id}, entering the key first if the console asks, and waits until it is live. */
    private static void dashboard(String id) {
        browser.open(base() + "/console#/activities/" + id);
        browser.await(d -> !d.findElements(By.id("key")).isEmpty() || !d.findElements(By.id("live")).isEmpty());
        if (!browser.driver.findElements(By.id("key")).isEmpty()) {
            browser.find("#key").sendKeys(shopKey, Keys.ENTER);
            browser.await(d -> !d.findElements(By.id("activities")).isEmpty() || !d.findElements(By.id("live")).isEmpty());
            browser.open(base() + "/console#/activities/" + id);
        }
        browser.await(d -> !d.findElements(By.id("live")).isEmpty() && "live".equals(browser.find("#live").getAttribute("data-state"))
                && !browser.find("#fig-orders").getText().equals("…"));
    }

    private static String text(String css) { return browser.find(css).getText(); }

    /** Scrolls the panel into view, so the test's screenshot shows it. */
    private static void show(String id) { browser.script("document.getElementById(arguments[0]).scrollIntoView()", id); }

    private static void within(Duration d, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser.driver, d).until(x -> condition.getAsBoolean());
    }

    private static Response order(String activityId, String buyer, Map<String, Object> body) {
        Response r = api.post("/v1/activities/" + activityId + "/orders").auth(shopKey).buyer(buyer).json(body).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r;
    }

    private static void pay(String orderId) {
        Response r = api.post("/v1/orders/" + orderId + "/pay").auth(shopKey).json(Map.of("paymentRef", "p-" + orderId)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    @Test
    void aVisitAnOrderAndItsPaymentMoveTheFunnelAndTheSeriesLive() {
        String sku = unique("tea");
        String id = api.createActivity(shopKey, ApiClient.seckill("漏斗·秒杀", sku, 50, 1, clock.instant()));
        browser.open(base() + "/h5/" + id); // the buyer page counts its visitor
        browser.await(d -> "open".equals(d.findElement(By.tagName("body")).getAttribute("data-live")));
        ApiClient.await("the visit counted", Duration.ofSeconds(5), () -> api.stats(shopKey, id).get("visitors").asLong() == 1);

        dashboard(id);
        browser.await(d -> text("#funnel-visitors").equals("1") && text("#funnel-participants").equals("0"));
        browser.await(d -> "0".equals(browser.find("#timeline").getAttribute("data-orders"))
                && !d.findElements(By.cssSelector("#timeline-chart canvas")).isEmpty());
        assertThat(browser.driver.findElements(By.cssSelector("#funnel canvas"))).as("the funnel chart drawn").isNotEmpty();
        assertThat(browser.driver.findElements(By.id("auction"))).as("a seckill has no auction panel").isEmpty();

        String orderId = order(id, "buyer-1", Map.of("quantity", 1)).text("orderId");
        within(LIVE, () -> "1".equals(browser.find("#timeline").getAttribute("data-orders")));
        within(LIVE, () -> text("#funnel-orders").equals("1") && text("#funnel-participants").equals("1"));
        pay(orderId);
        within(LIVE, () -> "9900".equals(browser.find("#timeline").getAttribute("data-gmv")) && text("#funnel-paid").equals("1"));
        long[] funnel = {num("#funnel-visitors"), num("#funnel-participants"), num("#funnel-orders"), num("#funnel-paid")};
        assertThat(funnel).containsExactly(1, 1, 1, 1);
        assertThat(text("#funnel-newCustomers")).isEqualTo("1");
        assertThat(text("#funnel-paid-share")).contains("100%");
        assertThat(browser.find("#timeline-chart").getAttribute("aria-label")).contains("1", "¥99.00");

        // the series seeded on a fresh open agrees with what the events built
        browser.driver.navigate().refresh();
        browser.await(d -> "1".equals(browser.find("#timeline").getAttribute("data-orders")) && "9900".equals(browser.find("#timeline").getAttribute("data-gmv")));
        show("timeline");
    }

    private static long num(String css) { return Long.parseLong(text(css)); }

    @Test
    void anAuctionShowsItsPriceNowAndItsNextDropAndFollowsTheDrop() {
        String id = activity("auction", "降价拍·紫砂壶", Map.of("sku", unique("pot"), "stock", 5, "limitPerBuyer", 1),
                Map.of("startPrice", 100_000, "floorPrice", 60_000, "dropAmount", 10_000, "dropIntervalSeconds", 600));
        dashboard(id);
        browser.await(d -> text("#auction-price").equals("¥1,000.00"));
        assertThat(text("#auction-next-price")).isEqualTo("¥900.00");
        assertThat(text("#auction-next-drop")).matches(".*\\d\\d:\\d\\d:\\d\\d.*（\\d+ 秒后）");
        assertThat(text("#auction-floor")).isEqualTo("¥600.00");
        assertThat(browser.driver.findElements(By.cssSelector("#auction canvas"))).as("the price curve drawn").isNotEmpty();

        clock.advance(Duration.ofSeconds(600)); // the first drop is due: the node announces it, the panel reads the new price
        browser.await(d -> text("#auction-price").equals("¥900.00") && text("#auction-next-price").equals("¥800.00"));
        assertThat(text("#auction-drops")).isEqualTo("1");
        show("auction");
    }

    @Test
    void aTuansTierProgressMovesAsBuyersPay() {
        String id = activity("tuan", "阶梯团·龙井", Map.of("sku", unique("lj"), "price", 10_000, "stock", 100),
                Map.of("tiers", List.of(Map.of("minBuyers", 1, "cashbackPercent", 5), Map.of("minBuyers", 3, "cashbackPercent", 10)),
                        "settlementDelaySeconds", 60));
        dashboard(id);
        browser.await(d -> text("#tuan-buyers").equals("0"));
        assertThat(text("#tuan-tier")).isEqualTo("未达档");
        assertThat(text("#tuan-missing")).isEqualTo("1 人");
        pay(order(id, "t-1", Map.of()).text("orderId"));
        within(LIVE, () -> text("#tuan-buyers").equals("1"));
        assertThat(text("#tuan-tier")).contains("满 1 人", "返 5%");
        assertThat(text("#tuan-missing")).isEqualTo("2 人");
        assertThat(browser.find("#tuan-progress").getAttribute("value")).isEqualTo("1");
        assertThat(browser.find("#tuan-progress").getAttribute("max")).isEqualTo("3");
        assertThat(browser.driver.findElements(By.cssSelector("#tuan .tiers li.reached"))).hasSize(1);
        show("tuan");
    }

    @Test
    void aPresalesHelpsAndTopInitiatorsMoveAsFriendsHelp() {
        Instant now = clock.instant();
        String id = activity("helpDepositExpansion", "定金膨胀·白茶", Map.of("sku", unique("bc"), "price", 20_000, "stock", 10, "limitPerBuyer", 1),
                Map.of("deposit", 1_000, "baseValue", 2_000, "maxValue", 9_000, "helpAmount", 500,
                        "balanceStartsAt", now.plus(Duration.ofHours(1)).toString(), "balanceEndsAt", now.plus(Duration.ofHours(2)).toString()));
        String deposit = order(id, "initiator-ann", Map.of()).text("orderId");
        pay(deposit);
        dashboard(id);
        browser.await(d -> text("#helps-count").equals("0"));
        assertThat(browser.find("#helps-none").isDisplayed()).isTrue();
        for (String helper : List.of("h-1", "h-2")) {
            Map<String, Object> t = Map.of("buyerId", helper, "newCustomer", true, "tags", List.of(), "ttlSeconds", 3600, "deviceId", unique("dev"));
            String token = api.post("/v1/buyer-tokens").auth(shopKey).json(t).send().text("token");
            assertThat(api.post("/v1/orders/" + deposit + "/helps").auth(token).send().status()).isEqualTo(201);
        }
        within(LIVE, () -> text("#helps-count").equals("2"));
        assertThat(text("#helps-credited")).isEqualTo("¥10.00");
        assertThat(text("#helps-top tr[data-buyer='initiator-ann']")).contains("initiator-ann", "2", "¥10.00");
        show("helps");
    }

    @Test
    void aGroupsTimeToFillShowsOnceItSucceeds() {
        String id = activity("groupOn", "拼团·普洱", Map.of("sku", unique("pe"), "price", 12_900, "groupPrice", 9_900, "stock", 100, "limitPerBuyer", 1),
                Map.of("groupSize", 2));
        dashboard(id);
        browser.await(d -> text("#groups-succeeded").equals("0"));
        assertThat(text("#groups-fill")).isEqualTo("—");
        Response leader = order(id, "leader", Map.of());
        pay(leader.text("orderId"));
        clock.advance(Duration.ofSeconds(90)); // the last seat is paid a minute and a half after the group opened
        pay(order(id, "member", Map.of("groupId", leader.text("groupId"))).text("orderId"));
        within(LIVE, () -> text("#groups-succeeded").equals("1"));
        assertThat(text("#groups-fill")).isEqualTo("1 分 30 秒");
        show("groups");
    }
}
