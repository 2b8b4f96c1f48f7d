package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;

/**
 * The seckill buyer page on a 375 px Chromium, as a buyer sent by the merchant's backend: the token
 * arrives in the URL fragment and leaves the address bar, a purchase shows the order and the units
 * left fall live, a second purchase over the limit is refused in Chinese, a sold-out deal cannot be
 * bought, and without a token the page is read-only.
 */
class BuyerSeckillBrowserTest {
    static final String OPERATOR = "pck_buyerseckillbrowsertestoperatorkey01";
    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    @RegisterExtension
    static final Browser browser = new Browser();

    private static String base() {
        return "http://127.0.0.1:" + node.server.port();
    }

    private static String activity(String name, long stock) {
        return node.api.createActivity(OPERATOR, seckill(name, "tea-" + UUID.randomUUID(), stock, 1, node.clock.instant()));
    }

    /** Opens the page at phone width and waits until it shows the activity and follows its event stream. */
    private static void openPhone(String path) {
        browser.driver.manage().window().setSize(new Dimension(375, 800));
        browser.open(base() + path);
        browser.await(d -> d.findElements(By.id("name")).size() == 1
                && "open".equals(browser.script("return document.body.dataset.live")));
    }

    @Test
    void aBuyerBuysOnceSeesTheOrderAndTheUnitsLeftFallThenTheLimitRefusesASecond() {
        String id = activity("限时秒杀·明前龙井", 10);
        String token = node.api.token(OPERATOR, "buyer-" + UUID.randomUUID());
        openPhone("/h5/" + id + "#token=" + token);

        assertThat(browser.driver.getCurrentUrl()).isEqualTo(base() + "/h5/" + id).doesNotContain(token);
        assertThat(browser.script("return sessionStorage.getItem('peercart.buyerToken')")).isEqualTo(token);
        assertThat(browser.find("#price").getText()).isEqualTo("¥99.00");
        assertThat(browser.find("#original-price").getText()).isEqualTo("¥199.00");
        assertThat(browser.find("#original-price").getTagName()).isEqualTo("del");
        assertThat(browser.find("#left").getText()).isEqualTo("剩余 10 件");
        assertThat(browser.find("#limit").getText()).isEqualTo("每人限购 1 件");
        assertThat(browser.find("#quantity").getAttribute("max")).isEqualTo("1");
        assertThat(browser.find("#more").isEnabled()).isFalse();
        assertThat(browser.find("#buy").getText()).isEqualTo("立即抢购");

        browser.find("#buy").click();
        browser.await(d -> d.findElements(By.id("order")).size() == 1);
        assertThat(browser.find("#order-status").getText()).isEqualTo("待支付");
        assertThat(browser.find("#order-amount").getText()).isEqualTo("¥99.00");
        assertThat(browser.find("#order-id").getText()).startsWith("ord_");
        assertThat(browser.find("#pay-countdown").getText()).matches("请在 00:0[0-5]:\\d\\d 内完成支付");
        browser.await(d -> browser.find("#left").getText().equals("剩余 9 件")); // from the stream, no reload
        assertThat(node.api.allOrders(OPERATOR, id, 10)).hasSize(1);

        browser.expectFailedRequest("/v1/activities/" + id + "/orders", 409);
        browser.find("#buy").sendKeys(Keys.ENTER); // the keyboard reaches the button
        browser.await(d -> d.findElements(By.id("refusal")).size() == 1);
        assertThat(browser.find("#refusal").getText()).isEqualTo("你已达到每人限购的 1 件，不能再买了");
        assertThat(browser.find("#order-status").getText()).as("the first order stays shown").isEqualTo("待支付");
        assertThat(node.api.allOrders(OPERATOR, id, 10)).hasSize(1);
        assertThat(browser.requestedUrls()).allMatch(u -> u.startsWith(base() + "/")).noneMatch(u -> u.contains(token));
    }

    @Test
    void aSoldOutDealSaysSoAndCannotBeBought() {
        String id = activity("秒杀·最后一件", 1);
        var first = node.api.post("/v1/activities/" + id + "/orders").auth(node.api.token(OPERATOR, "early-bird")).json(Map.of()).send();
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        openPhone("/h5/" + id + "#token=" + node.api.token(OPERATOR, "late-" + UUID.randomUUID()));

        assertThat(browser.find("#left").getText()).isEqualTo("已抢光");
        assertThat(browser.find("#buy").getText()).isEqualTo("已抢光");
        assertThat(browser.find("#buy").isEnabled()).isFalse();
    }

    @Test
    void withoutATokenThePageIsReadOnlyAndSpeaksEnglishOnTheSwitch() {
        String id = activity("秒杀·只看不买", 5);
        openPhone("/h5/" + id);
        browser.script("sessionStorage.clear()"); // the tab's session may hold an earlier test's buyer
        browser.driver.navigate().refresh();
        browser.await(d -> "open".equals(browser.script("return document.body.dataset.live")));

        assertThat(browser.find("#left").getText()).isEqualTo("剩余 5 件");
        assertThat(browser.driver.findElements(By.id("buy"))).isEmpty();
        assertThat(browser.find("#note").getText()).isEqualTo("请从商城进入本页面后购买：这里只能浏览活动。");

        browser.find("#lang").click();
        assertThat(browser.find("#note").getText()).isEqualTo("Open this page from the shop to buy; here you can only look.");
        assertThat(browser.find("#left").getText()).isEqualTo("5 left");
        assertThat(browser.find("#status").getText()).isEqualTo("On now");
        browser.find("#lang").click(); // back to Chinese: the preference outlives the test
        assertThat(browser.find("#status").getText()).isEqualTo("进行中");
    }

    @Test
    void aBuyerWithoutTheRequiredTagIsToldWhyInChinese() {
        Map<String, Object> deal = seckill("会员专享秒杀", "tea-" + UUID.randomUUID(), 5, 1, node.clock.instant());
        deal.put("targeting", Map.of("requiredTags", List.of("vip")));
        String id = node.api.createActivity(OPERATOR, deal);
        openPhone("/h5/" + id + "#token=" + node.api.token(OPERATOR, "plain-" + UUID.randomUUID()));

        browser.expectFailedRequest("/v1/activities/" + id + "/orders", 403);
        browser.find("#buy").click();
        browser.await(d -> d.findElements(By.id("refusal")).size() == 1);
        assertThat(browser.find("#refusal").getText()).isEqualTo("你暂时不能参加这个活动：本活动需要会员标签「vip」");
        assertThat(browser.find("#buy").isEnabled()).as("another try is the buyer's to make").isTrue();
    }

    @Test
    void anExpiredTokenIsForgottenAndThePageTurnsReadOnly() {
        String id = activity("秒杀·过期的登录", 5);
        var minted = node.api.post("/v1/buyer-tokens").auth(OPERATOR).json(Map.of("buyerId", "late-sleeper", "ttlSeconds", 60)).send();
        assertThat(minted.status()).as("%s", minted).isEqualTo(201);
        openPhone("/h5/" + id + "#token=" + minted.text("token"));
        node.clock.advance(Duration.ofSeconds(61));

        browser.expectFailedRequest("/v1/activities/" + id + "/orders", 401);
        browser.find("#buy").click();
        browser.await(d -> d.findElements(By.id("refusal")).size() == 1);
        assertThat(browser.find("#refusal").getText()).isEqualTo("登录已过期，请回到商城重新进入本页面");
        assertThat(browser.driver.findElements(By.id("buy"))).isEmpty();
        assertThat(browser.find("#note").getText()).isEqualTo("请从商城进入本页面后购买：这里只能浏览活动。");
        assertThat(browser.script("return sessionStorage.getItem('peercart.buyerToken')")).isNull();
        assertThat(node.api.allOrders(OPERATOR, id, 10)).isEmpty();
    }
}
