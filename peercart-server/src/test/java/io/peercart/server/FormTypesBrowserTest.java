package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The form of each of the eight types beyond seckill and groupOn, in a real Chromium: what the
 * merchant types reaches the API as the activity they meant (¥ as fen, Shanghai times as +08:00
 * instants, a Chinese name, tiers as lists), a refused rule lands next to its field (or tier),
 * a running activity keeps locked what the server locks, and "preview as buyer" opens the buyer
 * page with a fresh buyer token in the fragment only.
 */
class FormTypesBrowserTest {
    static final String OPERATOR = "pck_formtypesbrowsertestoperatorkey000001";
    static final DateTimeFormatter SHANGHAI = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+08:00'").withZone(ZoneId.of("Asia/Shanghai"));
    static final List<String> TYPES = List.of("seckill", "auction", "groupOn", "luckyDrawGroup", "tuan", "fCode", "pointsExchange",
            "presentExchange", "helpDepositExpansion", "inSourcingFission");
    @RegisterExtension
    static final BrowserShop shop = new BrowserShop(OPERATOR, "杭州好物");
    static final TestNode node = shop.node;
    static final Browser browser = shop.browser;

    /** Signs in, opens a new form and picks `type`; the form is drawn again for it. */
    private static void newForm(String type) {
        shop.signedIn();
        browser.find("#new-activity").click();
        browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
        new Select(browser.find("#f-type")).selectByValue(type);
        browser.await(d -> type.equals(browser.find("#activity-form").getAttribute("data-type")));
    }

    /** Name, start in a day (whole minutes) and end `length` later; returns the start. */
    private static Instant basics(String name, Duration length) {
        Instant start = node.clock.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES);
        shop.type("f-name", name);
        shop.pick("f-startsAt", start);
        shop.pick("f-endsAt", start.plus(length));
        return start;
    }

    /** Submits and waits for the list's notice; answers the created activity as the API shows it. */
    private static JsonNode created(String name) {
        browser.find("#f-submit").click();
        browser.await(d -> shop.notice().equals("已创建活动「" + name + "」。"));
        JsonNode a = shop.activities().stream().filter(x -> x.get("name").asText().equals(name)).findFirst().orElseThrow();
        return shop.activity(a.get("id").asText());
    }

    private static String sku(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Submits a form the server refuses, and waits for the refusal under `fieldId`. */
    private static String refusedAt(String fieldId) {
        browser.expectFailedRequest("/v1/activities", 422);
        browser.find("#f-submit").click();
        browser.await(d -> !browser.find("#" + fieldId + "-error").getText().isEmpty());
        assertThat(browser.find("#" + fieldId).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(shop.focused()).isEqualTo(fieldId);
        return browser.find("#" + fieldId + "-error").getText();
    }

    @Test
    void anAuctionTakesItsPriceScheduleInYuanAndMinutesAndAFloorAboveTheStartIsRefusedAtTheFloor() {
        newForm("auction");
        assertThat(browser.find("#f-type-hint").getText()).contains("降价拍").contains("创建后不能更改类型");
        assertThat(browser.driver.findElements(By.id("f-items-0-price"))).as("an auction's item price is its schedule's").isEmpty();
        String name = "降价拍·机械表";
        Instant start = basics(name, Duration.ofHours(2));
        String sku = sku("W");
        shop.fill("f-items-0-sku", sku, "f-items-0-originalPrice", "1999", "f-items-0-stock", "50", "f-startPrice", "1599",
                "f-floorPrice", "1699", "f-dropAmount", "50", "f-dropIntervalSeconds", "5");
        assertThat(refusedAt("f-floorPrice")).isEqualTo("请检查：at most startPrice");
        assertThat(browser.find("#f-startPrice-error").getText()).isEmpty();

        shop.type("f-floorPrice", "999.5");
        JsonNode a = created(name);
        assertThat(a.get("type").asText()).isEqualTo("auction");
        assertThat(Instant.parse(a.get("startsAt").asText())).isEqualTo(start);
        assertThat(a.get("rules").get("startPrice").asLong()).isEqualTo(159900);
        assertThat(a.get("rules").get("floorPrice").asLong()).isEqualTo(99950);
        assertThat(a.get("rules").get("dropAmount").asLong()).isEqualTo(5000);
        assertThat(a.get("rules").get("dropIntervalSeconds").asLong()).isEqualTo(300);
        JsonNode item = a.get("items").get(0);
        assertThat(item.get("sku").asText()).isEqualTo(sku);
        assertThat(item.get("price").asLong()).as("the starting price").isEqualTo(159900);
        assertThat(item.get("originalPrice").asLong()).isEqualTo(199900);
        assertThat(item.get("stock").asLong()).isEqualTo(50);
    }

    @Test
    void aLuckyDrawGroupTakesAFreeEntryItsPrizesAndItsDraw() {
        newForm("luckyDrawGroup");
        String name = "0元抽奖团·蓝牙耳机";
        basics(name, Duration.ofDays(3));
        assertThat(browser.find("label[for=f-items-0-stock]").getText()).isEqualTo("奖品数量");
        shop.fill("f-items-0-sku", sku("EAR"), "f-items-0-joinPrice", "0", "f-items-0-originalPrice", "299", "f-items-0-stock", "3",
                "f-groupSize", "5", "f-groupTtlSeconds", "12");
        browser.find("#f-simulatedFill").click();
        shop.type("f-winners", "3");
        new Select(browser.find("#f-drawAt")).selectByValue("ACTIVITY_END");
        shop.type("f-loserPoints", "10");
        JsonNode a = created(name);
        JsonNode rules = a.get("rules");
        assertThat(rules.get("groupSize").asInt()).isEqualTo(5);
        assertThat(rules.get("groupTtlSeconds").asLong()).isEqualTo(43200);
        assertThat(rules.get("simulatedFill").asBoolean()).isTrue();
        assertThat(rules.get("showOpenGroups").asBoolean()).isFalse();
        assertThat(rules.get("winners").asInt()).isEqualTo(3);
        assertThat(rules.get("drawAt").asText()).isEqualTo("ACTIVITY_END");
        assertThat(rules.get("loserPoints").asLong()).isEqualTo(10);
        assertThat(rules.has("winnersPerGroup")).as("left empty, not sent").isFalse();
        assertThat(a.get("items").get(0).get("price").asLong()).as("a free entry").isZero();
        assertThat(a.get("items").get(0).get("originalPrice").asLong()).isEqualTo(29900);
        assertThat(a.get("items").get(0).get("stock").asLong()).isEqualTo(3);
    }

    @Test
    void aTuansTiersAreRowsAndACashbackAboveThePriceIsRefusedAtItsTierThenEditedBeforeTheStart() {
        newForm("tuan");
        String name = "团购返现·安溪铁观音";
        basics(name, Duration.ofDays(7));
        shop.fill("f-items-0-sku", sku("TGY"), "f-items-0-price", "99", "f-items-0-stock", "1000");
        browser.find("#f-tiers-add").click();
        browser.find("#f-tiers-add").click();
        browser.find("#f-tiers-add").click();
        shop.fill("f-tiers-0-minBuyers", "10", "f-tiers-0-cashbackPerUnit", "120", "f-tiers-2-minBuyers", "30",
                "f-tiers-2-cashbackPerUnit", "130");
        browser.find("#f-tiers-1 .remove").click();
        assertThat(browser.driver.findElements(By.id("f-tiers-1"))).isEmpty();
        assertThat(browser.find("#f-tiers-2 legend").getText()).as("rows are told by their place").isEqualTo("第 2 档");
        shop.type("f-settlementDelaySeconds", "3");
        assertThat(refusedAt("f-tiers-0-cashbackPerUnit")).startsWith("请检查：").contains("more than the price");

        shop.type("f-tiers-0-cashbackPerUnit", "5");
        shop.type("f-tiers-2-cashbackPerUnit", "10.5");
        JsonNode a = created(name);
        assertThat(a.get("rules").get("tiers").toString())
                .isEqualTo("[{\"minBuyers\":10,\"cashbackPerUnit\":500},{\"minBuyers\":30,\"cashbackPerUnit\":1050}]");
        assertThat(a.get("rules").get("settlementDelaySeconds").asLong()).isEqualTo(259200);
        assertThat(a.get("items").get(0).get("price").asLong()).isEqualTo(9900);

        String id = a.get("id").asText();
        shop.row(id).findElement(By.cssSelector(".edit")).click();
        browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
        assertThat(browser.find("#f-name").getAttribute("value")).as("the Chinese name comes back").isEqualTo(name);
        assertThat(browser.find("#f-tiers-1-cashbackPerUnit").getAttribute("value")).isEqualTo("10.50");
        assertThat(browser.find("#f-settlementDelaySeconds").getAttribute("value")).isEqualTo("3");
        browser.find("#f-tiers-add").click();
        shop.fill("f-tiers-2-minBuyers", "100", "f-tiers-2-cashbackPerUnit", "20", "f-name", name + "（加码）");
        browser.find("#f-submit").click();
        browser.await(d -> shop.notice().equals("已保存「" + name + "（加码）」。"));
        JsonNode edited = shop.activity(id);
        assertThat(edited.get("name").asText()).isEqualTo(name + "（加码）");
        assertThat(edited.get("rules").get("tiers")).hasSize(3);
        assertThat(edited.get("rules").get("tiers").get(2).get("cashbackPerUnit").asLong()).isEqualTo(2000);
        assertThat(edited.get("rules").get("settlementDelaySeconds").asLong()).as("untouched").isEqualTo(259200);
    }

    @Test
    void aGroupBuysLadderIsTiersAndATierOutOfOrderIsRefusedAtThatTier() {
        newForm("groupOn");
        String name = "阶梯拼团·西湖藕粉";
        basics(name, Duration.ofDays(2));
        shop.fill("f-items-0-sku", sku("OUFEN"), "f-items-0-groupPrice", "99", "f-items-0-stock", "200");
        browser.find("#f-tiers-add").click();
        browser.find("#f-tiers-add").click();
        shop.fill("f-tiers-0-size", "2", "f-tiers-0-price", "99", "f-tiers-1-size", "1", "f-tiers-1-price", "89");
        browser.expectFailedRequest("/v1/activities", 422);
        browser.find("#f-submit").click();
        browser.await(d -> !browser.find("#f-tiers-1-error").getText().isEmpty());
        assertThat(browser.find("#f-tiers-1-error").getText()).startsWith("请检查：");
        assertThat(browser.find("#f-tiers-1").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(shop.focused()).as("the refused tier").isEqualTo("f-tiers-1");

        shop.type("f-tiers-1-size", "3");
        JsonNode a = created(name);
        assertThat(a.get("rules").get("tiers")).isEqualTo(ApiClient.JSON.valueToTree(
                List.of(Map.of("size", 2, "price", 9900), Map.of("size", 3, "price", 8900))));
        assertThat(a.get("items").get(0).get("price").asLong()).isEqualTo(9900);
    }

    @Test
    void anFCodeActivityTakesItsCodeRulesAndItsTimesArePickedInTheZoneChosen() {
        newForm("fCode");
        assertThat(new Select(browser.find("#f-timeZone")).getFirstSelectedOption().getAttribute("value")).isEqualTo("Asia/Shanghai");
        String name = "F码专享·限量茶具";
        Instant shanghaiStart = basics(name, Duration.ofDays(2));
        new Select(browser.find("#f-timeZone")).selectByValue("Asia/Tokyo");
        shop.fill("f-items-0-sku", sku("TEA-SET"), "f-items-0-price", "29.99", "f-items-0-stock", "100", "f-items-0-limitPerBuyer", "2",
                "f-unitsPerCode", "2", "f-maxWrongCodesPerHour", "5");
        browser.find("#f-codeReusableAfterRefund").click();
        shop.type("f-payWindowSeconds", "10");
        JsonNode a = created(name);
        assertThat(a.get("type").asText()).isEqualTo("fCode");
        assertThat(a.get("items").get(0).get("price").asLong()).isEqualTo(2999);
        assertThat(a.get("items").get(0).get("limitPerBuyer").asInt()).isEqualTo(2);
        assertThat(a.get("rules").get("unitsPerCode").asInt()).isEqualTo(2);
        assertThat(a.get("rules").get("maxWrongCodesPerHour").asInt()).isEqualTo(5);
        assertThat(a.get("rules").get("codeReusableAfterRefund").asBoolean()).isTrue();
        assertThat(a.get("payWindowSeconds").asInt()).isEqualTo(600);
        assertThat(a.get("rules").get("timeZone").asText()).isEqualTo("Asia/Tokyo");
        assertThat(Instant.parse(a.get("startsAt").asText())).as("the same wall time in Tokyo, an hour earlier")
                .isEqualTo(shanghaiStart.minus(Duration.ofHours(1)));

        shop.row(a.get("id").asText()).findElement(By.cssSelector(".edit")).click();
        browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
        assertThat(browser.find("#f-startsAt").getAttribute("value")).as("shown in its own zone").isEqualTo(BrowserShop.LOCAL.format(shanghaiStart));
    }

    @Test
    void aPointsExchangePricesItsItemsInPointsWithAnOptionalCashPart() {
        newForm("pointsExchange");
        String name = "积分商城·周边";
        basics(name, Duration.ofDays(30));
        shop.fill("f-items-0-sku", sku("MUG"), "f-items-0-pointsPrice", "500", "f-items-0-stock", "100");
        browser.find("#f-add-item").click();
        shop.fill("f-items-1-sku", sku("BAG"), "f-items-1-pointsPrice", "2000", "f-items-1-price", "19.9", "f-items-1-stock", "50");
        JsonNode a = created(name);
        JsonNode mug = a.get("items").get(0), bag = a.get("items").get(1);
        assertThat(mug.get("pointsPrice").asLong()).isEqualTo(500);
        assertThat(mug.get("price").asLong()).as("points only").isZero();
        assertThat(bag.get("pointsPrice").asLong()).isEqualTo(2000);
        assertThat(bag.get("price").asLong()).isEqualTo(1990);
        assertThat(bag.get("stock").asLong()).isEqualTo(50);
    }

    @Test
    void aGiftHasOneItemAndMayBeForGrantedBuyersOnly() {
        newForm("presentExchange");
        assertThat(browser.driver.findElements(By.id("f-add-item"))).as("a gift is one item").isEmpty();
        assertThat(browser.find("#f-openClaims").isSelected()).as("open by default, as the server").isTrue();
        String name = "会员赠品·定制书签";
        basics(name, Duration.ofDays(10));
        shop.fill("f-items-0-sku", sku("GIFT"), "f-items-0-stock", "500", "f-claimLimitPerBuyer", "2");
        browser.find("#f-openClaims").click();
        JsonNode a = created(name);
        assertThat(a.get("items")).hasSize(1);
        assertThat(a.get("items").get(0).get("price").asLong()).isZero();
        assertThat(a.get("items").get(0).get("stock").asLong()).isEqualTo(500);
        assertThat(a.get("rules").get("claimLimitPerBuyer").asInt()).isEqualTo(2);
        assertThat(a.get("rules").get("openClaims").asBoolean()).isFalse();
    }

    @Test
    void aHelpDepositTakesItsValuesInYuanItsBalanceWindowInShopTimeItsMilestoneAndItsDefaultLimits() {
        Map<String, Object> gift = new LinkedHashMap<>(Map.of("type", "presentExchange", "name", "助力礼·贴膜",
                "startsAt", node.clock.instant().plus(Duration.ofDays(1)).toString(), "endsAt", node.clock.instant().plus(Duration.ofDays(20)).toString(),
                "items", List.of(Map.of("sku", sku("FILM"), "stock", 100)), "rules", Map.of("openClaims", false)));
        String giftId = shop.create(gift);
        newForm("helpDepositExpansion");
        String name = "双11定金膨胀·65寸电视";
        Instant start = basics(name, Duration.ofDays(5));
        Instant end = start.plus(Duration.ofDays(5));
        shop.fill("f-items-0-sku", sku("TV65"), "f-items-0-price", "5999", "f-items-0-stock", "500", "f-deposit", "100",
                "f-baseValue", "200", "f-maxValue", "500", "f-helpAmountMin", "5", "f-helpAmountMax", "30", "f-helpsPerHelper", "3");
        new Select(browser.find("#f-unpaidBalance")).selectByValue("REFUND");
        shop.pick("f-balanceStartsAt", end.minus(Duration.ofHours(1)));
        shop.pick("f-balanceEndsAt", end.plus(Duration.ofDays(1)));
        shop.fill("f-milestone-helps", "5", "f-limits-perBuyer", "2", "f-limits-perOrder", "1");
        assertThat(refusedAt("f-balanceStartsAt")).startsWith("请检查：no earlier than endsAt");
        assertThat(browser.find("#f-milestone-helps-error").getText()).as("a milestone without its gift").startsWith("请检查：{\"helps\"");
        assertThat(browser.find("#f-milestone-helps").getAttribute("aria-invalid")).isEqualTo("true");

        shop.pick("f-balanceStartsAt", end);
        shop.type("f-milestone-presentActivityId", giftId);
        JsonNode a = created(name);
        JsonNode rules = a.get("rules");
        assertThat(rules.get("deposit").asLong()).isEqualTo(10000);
        assertThat(rules.get("baseValue").asLong()).isEqualTo(20000);
        assertThat(rules.get("maxValue").asLong()).isEqualTo(50000);
        assertThat(rules.get("helpAmountMin").asLong()).isEqualTo(500);
        assertThat(rules.get("helpAmountMax").asLong()).isEqualTo(3000);
        assertThat(rules.get("helpsPerHelper").asInt()).isEqualTo(3);
        assertThat(rules.get("unpaidBalance").asText()).isEqualTo("REFUND");
        assertThat(rules.get("balanceStartsAt").asText()).as("picked in shop time, sent with its offset").isEqualTo(SHANGHAI.format(end));
        assertThat(rules.get("balanceEndsAt").asText()).isEqualTo(SHANGHAI.format(end.plus(Duration.ofDays(1))));
        assertThat(rules.get("milestone")).isEqualTo(ApiClient.JSON.valueToTree(Map.of("helps", 5, "presentActivityId", giftId)));
        assertThat(a.get("items").get(0).get("price").asLong()).isEqualTo(599900);
        assertThat(a.get("items").get(0).get("limitPerBuyer").asInt()).as("the activity-wide default").isEqualTo(2);
        assertThat(a.get("items").get(0).get("limitPerOrder").asInt()).isEqualTo(1);

        shop.row(a.get("id").asText()).findElement(By.cssSelector(".edit")).click();
        browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
        assertThat(browser.find("#f-milestone-presentActivityId").getAttribute("value")).isEqualTo(giftId);
        assertThat(browser.driver.findElements(By.id("f-limits-perBuyer"))).as("creation defaults, not patchable").isEmpty();
    }

    @Test
    void anInsiderFissionTakesItsCouponRulesAndOnceRunningOnlyItsStockGoesUp() {
        newForm("inSourcingFission");
        String name = "员工内购·春季新品";
        basics(name, Duration.ofDays(7));
        shop.fill("f-items-0-sku", sku("A1"), "f-items-0-price", "59", "f-items-0-originalPrice", "129", "f-items-0-stock", "1000",
                "f-items-0-limitPerBuyer", "5", "f-couponsPerUnit", "1", "f-initialCoupons", "5", "f-couponsPerInvite", "1",
                "f-inviteeCoupons", "1", "f-maxInvitesPerDay", "20");
        JsonNode a = created(name);
        assertThat(a.get("rules")).isEqualTo(ApiClient.JSON.valueToTree(
                Map.of("timeZone", "Asia/Shanghai", "couponsPerUnit", 1, "initialCoupons", 5, "couponsPerInvite", 1, "inviteeCoupons", 1,
                        "maxInvitesPerDay", 20)));
        assertThat(a.get("items").get(0).get("price").asLong()).isEqualTo(5900);
        assertThat(a.get("items").get(0).get("originalPrice").asLong()).isEqualTo(12900);

        Instant now = node.clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "inSourcingFission");
        body.put("name", "员工内购·进行中");
        body.put("startsAt", now.minus(Duration.ofMinutes(1)).toString());
        body.put("endsAt", now.plus(Duration.ofDays(1)).toString());
        body.put("items", List.of(Map.of("sku", sku("B2"), "price", 5900, "stock", 40)));
        body.put("rules", Map.of("couponsPerUnit", 2, "initialCoupons", 4));
        String id = node.api.createActivity(shop.key, body);
        shop.signedIn();
        shop.row(id).findElement(By.cssSelector(".edit")).click();
        browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
        assertThat(browser.find("#locked-note").isDisplayed()).isTrue();
        for (String locked : List.of("f-couponsPerUnit", "f-initialCoupons", "f-items-0-price", "f-payWindowSeconds", "f-startsAt")) {
            assertThat(browser.find("#" + locked).isEnabled()).as(locked).isFalse();
        }
        assertThat(browser.find("#f-couponsPerUnit").getAttribute("aria-describedby")).contains("locked-note");
        assertThat(browser.find("#f-couponsPerUnit").getAttribute("value")).isEqualTo("2");
        for (String open : List.of("f-name", "f-endsAt", "f-items-0-stock")) assertThat(browser.find("#" + open).isEnabled()).as(open).isTrue();
        shop.type("f-items-0-stock", "60");
        browser.find("#f-submit").click();
        browser.await(d -> shop.notice().equals("已保存「员工内购·进行中」。"));
        JsonNode edited = shop.activity(id);
        assertThat(edited.get("items").get(0).get("stock").asLong()).isEqualTo(60);
        assertThat(edited.get("rules").get("couponsPerUnit").asInt()).isEqualTo(2);
    }

    @Test
    void everyTypesFormHasItsWordsInChineseAndEnglishAndFitsAPhone() {
        shop.signedIn();
        for (String lang : List.of("zh", "en")) {
            if (lang.equals("en")) { // and on a phone
                browser.find("#lang").click();
                browser.await(d -> browser.find("#new-activity").getText().equals("New activity"));
                browser.driver.manage().window().setSize(new Dimension(375, 800));
            }
            browser.find("#new-activity").click();
            browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
            for (String type : TYPES) {
                new Select(browser.find("#f-type")).selectByValue(type);
                browser.await(d -> type.equals(browser.find("#activity-form").getAttribute("data-type")));
                String text = browser.find("#activity-form").getText();
                assertThat(text).as(lang + " " + type).doesNotContain("form.").doesNotContain("undefined");
                @SuppressWarnings("unchecked")
                List<String> unexplained = (List<String>) browser.script("return [...document.querySelectorAll('#activity-form label')]"
                        + ".map((l) => l.htmlFor).filter((id) => !document.getElementById(id + '-hint')?.textContent.trim());");
                assertThat(unexplained).as(lang + " " + type + ": fields without an explanation").isEmpty();
                if (!browser.driver.findElements(By.id("f-tiers-add")).isEmpty()) browser.find("#f-tiers-add").click();
                assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
                        .as(lang + " " + type + " fits the window").isTrue();
            }
            browser.find("#f-back").click();
            browser.await(d -> d.findElements(By.id("new-activity")).size() == 1);
        }
        browser.script("localStorage.clear();");
    }

    @Test
    void previewAsBuyerOpensTheBuyerPageWithAFreshTokenInTheFragmentOnly() {
        String name = "买家预览·明前龙井";
        String id = node.api.createActivity(shop.key, seckill(name, sku("LJ"), 20, 1, node.clock.instant()));
        shop.signedIn();
        String console = browser.driver.getWindowHandle();
        browser.script("const open = window.open; window.openedUrls = [];"
                + "window.open = (url, ...rest) => { window.openedUrls.push(url); return open.call(window, url, ...rest); };");
        WebElement preview = shop.row(id).findElement(By.cssSelector(".preview"));
        assertThat(preview.getText()).isEqualTo("买家视角预览");
        assertThat(preview.getAttribute("aria-label")).contains(name);
        preview.click();
        browser.await(d -> d.getWindowHandles().size() == 2);
        @SuppressWarnings("unchecked")
        List<String> opened = (List<String>) browser.script("return window.openedUrls;");
        assertThat(opened).hasSize(1);
        String url = opened.get(0);
        assertThat(url).startsWith("/h5/" + id + "#token=").doesNotContain("?");
        String token = java.net.URLDecoder.decode(url.substring(url.indexOf("#token=") + 7), java.nio.charset.StandardCharsets.UTF_8);
        try {
            String buyerTab = browser.driver.getWindowHandles().stream().filter(w -> !w.equals(console)).findFirst().orElseThrow();
            browser.driver.switchTo().window(buyerTab);
            browser.await(d -> { // the page renders the heading again once the activity arrives: read it afresh each time
                try {
                    return d.findElement(By.id("name")).getText().equals(name);
                } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException notYet) {
                    return false;
                }
            });
            assertThat(browser.driver.getCurrentUrl()).as("the page took the token out of the address")
                    .isEqualTo(shop.base() + "/h5/" + id);
            assertThat(browser.script("return sessionStorage.getItem('peercart.buyerToken');")).isEqualTo(token);
            assertThat(browser.requestedUrls()).as("the token never reaches a server in a URL").noneMatch(u -> u.contains(token));
        } finally {
            browser.driver.close();
            browser.driver.switchTo().window(console);
        }
        Response order = node.api.post("/v1/activities/" + id + "/orders").auth(token).header("Idempotency-Key", "preview-order")
                .json(Map.of("sku", shop.activity(id).get("items").get(0).get("sku").asText(), "quantity", 1)).send();
        assertThat(order.status()).as("a real buyer token: %s", order).isEqualTo(201);
        assertThat(order.text("buyerId")).startsWith("preview-");
    }
}
