package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * The buyer pages that bring buyers together, on a 375 px Chromium: two buyers fill a groupOn
 * through their own pages (the second through the first one's share link) while both pages and
 * the merchant's dashboard follow the group live; a tuan's tier progress moves as orders are paid;
 * an inSourcingFission buyer makes a share link and a friend who opens it claims and buys, the
 * order attributed to the link.
 */
class BuyerGroupBrowserTest {
    static final String OPERATOR = "pck_buyergroupbrowsertestoperatorkey0001";
    static final Duration LIVE = Duration.ofSeconds(3);
    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    @RegisterExtension
    static final Browser browser = new Browser();
    static String shopKey;

    @BeforeAll
    static void aShop() {
        var shop = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "洞庭茶社")).send();
        assertThat(shop.status()).as("%s", shop).isEqualTo(201);
        shopKey = shop.text("apiKey");
    }

    private static String base() {
        return "http://127.0.0.1:" + node.server.port();
    }

    private static String activity(String type, String name, Map<String, Object> item, Map<String, Object> rules) {
        Instant now = node.clock.instant();
        return node.api.createActivity(shopKey, Map.of("type", type, "name", name,
                "startsAt", now.minus(Duration.ofMinutes(1)).toString(), "endsAt", now.plus(Duration.ofDays(1)).toString(),
                "items", List.of(item), "rules", rules));
    }

    private static String token(String buyerId, List<String> tags) {
        var r = node.api.post("/v1/buyer-tokens").auth(shopKey).json(Map.of("buyerId", buyerId, "tags", tags)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.text("token");
    }

    private static void pay(String orderId) {
        var r = node.api.post("/v1/orders/" + orderId + "/pay").auth(shopKey).json(Map.of("paymentRef", "wx-" + orderId)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    /** Opens `url` in the current tab at phone width and waits until the page follows its event stream. */
    private static void openPhone(String url) {
        browser.driver.manage().window().setSize(new Dimension(375, 800));
        browser.open(url);
        browser.await(d -> d.findElements(By.id("name")).size() == 1 && "open".equals(browser.script("return document.body.dataset.live")));
    }

    private static String text(String css) {
        return browser.fresh(css, WebElement::getText);
    }

    private static void click(String css) {
        browser.fresh(css, e -> { e.click(); return true; });
    }

    /** Waits until `css` reads `expected` on the current tab (live: no reload). */
    private static void awaitText(String css, String expected) {
        browser.await(d -> {
            try {
                return d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().equals(expected));
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    @Test
    void twoBuyersFillAGroupOnThroughTheirPagesAndTheGroupFillsOnBothPagesAndOnTheDashboard() {
        String id = activity("groupOn", "双人拼团·明前龙井", Map.of("sku", "pair-" + UUID.randomUUID(), "price", 12_900, "groupPrice", 9_900,
                "stock", 10, "limitPerBuyer", 1), Map.of("groupSize", 2));
        String leaderToken = token("leader-" + UUID.randomUUID(), List.of());
        String friendToken = token("friend-" + UUID.randomUUID(), List.of());
        String leaderTab = browser.driver.getWindowHandle();
        List<String> opened = new ArrayList<>();
        try {
            // the merchant's dashboard, in a tab of its own
            browser.driver.switchTo().newWindow(WindowType.TAB);
            String dashboardTab = browser.driver.getWindowHandle();
            opened.add(dashboardTab);
            browser.open(base() + "/console#/activities/" + id);
            browser.await(d -> d.findElements(By.id("key")).size() == 1);
            browser.find("#key").sendKeys(shopKey, Keys.ENTER);
            browser.await(d -> "live".equals(browser.find("#live").getAttribute("data-state")) && browser.find("#groups").isDisplayed());
            assertThat(browser.fresh("#groups-open", WebElement::getText)).isEqualTo("0");
            assertThat(browser.fresh("#groups-succeeded", WebElement::getText)).isEqualTo("0");

            // the first buyer joins with "auto": no group is open, so they open one and lead it
            browser.driver.switchTo().window(leaderTab);
            openPhone(base() + "/h5/" + id + "#token=" + leaderToken);
            assertThat(text("#price")).isEqualTo("¥99.00");
            assertThat(text("#original-price")).isEqualTo("单买价 ¥129.00");
            assertThat(text("#left")).isEqualTo("剩余 10 件");
            assertThat(text("#group-rules")).isEqualTo("2人团");
            assertThat(text("#auto")).isEqualTo("一键参团");
            click("#auto");
            browser.await(d -> d.findElements(By.id("group")).size() == 1);
            assertThat(text("#group-status")).isEqualTo("待开团");
            assertThat(text("#group-hint")).isEqualTo("请在商城完成支付：支付后开团，就能邀请好友了");
            assertThat(text("#order-status")).isEqualTo("待支付");
            assertThat(text("#order-amount")).isEqualTo("¥99.00");
            JsonNode leaderOrder = node.api.get("/v1/activities/" + id + "/orders").auth(shopKey).send().json().get("items").get(0);
            String groupId = leaderOrder.get("groupId").asText();

            pay(leaderOrder.get("orderId").asText()); // in the shop: the group opens (group.opened), the page follows
            awaitText("#group-status", "拼团中");
            awaitText("#seats-text", "已拼 1/2 人 · 已支付 1 人");
            awaitText("#group-hint", "还差 1 人成团");
            awaitText("#order-status", "已支付");
            assertThat(browser.driver.findElements(By.cssSelector("#seats .seat.paid"))).hasSize(1);
            assertThat(browser.driver.findElements(By.cssSelector("#seats .seat.empty"))).hasSize(1);
            assertThat(text("#group-expires")).matches("剩余 (1天 00:00:00|23:59:\\d\\d)");

            click("#share-make");
            browser.await(d -> d.findElements(By.id("share-link")).size() == 1);
            String link = browser.fresh("#share-link", (WebElement e) -> e.getDomProperty("value"));
            assertThat(link).startsWith(base() + "/h5/" + id + "?group=" + groupId + "&shareId=shr_").doesNotContain(leaderToken);
            click("#share-copy");
            browser.await(d -> !text("#share-copied").isEmpty());
            assertThat(text("#share-copied")).isIn("已复制，发给好友吧", "请长按链接手动复制");

            browser.driver.switchTo().window(dashboardTab);
            awaitText("#groups-open", "1");

            // the friend opens the link with their own token and joins that group
            browser.driver.switchTo().newWindow(WindowType.TAB);
            opened.add(browser.driver.getWindowHandle());
            openPhone(link + "#token=" + friendToken);
            assertThat(browser.driver.getCurrentUrl()).isEqualTo(link).doesNotContain(friendToken);
            assertThat(text("#invited")).startsWith("好友邀请你一起拼团");
            assertThat(text("#join")).isEqualTo("参加好友的团");
            click("#join");
            browser.await(d -> d.findElements(By.id("group")).size() == 1);
            awaitText("#seats-text", "已拼 2/2 人 · 已支付 1 人");
            awaitText("#group-hint", "人已齐，等待全部支付");
            assertThat(browser.driver.findElements(By.id("share-link"))).as("a full group has nobody left to invite").isEmpty();
            JsonNode friendOrder = node.api.get("/v1/activities/" + id + "/orders").auth(shopKey).send().json().get("items").get(1);
            assertThat(friendOrder.get("groupId").asText()).isEqualTo(groupId);

            browser.driver.switchTo().window(leaderTab); // the leader's page saw the seat taken, live
            awaitText("#seats-text", "已拼 2/2 人 · 已支付 1 人");
            assertThat(browser.driver.findElements(By.cssSelector("#seats .seat.reserved"))).hasSize(1);
            awaitText("#left", "剩余 8 件"); // each seat holds a unit: stock.changed came with each order

            pay(friendOrder.get("orderId").asText()); // the last seat paid: the group succeeds
            awaitText("#group-status", "拼团成功");
            awaitText("#order-status", "已成交");
            browser.driver.switchTo().window(opened.get(1));
            awaitText("#group-status", "拼团成功");
            awaitText("#group-hint", "拼团成功，商家将尽快发货");
            awaitText("#order-status", "已成交");
            assertThat(browser.driver.findElements(By.cssSelector("#seats .seat.paid"))).hasSize(2);
            long width = (Long) browser.script("return window.innerWidth;");
            assertThat((Long) browser.script("return document.documentElement.scrollWidth;")).as("page width at %d px", width).isLessThanOrEqualTo(width);

            browser.driver.switchTo().window(dashboardTab);
            awaitText("#groups-succeeded", "1");
            awaitText("#groups-open", "0");
        } finally {
            for (String tab : opened) {
                browser.driver.switchTo().window(tab);
                browser.driver.close();
            }
            browser.driver.switchTo().window(leaderTab);
        }
    }

    @Test
    void aFreeLuckyDrawGroupShowsTheDrawsResultLive() {
        String id = activity("luckyDrawGroup", "0元抽奖·紫砂壶", Map.of("sku", "pot-" + UUID.randomUUID(), "price", 39_900, "joinPrice", 0,
                "stock", 5, "limitPerBuyer", 1), Map.of("groupSize", 2, "winnersPerGroup", 1, "drawAt", "GROUP_SUCCESS"));
        openPhone(base() + "/h5/" + id + "#token=" + token("lucky-" + UUID.randomUUID(), List.of()));
        assertThat(text("#price")).isEqualTo("0元抽奖");
        assertThat(text("#left")).isEqualTo("奖品剩余 5 件");
        assertThat(text("#group-rules")).isEqualTo("2人团 · 每团抽 1 人中奖");
        click("#auto");
        browser.await(d -> d.findElements(By.id("group")).size() == 1);
        awaitText("#group-status", "拼团中"); // a free entry is paid as it is made: the group opens at once
        awaitText("#draw-result", "成团后参与抽奖，开奖后在这里公布结果");
        String mine = text("#order-id");

        var other = node.api.post("/v1/activities/" + id + "/orders").auth(token("other-" + UUID.randomUUID(), List.of()))
                .json(Map.of("groupId", "auto")).send();
        assertThat(other.status()).as("%s", other).isEqualTo(201);
        awaitText("#group-status", "拼团成功");
        awaitText("#group-hint", "拼团成功，已参与抽奖"); // only the draw's winners are shipped
        JsonNode draw = node.api.get("/v1/activities/" + id + "/draw").send().json().get("draws").get(0);
        boolean won = draw.get("winners").toString().contains(mine);
        awaitText("#draw-result", won ? "恭喜中奖！商家将尽快发货" : "很遗憾没有中奖，已付款项将退回");
        awaitText("#order-status", won ? "已成交" : "已退款");
        assertThat(text(".commitment")).contains(draw.get("commitment").asText().substring(0, 16));

        browser.driver.navigate().refresh(); // the tab remembers the order: the group and the result come back
        browser.await(d -> "open".equals(browser.script("return document.body.dataset.live")));
        awaitText("#draw-result", won ? "恭喜中奖！商家将尽快发货" : "很遗憾没有中奖，已付款项将退回");
        awaitText("#group-status", "拼团成功");

        browser.fresh("#lang", e -> { e.click(); return true; });
        assertThat(text("#group-status")).isEqualTo("Group complete");
        assertThat(text("#group-rules")).isEqualTo("Groups of 2 · 1 winner(s) per group");
        assertThat(text("#draw-result")).isEqualTo(won ? "You won! The shop will ship soon" : "Not a winner this time; what you paid comes back");
        browser.fresh("#lang", e -> { e.click(); return true; });
    }

    @Test
    void aTuansTierProgressMovesAsOrdersArePaid() {
        String id = activity("tuan", "团购返现·碧螺春", Map.of("sku", "tuan-" + UUID.randomUUID(), "price", 10_000, "stock", 100),
                Map.of("tiers", List.of(Map.of("minBuyers", 2, "cashbackPercent", 5), Map.of("minBuyers", 3, "cashbackPercent", 10))));
        openPhone(base() + "/h5/" + id + "#token=" + token("tuan-" + UUID.randomUUID(), List.of()));
        assertThat(text("#price")).isEqualTo("¥100.00");
        assertThat(text("#tuan-buyers")).isEqualTo("已有 0 人参团");
        assertThat(text("#tuan-tier")).isEqualTo("还没有达到返现档位");
        assertThat(text("#tuan-next")).isEqualTo("再有 2 人参团，返现升至 5%");

        click("#buy");
        browser.await(d -> d.findElements(By.id("order")).size() == 1);
        assertThat(text("#order-status")).isEqualTo("待支付");
        pay(node.api.get("/v1/activities/" + id + "/orders").auth(shopKey).send().json().get("items").get(0).get("orderId").asText());
        awaitText("#tuan-buyers", "已有 1 人参团"); // from tuan.progress, no reload
        awaitText("#tuan-next", "再有 1 人参团，返现升至 5%");
        awaitText("#order-status", "已成交");

        var other = node.api.post("/v1/activities/" + id + "/orders").auth(token("other-" + UUID.randomUUID(), List.of())).json(Map.of()).send();
        assertThat(other.status()).as("%s", other).isEqualTo(201);
        pay(other.text("orderId"));
        awaitText("#tuan-buyers", "已有 2 人参团");
        awaitText("#tuan-tier", "当前返现：5%");
        awaitText("#tuan-next", "再有 1 人参团，返现升至 10%");
        assertThat(browser.fresh("#tuan-bar", (WebElement e) -> e.getDomProperty("value"))).isEqualTo("2");

        browser.fresh("#lang", e -> { e.click(); return true; });
        assertThat(text("#tuan-tier")).isEqualTo("Cashback now: 5%");
        assertThat(text("#tuan-next")).isEqualTo("1 more buyers raise the cashback to 10%");
        browser.fresh("#lang", e -> { e.click(); return true; });
    }

    @Test
    void aFissionBuyersShareLinkBringsAFriendWhoseOrderIsAttributedToIt() {
        String id = activity("inSourcingFission", "员工内购·大红袍", Map.of("sku", "in-" + UUID.randomUUID(), "price", 5_900, "originalPrice", 12_900,
                "stock", 100, "limitPerBuyer", 5), Map.of("couponsPerUnit", 1, "initialCoupons", 2, "couponsPerInvite", 1, "inviteeCoupons", 1));
        String employee = "emp-" + UUID.randomUUID(), friend = "friend-" + UUID.randomUUID();
        openPhone(base() + "/h5/" + id + "#token=" + token(employee, List.of("employee")));
        assertThat(text("#price")).isEqualTo("¥59.00");
        awaitText("#coupons", "我的内购券：2 张");
        click("#buy");
        browser.await(d -> d.findElements(By.id("order")).size() == 1);
        awaitText("#coupons", "我的内购券：1 张");
        awaitText("#left", "剩余 99 件");
        click("#share-make");
        browser.await(d -> d.findElements(By.id("share-link")).size() == 1);
        String link = browser.fresh("#share-link", (WebElement e) -> e.getDomProperty("value"));
        assertThat(link).startsWith(base() + "/h5/" + id + "?shareId=shr_");
        String shareId = link.substring(link.indexOf("shareId=") + "shareId=".length());

        // the friend, without coupons, opens the link in a fresh tab: accepts the invitation, then buys through it
        String first = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(WindowType.TAB);
        String friendTab = browser.driver.getWindowHandle();
        try {
            openPhone(link + "#token=" + token(friend, List.of()));
            assertThat(text("#invited")).isEqualTo("好友邀请你参加内购");
            awaitText("#coupons", "我的内购券：0 张");
            click("#claim");
            awaitText("#claimed", "领取成功，现在有 1 张内购券");
            awaitText("#coupons", "我的内购券：1 张");
            click("#buy");
            browser.await(d -> d.findElements(By.id("order")).size() == 1);
            awaitText("#coupons", "我的内购券：0 张");

            browser.expectFailedRequest("/v1/activities/" + id + "/orders", 409);
            click("#buy");
            awaitText("#refusal", "内购券不够了：邀请好友领券后再来买吧");
        } finally {
            browser.driver.close();
            browser.driver.switchTo().window(first);
        }
        assertThat(node.api.get("/v1/activities/" + id + "/coupons/me").auth(shopKey).buyer(employee).send().json().get("balance").asInt())
                .as("the sharer earned a coupon for the friend's claim").isEqualTo(2);

        // the friend's order carries the link: paid, it counts as an ORDER conversion through it in the fission tree
        JsonNode orders = node.api.get("/v1/activities/" + id + "/orders?buyerId=" + friend).auth(shopKey).send().json().get("items");
        assertThat(orders).hasSize(1);
        JsonNode unpaid = node.api.get("/v1/activities/" + id + "/fission").auth(shopKey).send().json();
        assertThat(unpaid.get("conversionsByKind").get("orders").asInt()).as("an unpaid order is no conversion: %s", unpaid).isZero();
        pay(orders.get(0).get("orderId").asText());
        JsonNode fission = node.api.get("/v1/activities/" + id + "/fission").auth(shopKey).send().json();
        assertThat(fission.get("conversionsByKind").get("orders").asInt()).as("%s", fission).isEqualTo(1);
        assertThat(fission.get("conversionsByKind").get("claims").asInt()).as("%s", fission).isEqualTo(1);
        assertThat(fission.get("visits").asInt()).as("the friend's visit through the link: %s", fission).isEqualTo(1);
        Map<String, JsonNode> tree = new HashMap<>();
        fission.get("tree").forEach(n -> tree.put(n.get("buyerId").asText(), n));
        assertThat(tree.get(friend).get("invitedBy").asText()).isEqualTo(employee);
        assertThat(tree.get(friend).get("viaShareId").asText()).isEqualTo(shareId);

        long width = (Long) browser.script("window.scrollTo(0, document.body.scrollHeight); return window.innerWidth;"); // the screenshot shows the share box
        assertThat((Long) browser.script("return document.documentElement.scrollWidth;")).as("page width at %d px", width).isLessThanOrEqualTo(width);
    }
}
