package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * The buyer pages of the help (helpDepositExpansion), auction, F-code, points mall
 * (pointsExchange) and gift (presentExchange) activities on a 375 px Chromium, each buyer sent by
 * the merchant's backend with a token in the fragment: a friend's help shows live on the
 * initiator's page, the auction buys at the price it shows and is refused (then buys) when the price
 * moved unseen, a wrong F code is refused in words and a right one buys, an exchange lowers the
 * points and a transfer shows on both members' pages, and a gift is claimed by a granted buyer only.
 */
class BuyerPanelsBrowserTest {
    static final String OPERATOR = "pck_buyerpanelsbrowsertestoperatorkey001";
    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    @RegisterExtension
    static final Browser browser = new Browser();

    private static String base() {
        return "http://127.0.0.1:" + node.server.port();
    }

    private static String unique(String tag) {
        return tag + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String activity(String type, String name, Map<String, Object> item, Map<String, Object> rules, Instant startsAt) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", type);
        a.put("name", name);
        a.put("startsAt", startsAt.toString());
        a.put("endsAt", node.clock.instant().plus(Duration.ofHours(1)).toString());
        a.put("items", List.of(item));
        if (rules != null) a.put("rules", rules);
        return node.api.createActivity(OPERATOR, a);
    }

    /** Opens the page at phone width and waits until it shows the activity and follows its event stream. */
    private static void openPhone(String path) {
        browser.driver.manage().window().setSize(new Dimension(375, 800));
        browser.open(base() + path);
        browser.await(d -> d.findElements(By.id("name")).size() == 1
                && "open".equals(browser.script("return document.body.dataset.live")));
    }

    private static String text(String css) {
        return browser.fresh(css, WebElement::getText);
    }

    private static void click(String css) {
        browser.fresh(css, e -> { e.click(); return true; });
    }

    private static void type(String css, String keys) {
        browser.fresh(css, e -> { e.clear(); e.sendKeys(keys); return true; });
    }

    private static void awaitText(String css, String expected) {
        browser.await(d -> expected.equals(text(css)));
    }

    private static void pay(String orderId) {
        var r = node.api.post("/v1/orders/" + orderId + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "pay-" + orderId)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    @Test
    void aFriendHelpsWithOneTapAndTheHelpCountsLiveOnTheInitiatorsPage() {
        Instant now = node.clock.instant();
        Map<String, Object> rules = new LinkedHashMap<>(Map.of("deposit", 1_000, "baseValue", 2_000, "maxValue", 4_500, "helpAmount", 500,
                "helpsPerHelper", 1, "newCustomersOnlyHelpers", false));
        rules.put("balanceStartsAt", now.plus(Duration.ofHours(1)).toString());
        rules.put("balanceEndsAt", now.plus(Duration.ofHours(2)).toString());
        String id = activity("helpDepositExpansion", "双11 定金膨胀", Map.of("sku", unique("P"), "price", 20_000, "stock", 10, "limitPerBuyer", 1),
                rules, now.minusSeconds(60));
        String initiator = unique("initiator");
        var minted = node.api.post("/v1/buyer-tokens").auth(OPERATOR).json(Map.of("buyerId", initiator, "ttlSeconds", 86_400)).send();
        assertThat(minted.status()).as("%s", minted).isEqualTo(201); // a day: the test reaches the balance window
        openPhone("/h5/" + id + "#token=" + minted.text("token"));
        String initiatorTab = browser.driver.getWindowHandle();

        assertThat(text("#deposit")).isEqualTo("定金 ¥10.00 抵 ¥20.00");
        assertThat(text("#up-to")).isEqualTo("好友助力最高膨胀到 ¥45.00");
        assertThat(text("#help-amount")).isEqualTo("每位好友助力 +¥5.00");
        click("#pay-deposit");
        browser.await(d -> d.findElements(By.id("unpaid")).size() == 1);
        assertThat(text("#deposit-status")).isEqualTo("定金待支付");
        String depositId = text("#order-id");
        assertThat(depositId).startsWith("ord_");
        assertThat(browser.driver.getCurrentUrl()).as("a reload finds the deposit").isEqualTo(base() + "/h5/" + id + "?deposit=" + depositId);

        pay(depositId); // in the merchant's shop
        click("#check-deposit");
        awaitText("#deposit-status", "助力中");
        assertThat(text("#value")).isEqualTo("已膨胀到 ¥20.00");
        assertThat(text("#helps")).isEqualTo("还没有好友助力");
        String link = browser.await(d -> browser.fresh("#share-link", (WebElement e) -> e.getDomProperty("value")));
        assertThat(link).startsWith(base() + "/h5/" + id + "?deposit=" + depositId + "&share=shr_");

        String friend = unique("friend");
        browser.driver.switchTo().newWindow(WindowType.TAB); // another phone: a tab has its own session (token)
        try {
            openPhone(link.substring(base().length()) + "#token=" + node.api.token(OPERATOR, friend));
            assertThat(text("#progress-title")).startsWith("好友的定金膨胀");
            assertThat(text("#value")).isEqualTo("已膨胀到 ¥20.00");
            click("#help");
            awaitText("#helped", "助力成功，为好友膨胀了 ¥5.00");
            awaitText("#value", "已膨胀到 ¥25.00");
            assertThat(text("#help")).isEqualTo("已助力");
            assertThat(browser.fresh("#help", WebElement::isEnabled)).isFalse();
        } finally {
            browser.driver.close();
            browser.driver.switchTo().window(initiatorTab);
        }
        // the initiator's page, untouched since: the help came on the stream
        awaitText("#value", "已膨胀到 ¥25.00");
        awaitText("#helps", "1 位好友已助力");
        browser.await(d -> text("#help-list").startsWith(friend));
        JsonNode fission = node.api.get("/v1/activities/" + id + "/fission").auth(OPERATOR).send().json();
        assertThat(fission.toString()).as("the help came through the initiator's link").contains(friend);

        // another friend, through the API: counted on the open page too, without a reload
        var second = node.api.post("/v1/orders/" + depositId + "/helps").auth(node.api.token(OPERATOR, unique("friend2")))
                .header("X-Device-Id", unique("dev")).json(Map.of()).send();
        assertThat(second.status()).as("%s", second).isEqualTo(201);
        awaitText("#value", "已膨胀到 ¥30.00");
        awaitText("#helps", "2 位好友已助力");

        // the activity ends and the balance window opens: the initiator pays the price less what the deposit is worth now
        node.clock.advance(Duration.ofHours(1).plusSeconds(1));
        awaitText("#status", "已结束");
        awaitText("#balance-amount", "商品价 ¥200.00 − 定金抵扣 ¥30.00 = 尾款 ¥170.00");
        click("#pay-balance");
        browser.await(d -> d.findElements(By.id("order")).size() == 1);
        assertThat(text("#order-title")).isEqualTo("尾款订单");
        assertThat(text("#order-amount")).isEqualTo("¥170.00");
        assertThat(node.api.get("/v1/orders/" + depositId + "/helps").auth(OPERATOR).send().json().get("balanceOrderId").asText())
                .isEqualTo(text("#order-id"));
    }

    @Test
    void theAuctionShowsThePriceNowAndTheNextDropAndBuysAtThePriceShown() {
        Instant now = node.clock.instant();
        String id = activity("auction", "名表降价拍", Map.of("sku", unique("W"), "originalPrice", 19_900, "stock", 5, "limitPerBuyer", 2),
                Map.of("startPrice", 10_000, "floorPrice", 6_000, "dropAmount", 1_000, "dropIntervalSeconds", 60), now.minusSeconds(90));
        openPhone("/h5/" + id + "#token=" + node.api.token(OPERATOR, unique("bidder")));

        assertThat(text("#auction-price")).isEqualTo("¥90.00");
        assertThat(text("#original-price")).isEqualTo("¥199.00");
        assertThat(text("#next-drop")).matches("00:00:(30|2\\d) 后降到 ¥80.00");
        assertThat(text("#floor")).isEqualTo("底价 ¥60.00");
        assertThat(text("#plan")).isEqualTo("每 1 分钟降 ¥10.00，起拍价 ¥100.00");
        assertThat(text("#buy")).isEqualTo("以 ¥90.00 购买");

        node.clock.advance(Duration.ofSeconds(60)); // the scheduler announces the drop on the stream
        awaitText("#auction-price", "¥80.00");
        assertThat(text("#buy")).isEqualTo("以 ¥80.00 购买");
        click("#buy");
        browser.await(d -> d.findElements(By.id("order")).size() == 1);
        assertThat(text("#order-amount")).isEqualTo("¥80.00");
        assertThat(node.api.allOrders(OPERATOR, id, 10)).singleElement().satisfies(o -> assertThat(o.get("unitPrice").asLong()).isEqualTo(8_000));

        // the page stops listening, the price drops unseen: the server refuses the old price, the page shows the new one
        browser.script("dispatchEvent(new PageTransitionEvent('pagehide'))");
        node.clock.advance(Duration.ofSeconds(60));
        browser.expectFailedRequest("/v1/activities/" + id + "/orders", 409);
        click("#buy");
        awaitText("#refusal", "价格刚刚变了，现在是 ¥70.00：确认后请再点一次");
        assertThat(text("#auction-price")).isEqualTo("¥70.00");
        assertThat(node.api.allOrders(OPERATOR, id, 10)).hasSize(1);
        click("#buy");
        browser.await(d -> d.findElements(By.id("refusal")).isEmpty() && "¥70.00".equals(text("#order-amount")));
        assertThat(node.api.allOrders(OPERATOR, id, 10)).hasSize(2);
    }

    @Test
    void aWrongFCodeIsRefusedInWordsARightOneBuysAndAUsedOneIsSaidSo() {
        String id = activity("fCode", "F码专享·新品首发", Map.of("sku", unique("F"), "price", 4_900, "stock", 5, "limitPerBuyer", 2),
                Map.of("unitsPerCode", 1), node.clock.instant().minusSeconds(60));
        var batch = node.api.post("/v1/activities/" + id + "/codes").auth(OPERATOR).json(Map.of("count", 2, "prefix", "VP")).send();
        assertThat(batch.status()).as("%s", batch).isEqualTo(201);
        String code = node.api.get("/v1/activities/" + id + "/codes?limit=1").auth(OPERATOR).send().json().get("items").get(0).get("code").asText();
        openPhone("/h5/" + id + "#token=" + node.api.token(OPERATOR, unique("fan")));

        assertThat(text("#per-code")).isEqualTo("每个F码可购买 1 件");
        click("#buy");
        awaitText("#refusal", "请先输入F码");

        browser.expectFailedRequest("/v1/activities/" + id + "/orders", 422);
        type("#code", "VP0000-0000-0000");
        click("#buy");
        awaitText("#refusal", "F码不正确，请核对后重新输入");
        assertThat(node.api.allOrders(OPERATOR, id, 10)).isEmpty();

        String typed = code.toLowerCase().substring(0, 6) + "-" + code.toLowerCase().substring(6); // as a buyer types it
        type("#code", typed);
        click("#buy");
        browser.await(d -> d.findElements(By.id("order")).size() == 1);
        assertThat(text("#order-title")).isEqualTo("购买成功");
        assertThat(text("#order-amount")).isEqualTo("¥49.00");
        assertThat(browser.driver.findElements(By.id("refusal"))).isEmpty();
        String orderId = text("#order-id");
        pay(orderId);

        browser.expectFailedRequest("/v1/activities/" + id + "/orders", 409);
        type("#code", code);
        click("#buy");
        awaitText("#refusal", "这个F码已经用过了");
        assertThat(node.api.allOrders(OPERATOR, id, 10)).hasSize(1);
    }

    @Test
    void anExchangeLowersThePointsAndATransferShowsOnBothMembersPages() {
        String sender = unique("ann"), receiver = unique("bob");
        var earned = node.api.post("/v1/points/earn").auth(OPERATOR).idempotencyKey(unique("earn"))
                .json(Map.of("buyerId", sender, "amount", 1_000)).send();
        assertThat(earned.status()).as("%s", earned).isEqualTo(201);
        String id = activity("pointsExchange", "积分商城", Map.of("sku", unique("MUG"), "pointsPrice", 300, "stock", 5, "limitPerBuyer", 2),
                null, node.clock.instant().minusSeconds(60));
        openPhone("/h5/" + id + "#token=" + node.api.token(OPERATOR, sender));
        String senderTab = browser.driver.getWindowHandle();

        awaitText("#balance", "1000 积分");
        assertThat(text("#points-price-0")).isEqualTo("300 积分");
        click("#exchange-0");
        browser.await(d -> d.findElements(By.id("order")).size() == 1);
        assertThat(text("#order-title")).isEqualTo("兑换成功");
        assertThat(text("#order-status")).isEqualTo("已成交");
        awaitText("#balance", "700 积分");
        browser.await(d -> text("#history").contains("-300"));

        type("#transfer-to", receiver);
        type("#transfer-amount", "100");
        click("#transfer");
        assertThat(text("#transfer-confirm")).isEqualTo("确认把 100 积分转赠给 " + receiver + "？转出后不能撤回；如有手续费，由你另付。");
        assertThat(node.api.get("/v1/members/" + receiver + "/points").auth(OPERATOR).send().json().get("available").asLong())
                .as("nothing moves before the confirmation").isZero();
        click("#send-transfer");
        awaitText("#transfer-done", "已转赠 100 积分给 " + receiver + "，手续费 0 积分");
        awaitText("#balance", "600 积分");
        browser.await(d -> text("#history").contains("转赠给 " + receiver));

        browser.driver.switchTo().newWindow(WindowType.TAB);
        try {
            openPhone("/h5/" + id + "#token=" + node.api.token(OPERATOR, receiver));
            awaitText("#balance", "100 积分");
            browser.await(d -> text("#history").contains("收到 " + sender + " 的转赠"));
            assertThat(text("#exchange-0")).as("300 points are not there").isEqualTo("积分不足");
        } finally {
            browser.driver.close();
            browser.driver.switchTo().window(senderTab);
        }
        assertThat(node.api.get("/v1/members/" + sender + "/points").auth(OPERATOR).send().json().get("available").asLong()).isEqualTo(600);
        assertThat(node.api.get("/v1/members/" + receiver + "/points").auth(OPERATOR).send().json().get("available").asLong()).isEqualTo(100);

        browser.expectFailedRequest("/v1/points/transfers", 409);
        type("#transfer-to", receiver);
        type("#transfer-amount", "5000");
        click("#transfer");
        click("#send-transfer");
        awaitText("#transfer-refusal", "积分不足");
        awaitText("#balance", "600 积分");
    }

    @Test
    void aGiftIsClaimedByAGrantedBuyerAndRefusedInWordsToOthers() {
        String gift = unique("CAKE");
        String id = activity("presentExchange", "会员生日礼", Map.of("sku", gift, "stock", 10),
                Map.of("claimLimitPerBuyer", 1, "openClaims", false), node.clock.instant().minusSeconds(60));
        String granted = unique("vip");
        var grant = node.api.post("/v1/activities/" + id + "/grants").auth(OPERATOR).idempotencyKey(unique("grant"))
                .json(Map.of("buyerIds", List.of(granted))).send();
        assertThat(grant.status()).as("%s", grant).isEqualTo(201);

        openPhone("/h5/" + id + "#token=" + node.api.token(OPERATOR, unique("stranger")));
        assertThat(text("#gift")).isEqualTo(gift);
        assertThat(text("#left")).isEqualTo("还剩 10 份");
        browser.expectFailedRequest("/v1/activities/" + id + "/orders", 409);
        click("#claim");
        awaitText("#refusal", "这份赠品只送给商家指定的会员，你暂时没有可领取的赠品");

        browser.open("about:blank"); // else only the fragment changes, and the page is not loaded again
        openPhone("/h5/" + id + "#token=" + node.api.token(OPERATOR, granted));
        assertThat(browser.driver.findElements(By.id("refusal"))).isEmpty();
        click("#claim");
        browser.await(d -> d.findElements(By.id("order")).size() == 1);
        assertThat(text("#order-title")).isEqualTo("领取成功");
        assertThat(text("#order-status")).isEqualTo("已成交");
        assertThat(text("#order-amount")).isEqualTo("¥0.00");
        awaitText("#left", "还剩 9 份"); // from the stream
        assertThat(text("#claim")).isEqualTo("领取成功");
        assertThat(browser.fresh("#claim", WebElement::isEnabled)).isFalse();

        click("#lang"); // every word of the panel in English too
        awaitText("#claim", "Claimed");
        assertThat(text("#left")).isEqualTo("9 left");
        assertThat(text("#order-title")).isEqualTo("Claimed");
        assertThat(text("#free")).isEqualTo("Free");
        click("#lang"); // back to Chinese: the preference outlives the test
        awaitText("#claim", "领取成功");
    }
}
