package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The seckill buyer page on a 375 px Chromium, as a buyer sent by the merchant's backend: the token
 * arrives in the URL fragment and leaves the address bar, a purchase shows the order and the units
 * left fall live, a second purchase over the limit is refused in Chinese, a sold-out deal cannot be
 * bought, and without a token the page is read-only. Also measures how soon another buyer's
 * purchase shows on an open page.
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

    private static String text(String css) {
        return browser.fresh(css, WebElement::getText);
    }

    @Test
    void aBuyerBuysOnceSeesTheOrderAndTheUnitsLeftFallThenTheLimitRefusesASecond() {
        String id = activity("限时秒杀·明前龙井", 10);
        String token = node.api.token(OPERATOR, "buyer-" + UUID.randomUUID());
        openPhone("/h5/" + id + "#token=" + token);

        assertThat(browser.driver.getCurrentUrl()).isEqualTo(base() + "/h5/" + id).doesNotContain(token);
        assertThat(browser.script("return sessionStorage.getItem('peercart.buyerToken')")).isEqualTo(token);
        assertThat(text("#price")).isEqualTo("¥99.00");
        assertThat(text("#original-price")).isEqualTo("¥199.00");
        assertThat(browser.fresh("#original-price", WebElement::getTagName)).isEqualTo("del");
        assertThat(text("#left")).isEqualTo("剩余 10 件");
        assertThat(text("#limit")).isEqualTo("每人限购 1 件");
        assertThat(browser.fresh("#quantity", (WebElement e) -> e.getDomAttribute("max"))).isEqualTo("1");
        assertThat(browser.fresh("#more", WebElement::isEnabled)).isFalse();
        assertThat(text("#buy")).isEqualTo("立即抢购");

        browser.fresh("#buy", e -> { e.click(); return true; });
        browser.await(d -> d.findElements(By.id("order")).size() == 1);
        assertThat(text("#order-status")).isEqualTo("待支付");
        assertThat(text("#order-amount")).isEqualTo("¥99.00");
        assertThat(text("#order-id")).startsWith("ord_");
        assertThat(text("#pay-countdown")).matches("请在 00:0[0-5]:\\d\\d 内完成支付");
        browser.await(d -> text("#left").equals("剩余 9 件")); // from the stream, no reload
        assertThat(node.api.allOrders(OPERATOR, id, 10)).hasSize(1);

        browser.expectFailedRequest("/v1/activities/" + id + "/orders", 409);
        browser.fresh("#buy", e -> { e.sendKeys(Keys.ENTER); return true; }); // the keyboard reaches the button
        browser.await(d -> d.findElements(By.id("refusal")).size() == 1);
        assertThat(text("#refusal")).isEqualTo("你已达到每人限购的 1 件，不能再买了");
        assertThat(text("#order-status")).as("the first order stays shown").isEqualTo("待支付");
        assertThat(node.api.allOrders(OPERATOR, id, 10)).hasSize(1);
        assertThat(browser.requestedUrls()).allMatch(u -> u.startsWith(base() + "/")).noneMatch(u -> u.contains(token));
    }

    @Test
    void aSoldOutDealSaysSoAndCannotBeBought() {
        String id = activity("秒杀·最后一件", 1);
        var first = node.api.post("/v1/activities/" + id + "/orders").auth(node.api.token(OPERATOR, "early-bird")).json(Map.of()).send();
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        openPhone("/h5/" + id + "#token=" + node.api.token(OPERATOR, "late-" + UUID.randomUUID()));

        assertThat(text("#left")).isEqualTo("已抢光");
        assertThat(text("#buy")).isEqualTo("已抢光");
        assertThat(browser.fresh("#buy", WebElement::isEnabled)).isFalse();
    }

    @Test
    void withoutATokenThePageIsReadOnlyAndSpeaksEnglishOnTheSwitch() {
        String id = activity("秒杀·只看不买", 5);
        browser.driver.manage().window().setSize(new Dimension(375, 800));
        browser.openWith(base() + "/h5/" + id, Map.of(), Map.of()); // the tab's session may hold an earlier test's buyer
        browser.await(d -> d.findElements(By.id("name")).size() == 1 && "open".equals(browser.script("return document.body.dataset.live")));

        assertThat(text("#left")).isEqualTo("剩余 5 件");
        assertThat(browser.driver.findElements(By.id("buy"))).isEmpty();
        assertThat(text("#note")).isEqualTo("请从商城进入本页面后购买：这里只能浏览活动。");

        browser.fresh("#lang", e -> { e.click(); return true; });
        assertThat(text("#note")).isEqualTo("Open this page from the shop to buy; here you can only look.");
        assertThat(text("#left")).isEqualTo("5 left");
        assertThat(text("#status")).isEqualTo("On now");
        browser.fresh("#lang", e -> { e.click(); return true; }); // back to Chinese: the preference outlives the test
        assertThat(text("#status")).isEqualTo("进行中");
    }

    @Test
    void aBuyerWithoutTheRequiredTagIsToldWhyInChinese() {
        Map<String, Object> deal = seckill("会员专享秒杀", "tea-" + UUID.randomUUID(), 5, 1, node.clock.instant());
        deal.put("targeting", Map.of("requiredTags", List.of("vip")));
        String id = node.api.createActivity(OPERATOR, deal);
        openPhone("/h5/" + id + "#token=" + node.api.token(OPERATOR, "plain-" + UUID.randomUUID()));

        browser.expectFailedRequest("/v1/activities/" + id + "/orders", 403);
        browser.fresh("#buy", e -> { e.click(); return true; });
        browser.await(d -> d.findElements(By.id("refusal")).size() == 1);
        assertThat(text("#refusal")).isEqualTo("你暂时不能参加这个活动：本活动需要会员标签「vip」");
        assertThat(browser.fresh("#buy", WebElement::isEnabled)).as("another try is the buyer's to make").isTrue();
    }

    @Test
    void anExpiredTokenIsForgottenAndThePageTurnsReadOnly() {
        String id = activity("秒杀·过期的登录", 5);
        var minted = node.api.post("/v1/buyer-tokens").auth(OPERATOR).json(Map.of("buyerId", "late-sleeper", "ttlSeconds", 60)).send();
        assertThat(minted.status()).as("%s", minted).isEqualTo(201);
        openPhone("/h5/" + id + "#token=" + minted.text("token"));
        node.clock.advance(Duration.ofSeconds(61));

        browser.expectFailedRequest("/v1/activities/" + id + "/orders", 401);
        browser.fresh("#buy", e -> { e.click(); return true; });
        browser.await(d -> d.findElements(By.id("refusal")).size() == 1);
        assertThat(text("#refusal")).isEqualTo("登录已过期，请回到商城重新进入本页面");
        assertThat(browser.driver.findElements(By.id("buy"))).isEmpty();
        assertThat(text("#note")).isEqualTo("请从商城进入本页面后购买：这里只能浏览活动。");
        assertThat(browser.script("return sessionStorage.getItem('peercart.buyerToken')")).isNull();
        assertThat(node.api.allOrders(OPERATOR, id, 10)).isEmpty();
    }

    @Test
    void beforeTheStartTheButtonWaitsAndTheStartArrivesLive() {
        Map<String, Object> deal = seckill("零点开抢", "tea-" + UUID.randomUUID(), 3, 1, node.clock.instant());
        deal.put("startsAt", node.clock.instant().plus(Duration.ofMinutes(10)).toString());
        String id = node.api.createActivity(OPERATOR, deal);
        openPhone("/h5/" + id + "#token=" + node.api.token(OPERATOR, "early-" + UUID.randomUUID()));

        assertThat(text("#status")).isEqualTo("未开始");
        assertThat(text("#countdown")).matches("距开始 00:(10:00|09:\\d\\d)");
        assertThat(text("#buy")).isEqualTo("即将开抢");
        assertThat(browser.fresh("#buy", WebElement::isEnabled)).isFalse();

        node.clock.advance(Duration.ofMinutes(11)); // the scheduler announces activity.started; the page reads the activity again
        browser.await(d -> browser.fresh("#buy", WebElement::isEnabled));
        assertThat(text("#status")).isEqualTo("进行中");
        assertThat(text("#buy")).isEqualTo("立即抢购");
    }

    @Test
    void otherBuyersPurchasesShowWithinASecondAndTheDelayIsMeasured() {
        int orders = 20;
        String id = activity("秒杀·人气爆款", 100);
        Map<String, String> tokens = node.api.tokens(OPERATOR, IntStream.range(0, orders).mapToObj(i -> "crowd-" + i + "-" + UUID.randomUUID()).toList());
        openPhone("/h5/" + id);
        // the page's own record of when each count appeared, so the browser's polling interval does not count
        browser.script("window.seen = {}; const note = () => { const l = document.getElementById('left'); if (l && !(l.textContent in seen)) seen[l.textContent] = Date.now(); };"
                + " new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });");
        List<Long> delays = new ArrayList<>();
        int n = 0;
        for (String token : tokens.values()) {
            var r = node.api.post("/v1/activities/" + id + "/orders").auth(token).json(Map.of()).send();
            long answered = System.currentTimeMillis();
            assertThat(r.status()).as("%s", r).isEqualTo(201);
            String shown = "剩余 " + (100 - ++n) + " 件";
            Number at = browser.await(d -> (Number) browser.script("return window.seen[arguments[0]]", shown));
            delays.add(Math.max(0, at.longValue() - answered));
        }
        List<Long> sorted = delays.stream().sorted().toList();
        System.out.println("buyer page: a purchase's 201 to the units left on the page, over " + orders + " orders: p50="
                + sorted.get(orders / 2) + "ms max=" + sorted.getLast() + "ms");
        assertThat(sorted.getLast()).as("each purchase shows on the page within a second").isLessThan(1000);
    }
}
