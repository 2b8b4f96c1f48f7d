package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The members pages in a real Chromium against a real node: a buyer with orders and points is
 * looked up and shows them, the transfer rules set on the page govern a transfer made through the
 * API and the transfer shows in both members' histories, and the ledger's proof adds up to zero.
 * The shop, its orders and its points are made through the public API first.
 */
class MembersBrowserTest {
    static final String OPERATOR = "pck_membersbrowsertestoperatorkey0000001";
    static final String BUYER = "lilei-42", FRIEND = "hanmeimei";
    static final AtomicInteger KEYS = new AtomicInteger();
    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    @RegisterExtension
    static final Browser browser = new Browser();
    static String shopKey;
    static String paidOrder;
    static String pendingOrder;

    @BeforeAll
    static void aShopWithAMemberWhoOrderedAndEarnedPoints() {
        Response shop = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "会员茶馆")).send();
        assertThat(shop.status()).isEqualTo(201);
        shopKey = shop.text("apiKey");
        String activity = node.api.createActivity(shopKey, seckill("会员秒杀", "tea-" + UUID.randomUUID(), 50, 5, node.clock.instant()));
        paidOrder = order(activity, 2);
        Response paid = node.api.post("/v1/orders/" + paidOrder + "/pay").auth(shopKey).json(Map.of("paymentRef", "wx-m1")).send();
        assertThat(paid.status()).as("%s", paid).isEqualTo(200);
        pendingOrder = order(activity, 1);
        earn(BUYER, 1_000);
        earn(FRIEND, 500);
        earn("张三", 42);
    }

    private static String order(String activity, int quantity) {
        Response r = node.api.post("/v1/activities/" + activity + "/orders").auth(shopKey).buyer(BUYER).json(Map.of("quantity", quantity)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.text("orderId");
    }

    private static void earn(String buyer, long amount) {
        Response r = node.api.post("/v1/points/earn").auth(shopKey).idempotencyKey("earn-" + KEYS.incrementAndGet())
                .json(Map.of("buyerId", buyer, "amount", amount, "reason", "welcome")).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }

    private static String base() {
        return "http://127.0.0.1:" + node.server.port();
    }

    /** Signed in (the key in the tab's session, as the sign-in page keeps it) at `hash`, in `lang`. */
    private static void openAt(String hash, String lang) {
        BrowserShop.openSignedIn(browser, base() + "/console" + hash, shopKey, lang);
    }

    /** The element's text read in one step in the page (a page that redraws cannot make it stale). */
    private static String text(String css) {
        Object text = browser.script("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
        assertThat(text).as("an element %s", css).isNotNull();
        return ((String) text).trim();
    }

    private static List<WebElement> rows(String tableId) {
        return browser.driver.findElements(By.cssSelector("#" + tableId + " tbody tr"));
    }

    @Test
    void theRulesSetOnThePageGovernATransferAndTheMemberShowsOrdersPointsAndHistory() {
        openAt("#/", "zh");
        browser.await(d -> d.findElements(By.cssSelector("#nav a[href='#/members']")).size() == 1);
        browser.find("#nav a[href='#/members']").click();
        browser.await(d -> d.findElements(By.id("points-settings")).size() == 1);
        assertThat(browser.find("#nav a[href='#/members']").getAttribute("aria-current")).isEqualTo("page");
        assertThat(browser.find("#set-fee").getAttribute("value")).as("the default fee").isEqualTo("0");

        // a value the server refuses: its words under the form, nothing saved
        browser.expectFailedRequest("/v1/points/settings", 422);
        browser.find("#set-fee").clear();
        browser.find("#set-fee").sendKeys("60");
        browser.find("#settings-save").click();
        browser.await(d -> !text("#settings-error").isEmpty());
        assertThat(text("#settings-error")).startsWith("请检查：").contains("feePercent");
        assertThat(node.api.get("/v1/points/settings").auth(shopKey).send().json().get("feePercent").asDouble()).isZero();

        // the shop's transfer rules, set on the page
        for (String[] f : new String[][] {{"#set-fee", "2.5"}, {"#set-min", "10"}, {"#set-max", "500"}}) {
            WebElement input = browser.find(f[0]);
            input.clear();
            input.sendKeys(f[1]);
        }
        browser.find("#settings-save").click();
        browser.await(d -> text("#settings-notice").equals("已保存积分转赠规则。"));
        JsonNode settings = node.api.get("/v1/points/settings").auth(shopKey).send().json();
        assertThat(settings.get("feePercent").asDouble()).isEqualTo(2.5);
        assertThat(settings.get("minAmount").asLong()).isEqualTo(10);
        assertThat(settings.get("maxAmount").asLong()).isEqualTo(500);
        assertThat(settings.get("dailyCap").isNull()).isTrue();

        // a transfer under those rules: 100 points cost the sender 103 (2.5 % rounded up)
        Response sent = node.api.post("/v1/points/transfers").auth(shopKey).buyer(BUYER).idempotencyKey("transfer-1")
                .json(Map.of("toBuyerId", FRIEND, "amount", 100)).send();
        assertThat(sent.status()).as("%s", sent).isEqualTo(201);
        assertThat(sent.number("fee")).isEqualTo(3);

        // the member, looked up by id
        browser.find("#buyer-id").sendKeys(BUYER, Keys.ENTER);
        browser.await(d -> d.findElements(By.cssSelector("#member-history tbody tr")).size() == 2);
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/members/" + BUYER);
        assertThat(text("#member-title")).isEqualTo("会员 " + BUYER);
        assertThat(text("#orders-total")).isEqualTo("共 2 笔");
        assertThat(text("#orders-RELEASED")).isEqualTo("1");
        assertThat(text("#orders-PENDING_PAYMENT")).isEqualTo("1");
        assertThat(rows("member-orders")).extracting(r -> r.getAttribute("data-id")).containsExactly(pendingOrder, paidOrder);
        WebElement paid = rows("member-orders").get(1);
        assertThat(paid.findElement(By.cssSelector(".amount")).getText()).isEqualTo("¥198.00");
        assertThat(paid.findElement(By.cssSelector(".status")).getText()).isEqualTo("可发货");
        assertThat(rows("member-orders").get(0).findElement(By.cssSelector(".status")).getText()).isEqualTo("待支付");

        JsonNode points = node.api.get("/v1/members/" + BUYER + "/points").auth(shopKey).send().json();
        assertThat(points.get("available").asLong()).isEqualTo(897);
        assertThat(text("#points-available")).isEqualTo("897");
        assertThat(text("#points-frozen")).isEqualTo("0");
        assertThat(rows("member-lots")).hasSize(points.get("lots").size());

        WebElement transfer = rows("member-history").get(0);
        assertThat(transfer.findElement(By.cssSelector(".type")).getText()).isEqualTo("转赠");
        assertThat(transfer.findElement(By.cssSelector(".points")).getText()).isEqualTo("100");
        assertThat(transfer.findElement(By.cssSelector(".fee")).getText()).isEqualTo("3");
        assertThat(transfer.findElement(By.cssSelector(".other")).getText()).isEqualTo("转给 " + FRIEND);
        assertThat(transfer.findElement(By.cssSelector(".available")).getText()).isEqualTo("−103");
        WebElement earned = rows("member-history").get(1);
        assertThat(earned.findElement(By.cssSelector(".type")).getText()).isEqualTo("获得");
        assertThat(earned.findElement(By.cssSelector(".available")).getText()).isEqualTo("+1,000");
        assertThat(earned.findElement(By.cssSelector(".about")).getText()).isEqualTo("welcome");

        // the other end of the transfer, one click away
        transfer.findElement(By.cssSelector(".other a")).click();
        browser.await(d -> text("#member-title").equals("会员 " + FRIEND) && rows("member-history").size() == 2);
        WebElement received = rows("member-history").get(0);
        assertThat(received.findElement(By.cssSelector(".other")).getText()).isEqualTo("来自 " + BUYER);
        assertThat(received.findElement(By.cssSelector(".available")).getText()).isEqualTo("+100");
        assertThat(text("#points-available")).isEqualTo("600");
        assertThat(text("#orders-total")).isEqualTo("共 0 笔");
    }

    @Test
    void theLedgerProofSumsToZeroAndFollowsNewPoints() {
        openAt("#/members", "zh");
        browser.await(d -> d.findElements(By.id("ledger-verdict")).size() == 1);
        JsonNode summary = node.api.get("/v1/points/summary").auth(shopKey).send().json();
        assertThat(summary.get("sound").asBoolean()).isTrue();
        assertThat(account("issued")).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", summary.get("accounts").get("issued").asLong()));
        assertThat(account("fees")).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", summary.get("accounts").get("fees").asLong()));
        assertThat(account("members-available")).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", summary.get("members").get("available").asLong()));
        assertThat(text("#ledger-sum")).isEqualTo("0");
        assertThat(browser.find("#ledger-verdict").getAttribute("data-sound")).isEqualTo("true");
        assertThat(text("#ledger-verdict")).startsWith("账本平衡");

        earn("new-member-" + UUID.randomUUID(), 2_000);
        long issued = node.api.get("/v1/points/summary").auth(shopKey).send().json().get("accounts").get("issued").asLong();
        browser.find("#ledger-recheck").click();
        browser.await(d -> account("issued").equals(String.format(java.util.Locale.ROOT, "%,d", issued)));
        assertThat(issued).isLessThanOrEqualTo(-3_500);
        assertThat(text("#ledger-sum")).isEqualTo("0");
        assertThat(browser.find("#ledger-verdict").getAttribute("data-sound")).isEqualTo("true");
    }

    private static String account(String name) {
        return text("#ledger-table tr[data-account='" + name + "'] td");
    }

    @Test
    void aLongHistoryIsReadTwentyLinesAtATime() {
        String buyer = "long-history";
        for (int i = 0; i < 23; i++) earn(buyer, i + 1);
        openAt("#/members/" + buyer, "zh");
        browser.await(d -> rows("member-history").size() == 20);
        assertThat(rows("member-history").getFirst().findElement(By.cssSelector(".available")).getText()).as("newest first").isEqualTo("+23");
        assertThat(browser.find("#history-more").isDisplayed()).isTrue();
        browser.find("#history-more").click();
        browser.await(d -> rows("member-history").size() == 23);
        assertThat(rows("member-history").getLast().findElement(By.cssSelector(".available")).getText()).isEqualTo("+1");
        assertThat(browser.find("#history-more").isDisplayed()).isFalse();
        assertThat(text("#points-available")).isEqualTo("276");
    }

    @Test
    void aBuyerTheShopHasNothingOfIsSaidInWords() {
        browser.expectFailedRequest("/v1/members/nobody-here", 404);
        openAt("#/members/nobody-here", "zh");
        browser.await(d -> d.findElements(By.id("member-error")).size() == 1);
        assertThat(text("#member-error")).isEqualTo("本店没有买家「nobody-here」的任何订单、积分、分享或助力记录。");
        assertThat(browser.find("#buyer-id").getAttribute("value")).isEqualTo("nobody-here");
    }

    @Test
    void aMemberReadsOnAPhoneInEnglish() {
        browser.driver.manage().window().setSize(new Dimension(375, 800));
        openAt("#/members/" + BUYER, "en");
        browser.await(d -> d.findElements(By.cssSelector("#member-history tbody tr")).size() >= 1);
        assertThat(text("#member-title")).isEqualTo("Member " + BUYER);
        assertThat(text("#points-title")).isEqualTo("Points");
        assertThat(rows("member-orders").get(0).findElement(By.cssSelector(".status")).getText()).isEqualTo("Awaiting payment");
        long width = (Long) browser.script("return window.innerWidth;");
        assertThat((Long) browser.script("return document.documentElement.scrollWidth;")).as("page width at %d px", width).isLessThanOrEqualTo(width);

        // a buyer id in Chinese, typed into the lookup: the address and the API call carry it encoded
        browser.find("a.back").click();
        browser.await(d -> d.findElements(By.id("points-settings")).size() == 1);
        browser.find("#buyer-id").sendKeys("张三", Keys.ENTER);
        browser.await(d -> d.findElements(By.cssSelector("#member-history tbody tr")).size() == 1);
        assertThat(text("#member-title")).isEqualTo("Member 张三");
        assertThat(text("#points-available")).isEqualTo("42");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/members/%E5%BC%A0%E4%B8%89");
    }
}
