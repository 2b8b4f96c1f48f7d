package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Creating, editing and cancelling activities through the console's form in a real Chromium: what
 * the merchant types reaches the API as the activity they meant (Shanghai times, ¥ as fen, a
 * Chinese name), and the server's refusals land next to the field they name, changing nothing.
 */
class ConsoleFormBrowserTest {
    static final String OPERATOR = "pck_consoleformbrowsertestoperatorkey0001";
    @RegisterExtension
    static final BrowserShop shop = new BrowserShop(OPERATOR, "西湖茶庄");
    static final TestNode node = shop.node;
    static final Browser browser = shop.browser;

    private static String running(String name) {
        return node.api.createActivity(shop.key, seckill(name, "tea-" + UUID.randomUUID(), 50, 2, node.clock.instant()));
    }

    @Test
    void aSeckillCreatedThroughTheFormIsTheActivityTheMerchantMeant() {
        shop.signedIn();
        browser.find("#new-activity").click();
        browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
        assertThat(browser.find("#f-name").getAttribute("aria-describedby")).isEqualTo("f-name-hint f-name-error");
        assertThat(browser.find("#f-name-hint").getText()).contains("买家在活动页看到的标题");
        String name = "中秋·明前龙井限时秒杀";
        String sku = "LJ-" + UUID.randomUUID();
        Instant start = node.clock.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES);
        shop.type("f-name", name);
        shop.pick("f-startsAt", start);
        shop.pick("f-endsAt", start.plus(Duration.ofHours(2)));
        shop.fill("f-items-0-sku", sku, "f-items-0-price", "123.45", "f-items-0-originalPrice", "199", "f-items-0-stock", "300",
                "f-items-0-limitPerBuyer", "2", "f-timeSlots", "10:00-12:00，20:00-22:00");
        browser.find("#f-newCustomersOnly").click();
        shop.type("f-requiredTags", "vip, 老客");
        shop.type("f-excludedBuyers", "buyer-9\nbuyer-10");
        browser.find("#f-submit").click();

        browser.await(d -> shop.notice().equals("已创建活动「" + name + "」。"));
        JsonNode created = shop.activities().stream().filter(a -> a.get("name").asText().equals(name)).findFirst().orElseThrow();
        assertThat(shop.row(created.get("id").asText()).findElement(By.cssSelector(".name")).getText()).isEqualTo(name);
        JsonNode a = shop.activity(created.get("id").asText());
        assertThat(a.get("type").asText()).isEqualTo("seckill");
        assertThat(a.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(Instant.parse(a.get("startsAt").asText())).isEqualTo(start);
        assertThat(Instant.parse(a.get("endsAt").asText())).isEqualTo(start.plus(Duration.ofHours(2)));
        JsonNode item = a.get("items").get(0);
        assertThat(item.get("sku").asText()).isEqualTo(sku);
        assertThat(item.get("price").asLong()).isEqualTo(12345);
        assertThat(item.get("originalPrice").asLong()).isEqualTo(19900);
        assertThat(item.get("stock").asLong()).isEqualTo(300);
        assertThat(item.get("limitPerBuyer").asInt()).isEqualTo(2);
        assertThat(a.get("rules").get("timeSlots").toString()).isEqualTo("[\"10:00-12:00\",\"20:00-22:00\"]");
        assertThat(a.get("targeting").get("newCustomersOnly").asBoolean()).isTrue();
        assertThat(a.get("targeting").get("requiredTags").toString()).isEqualTo("[\"vip\",\"老客\"]");
        assertThat(a.get("targeting").get("excludedBuyers").toString()).isEqualTo("[\"buyer-9\",\"buyer-10\"]");
    }

    @Test
    void anEndBeforeTheStartIsRefusedNextToTheEndAndNothingIsCreated() {
        shop.signedIn();
        int before = shop.activities().size();
        browser.find("#new-activity").click();
        browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
        Instant start = node.clock.instant().plus(Duration.ofDays(2));
        shop.type("f-name", "倒着的秒杀");
        shop.pick("f-startsAt", start);
        shop.pick("f-endsAt", start.minus(Duration.ofHours(1)));
        shop.fill("f-items-0-sku", "REV-" + UUID.randomUUID(), "f-items-0-price", "9.9", "f-items-0-stock", "10");
        browser.expectFailedRequest("/v1/activities", 422);
        browser.find("#f-submit").click();

        browser.await(d -> !browser.find("#f-endsAt-error").getText().isEmpty());
        assertThat(browser.find("#f-endsAt-error").getText()).isEqualTo("请检查：must be after startsAt");
        assertThat(browser.find("#f-endsAt").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#f-endsAt").getAttribute("aria-describedby")).contains("f-endsAt-error");
        assertThat(shop.focused()).isEqualTo("f-endsAt");
        assertThat(browser.find("#f-startsAt-error").getText()).isEmpty();
        assertThat(shop.activities()).hasSize(before);

        shop.pick("f-endsAt", start.plus(Duration.ofHours(1)));
        browser.find("#f-submit").click();
        browser.await(d -> shop.notice().equals("已创建活动「倒着的秒杀」。"));
        assertThat(shop.activities()).as("the corrected form creates it once").hasSize(before + 1);
    }

    @Test
    void aRunningActivitysStockGoesUpAndWhatIsLockedSaysWhy() {
        String id = running("碧螺春秒杀");
        String startsAt = shop.activity(id).get("startsAt").asText();
        shop.signedIn();
        shop.row(id).findElement(By.cssSelector(".edit")).click();
        browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
        assertThat(browser.find("#f-name").getAttribute("value")).isEqualTo("碧螺春秒杀");
        assertThat(browser.find("#locked-note").getText()).isEqualTo("活动已开始：只能修改名称、把结束时间延后、增加库存，其他内容已锁定。");
        for (String locked : List.of("f-type", "f-startsAt", "f-items-0-sku", "f-items-0-price", "f-timeSlots", "f-requiredTags", "f-add-item")) {
            assertThat(browser.find("#" + locked).isEnabled()).as(locked).isFalse();
        }
        assertThat(browser.find("#f-startsAt").getAttribute("aria-describedby")).contains("locked-note");
        for (String open : List.of("f-name", "f-endsAt", "f-items-0-stock")) assertThat(browser.find("#" + open).isEnabled()).as(open).isTrue();

        browser.expectFailedRequest("/v1/activities/" + id, 422);
        shop.type("f-items-0-stock", "20");
        browser.find("#f-submit").click();
        browser.await(d -> !browser.find("#f-items-0-stock-error").getText().isEmpty());
        assertThat(browser.find("#f-items-0-stock-error").getText()).startsWith("活动已开始，不能这样修改：").contains("may only be raised");
        assertThat(shop.focused()).isEqualTo("f-items-0-stock");
        assertThat(shop.activity(id).get("items").get(0).get("stock").asLong()).isEqualTo(50);

        shop.type("f-items-0-stock", "80");
        browser.find("#f-submit").click();
        browser.await(d -> shop.notice().equals("已保存「碧螺春秒杀」。"));
        JsonNode a = shop.activity(id);
        assertThat(a.get("items").get(0).get("stock").asLong()).isEqualTo(80);
        assertThat(a.get("status").asText()).isEqualTo("RUNNING");
        assertThat(a.get("startsAt").asText()).as("the untouched start is not sent").isEqualTo(startsAt);
    }

    @Test
    void cancellingAsksFirstAndTheKeyboardReachesTheDialog() {
        String id = running("白茶秒杀");
        shop.signedIn();
        shop.row(id).findElement(By.cssSelector(".cancel")).click();
        WebElement dialog = browser.await(d -> d.findElements(By.cssSelector("dialog[open]#cancel-dialog")).stream().findFirst().orElse(null));
        assertThat(dialog.getText()).contains("取消活动「白茶秒杀」？", "不可撤销");
        assertThat(shop.focused()).as("the safe choice has the focus").isEqualTo("cancel-dismiss");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.await(d -> d.findElements(By.id("cancel-dialog")).isEmpty());
        assertThat(shop.activity(id).get("status").asText()).isEqualTo("RUNNING");

        shop.row(id).findElement(By.cssSelector(".cancel")).click();
        browser.await(d -> "cancel-dismiss".equals(shop.focused()));
        browser.driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        assertThat(shop.focused()).isEqualTo("cancel-confirm");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.await(d -> shop.notice().equals("已取消活动「白茶秒杀」。"));
        assertThat(shop.row(id).findElement(By.cssSelector(".status")).getText()).isEqualTo("已取消");
        assertThat(shop.row(id).findElements(By.cssSelector(".edit, .cancel"))).isEmpty();
        assertThat(shop.activity(id).get("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void aGroupBuyTakesItsGroupSizeTimeToFillAndGroupPrice() {
        shop.signedIn();
        browser.find("#new-activity").click();
        browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
        shop.type("f-name", "三人拼团·安吉白茶");
        new Select(browser.find("#f-type")).selectByValue("groupOn");
        browser.await(d -> d.findElements(By.id("f-groupSize")).size() == 1);
        assertThat(browser.find("#f-name").getAttribute("value")).as("what was typed survives the type change").isEqualTo("三人拼团·安吉白茶");
        assertThat(browser.find("label[for=f-items-0-groupPrice]").getText()).isEqualTo("拼团价（元）");
        Instant start = node.clock.instant().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        shop.pick("f-startsAt", start);
        shop.pick("f-endsAt", start.plus(Duration.ofDays(3)));
        String sku = "AJ-" + UUID.randomUUID();
        shop.fill("f-items-0-sku", sku, "f-items-0-groupPrice", "59", "f-items-0-originalPrice", "88", "f-items-0-stock", "90",
                "f-groupSize", "3", "f-groupTtlSeconds", "2");
        browser.find("#f-submit").click();

        browser.await(d -> shop.notice().equals("已创建活动「三人拼团·安吉白茶」。"));
        JsonNode a = shop.activities().stream().filter(x -> x.get("name").asText().equals("三人拼团·安吉白茶")).findFirst().orElseThrow();
        a = shop.activity(a.get("id").asText());
        assertThat(a.get("type").asText()).isEqualTo("groupOn");
        assertThat(a.get("rules").get("groupSize").asInt()).isEqualTo(3);
        assertThat(a.get("rules").get("groupTtlSeconds").asLong()).isEqualTo(7200);
        assertThat(a.get("items").get(0).get("price").asLong()).as("the group price is what is charged").isEqualTo(5900);
        assertThat(a.get("items").get(0).get("originalPrice").asLong()).isEqualTo(8800);
        assertThat(shop.row(a.get("id").asText()).findElement(By.cssSelector(".type")).getText()).isEqualTo("多人拼团");
    }

    @Test
    void anEmptyFormOnAPhoneNamesEveryMissingFieldInEnglishToo() {
        shop.signedIn();
        browser.find("#lang").click();
        browser.await(d -> browser.find("#new-activity").getText().equals("New activity"));
        browser.driver.manage().window().setSize(new Dimension(375, 800));
        try {
            browser.find("#new-activity").click();
            browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
            browser.expectFailedRequest("/v1/activities", 422);
            browser.find("#f-submit").click();
            browser.await(d -> !browser.find("#f-name-error").getText().isEmpty());
            for (String id : List.of("f-name", "f-startsAt", "f-endsAt", "f-items-0-sku", "f-items-0-price", "f-items-0-stock")) {
                assertThat(browser.find("#" + id + "-error").getText()).as(id).startsWith("Check this: ");
                assertThat(browser.find("#" + id).getAttribute("aria-invalid")).as(id).isEqualTo("true");
            }
            assertThat(shop.focused()).as("the first refused field").isEqualTo("f-name");
            long width = (Long) browser.script("return window.innerWidth;");
            assertThat((Long) browser.script("return document.documentElement.scrollWidth;")).isLessThanOrEqualTo(width);
            browser.script("window.scrollTo(0, 0);");
        } finally {
            browser.script("localStorage.clear();");
        }
    }

    @Test
    void beforeTheStartEverythingMayChangeAndOnlyTheChangesAreSent() {
        Instant now = node.clock.instant();
        Map<String, Object> body = seckill("预售·大红袍", "DHP-" + UUID.randomUUID(), 40, 1, now);
        body.put("startsAt", now.plus(Duration.ofDays(1)).toString());
        body.put("endsAt", now.plus(Duration.ofDays(2)).toString());
        String id = node.api.createActivity(shop.key, body);
        String endsAt = shop.activity(id).get("endsAt").asText();
        shop.signedIn();
        shop.row(id).findElement(By.cssSelector(".edit")).click();
        browser.await(d -> d.findElements(By.id("activity-form")).size() == 1);
        assertThat(browser.driver.findElements(By.id("locked-note"))).isEmpty();
        assertThat(browser.find("#f-startsAt").isEnabled()).isTrue();
        assertThat(browser.find("#f-items-0-price").getAttribute("value")).isEqualTo("99.00");
        Instant start = now.plus(Duration.ofHours(30)).truncatedTo(ChronoUnit.MINUTES);
        shop.pick("f-startsAt", start);
        shop.type("f-items-0-price", "88.8");
        browser.find("#f-add-item").click();
        String second = "DHP2-" + UUID.randomUUID();
        shop.fill("f-items-1-sku", second, "f-items-1-price", "10", "f-items-1-stock", "5");
        browser.find("#f-submit").click();
        browser.await(d -> shop.notice().equals("已保存「预售·大红袍」。"));
        JsonNode a = shop.activity(id);
        assertThat(Instant.parse(a.get("startsAt").asText())).isEqualTo(start);
        assertThat(a.get("endsAt").asText()).as("the end, not touched, keeps its seconds").isEqualTo(endsAt);
        assertThat(a.get("items").get(0).get("price").asLong()).isEqualTo(8880);
        assertThat(a.get("items").get(0).get("stock").asLong()).isEqualTo(40);
        assertThat(a.get("items").get(1).get("sku").asText()).isEqualTo(second);
        assertThat(a.get("items").get(1).get("price").asLong()).isEqualTo(1000);
    }
}
