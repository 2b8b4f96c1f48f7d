package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

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
    static final BrowserShop shop = new BrowserShop(OPERATOR, "图表茶社");
    static final TestNode node = shop.node;
    static final Browser browser = shop.browser;

    private static String unique(String prefix) { return prefix + "-" + UUID.randomUUID().toString().substring(0, 8); }

    @Test
    void aVisitAnOrderAndItsPaymentMoveTheFunnelAndTheSeriesLive() {
        String sku = unique("tea");
        String id = node.api.createActivity(shop.key, ApiClient.seckill("漏斗·秒杀", sku, 50, 1, node.clock.instant()));
        browser.open(shop.base() + "/h5/" + id); // the buyer page counts its visitor
        browser.await(d -> "open".equals(d.findElement(By.tagName("body")).getAttribute("data-live")));
        ApiClient.await("the visit counted", Duration.ofSeconds(5), () -> node.api.stats(shop.key, id).get("visitors").asLong() == 1);

        shop.dashboard(id, "zh");
        browser.await(d -> shop.text("#funnel-visitors").equals("1") && shop.text("#funnel-participants").equals("0"));
        browser.await(d -> "0".equals(browser.find("#timeline").getAttribute("data-orders"))
                && !d.findElements(By.cssSelector("#timeline-chart canvas")).isEmpty());
        assertThat(browser.driver.findElements(By.cssSelector("#funnel canvas"))).as("the funnel chart drawn").isNotEmpty();
        assertThat(browser.driver.findElements(By.id("auction"))).as("a seckill has no auction panel").isEmpty();

        String orderId = shop.order(id, "buyer-1", Map.of("quantity", 1)).text("orderId");
        shop.within(LIVE, () -> "1".equals(browser.find("#timeline").getAttribute("data-orders")));
        shop.within(LIVE, () -> shop.text("#funnel-orders").equals("1") && shop.text("#funnel-participants").equals("1"));
        shop.pay(orderId);
        shop.within(LIVE, () -> "9900".equals(browser.find("#timeline").getAttribute("data-gmv")) && shop.text("#funnel-paid").equals("1"));
        long[] funnel = {num("#funnel-visitors"), num("#funnel-participants"), num("#funnel-orders"), num("#funnel-paid")};
        assertThat(funnel).containsExactly(1, 1, 1, 1);
        assertThat(shop.text("#funnel-newCustomers")).isEqualTo("1");
        assertThat(shop.text("#funnel-paid-share")).contains("100%");
        assertThat(browser.find("#timeline-chart").getAttribute("aria-label")).contains("1", "¥99.00");

        // the series seeded on a fresh open agrees with what the events built
        browser.driver.navigate().refresh();
        browser.await(d -> "1".equals(browser.find("#timeline").getAttribute("data-orders")) && "9900".equals(browser.find("#timeline").getAttribute("data-gmv")));
        // last, as its order would move the figures: "preview as buyer" from the heading: the buyer page with a real buyer token in the fragment only
        browser.script("window.openedUrls = []; window.open = (url) => { window.openedUrls.push(url); return null; };");
        browser.find(".dashboard .heading .preview").click();
        String opened = browser.await(d -> (String) browser.script("return window.openedUrls[0];"));
        assertThat(opened).startsWith("/h5/" + id + "#token=").doesNotContain("?");
        String token = java.net.URLDecoder.decode(opened.substring(opened.indexOf("#token=") + 7), java.nio.charset.StandardCharsets.UTF_8);
        Response preview = node.api.post("/v1/activities/" + id + "/orders").auth(token).header("Idempotency-Key", "dash-preview")
                .json(Map.of("sku", sku, "quantity", 1)).send();
        assertThat(preview.status()).as("a real buyer token: %s", preview).isEqualTo(201);
        assertThat(preview.text("buyerId")).startsWith("preview-");

        shop.show("timeline");
    }

    private static long num(String css) { return Long.parseLong(shop.text(css)); }

    @Test
    void anAuctionShowsItsPriceNowAndItsNextDropAndFollowsTheDrop() {
        String id = shop.running("auction", "降价拍·紫砂壶", Map.of("sku", unique("pot"), "stock", 5, "limitPerBuyer", 1),
                Map.of("startPrice", 100_000, "floorPrice", 60_000, "dropAmount", 10_000, "dropIntervalSeconds", 600), node.clock.instant().plus(Duration.ofHours(1)));
        shop.dashboard(id, "zh");
        browser.await(d -> shop.text("#auction-price").equals("¥1,000.00"));
        assertThat(shop.text("#auction-next-price")).isEqualTo("¥900.00");
        assertThat(shop.text("#auction-next-drop")).matches(".*\\d\\d:\\d\\d:\\d\\d.*（\\d+ 秒后）");
        assertThat(shop.text("#auction-floor")).isEqualTo("¥600.00");
        assertThat(browser.driver.findElements(By.cssSelector("#auction canvas"))).as("the price curve drawn").isNotEmpty();

        node.clock.advance(Duration.ofSeconds(600)); // the first drop is due: the node announces it, the panel reads the new price
        browser.await(d -> shop.text("#auction-price").equals("¥900.00") && shop.text("#auction-next-price").equals("¥800.00"));
        assertThat(shop.text("#auction-drops")).isEqualTo("1");
        shop.show("auction");
    }

    @Test
    void aTuansTierProgressMovesAsBuyersPay() {
        String id = shop.running("tuan", "阶梯团·龙井", Map.of("sku", unique("lj"), "price", 10_000, "stock", 100),
                Map.of("tiers", List.of(Map.of("minBuyers", 1, "cashbackPercent", 5), Map.of("minBuyers", 3, "cashbackPercent", 10)),
                        "settlementDelaySeconds", 60), node.clock.instant().plus(Duration.ofHours(1)));
        shop.dashboard(id, "zh");
        browser.await(d -> shop.text("#tuan-buyers").equals("0"));
        assertThat(shop.text("#tuan-tier")).isEqualTo("未达档");
        assertThat(shop.text("#tuan-missing")).isEqualTo("1 人");
        shop.pay(shop.order(id, "t-1", Map.of()).text("orderId"));
        shop.within(LIVE, () -> shop.text("#tuan-buyers").equals("1"));
        assertThat(shop.text("#tuan-tier")).contains("满 1 人", "返 5%");
        assertThat(shop.text("#tuan-missing")).isEqualTo("2 人");
        assertThat(browser.find("#tuan-progress").getAttribute("value")).isEqualTo("1");
        assertThat(browser.find("#tuan-progress").getAttribute("max")).isEqualTo("3");
        assertThat(browser.driver.findElements(By.cssSelector("#tuan .tiers li.reached"))).hasSize(1);
        shop.show("tuan");
    }

    @Test
    void aPresalesHelpsAndTopInitiatorsMoveAsFriendsHelp() {
        Instant now = node.clock.instant();
        String id = shop.running("helpDepositExpansion", "定金膨胀·白茶", Map.of("sku", unique("bc"), "price", 20_000, "stock", 10, "limitPerBuyer", 1),
                Map.of("deposit", 1_000, "baseValue", 2_000, "maxValue", 9_000, "helpAmount", 500,
                        "balanceStartsAt", now.plus(Duration.ofHours(1)).toString(), "balanceEndsAt", now.plus(Duration.ofHours(2)).toString()), node.clock.instant().plus(Duration.ofHours(1)));
        String deposit = shop.order(id, "initiator-ann", Map.of()).text("orderId");
        shop.pay(deposit);
        shop.dashboard(id, "zh");
        browser.await(d -> shop.text("#helps-count").equals("0"));
        assertThat(browser.find("#helps-none").isDisplayed()).isTrue();
        for (String helper : List.of("h-1", "h-2")) {
            Map<String, Object> t = Map.of("buyerId", helper, "newCustomer", true, "tags", List.of(), "ttlSeconds", 3600, "deviceId", unique("dev"));
            String token = node.api.post("/v1/buyer-tokens").auth(shop.key).json(t).send().text("token");
            assertThat(node.api.post("/v1/orders/" + deposit + "/helps").auth(token).send().status()).isEqualTo(201);
        }
        shop.within(LIVE, () -> shop.text("#helps-count").equals("2"));
        assertThat(shop.text("#helps-credited")).isEqualTo("¥10.00");
        // the table is drawn again when a later read lands: read the row as it is now
        assertThat(browser.fresh("#helps-top tr[data-buyer='initiator-ann']", org.openqa.selenium.WebElement::getText)).contains("initiator-ann", "2", "¥10.00");
        shop.show("helps");
    }

    @Test
    void aGroupsTimeToFillShowsOnceItSucceeds() {
        String id = shop.running("groupOn", "拼团·普洱", Map.of("sku", unique("pe"), "price", 12_900, "groupPrice", 9_900, "stock", 100, "limitPerBuyer", 1),
                Map.of("groupSize", 2), node.clock.instant().plus(Duration.ofHours(1)));
        shop.dashboard(id, "zh");
        browser.await(d -> shop.text("#groups-succeeded").equals("0"));
        assertThat(shop.text("#groups-fill")).isEqualTo("—");
        Response leader = shop.order(id, "leader", Map.of());
        shop.pay(leader.text("orderId"));
        node.clock.advance(Duration.ofSeconds(90)); // the last seat is paid a minute and a half after the group opened
        shop.pay(shop.order(id, "member", Map.of("groupId", leader.text("groupId"))).text("orderId"));
        shop.within(LIVE, () -> shop.text("#groups-succeeded").equals("1"));
        assertThat(shop.text("#groups-fill")).isEqualTo("1 分 30 秒");
        shop.show("groups");
    }
}
