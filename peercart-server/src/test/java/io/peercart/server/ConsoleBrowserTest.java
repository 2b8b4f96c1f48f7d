package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The merchant console in a real Chromium against a real node: signing in with an API key, the
 * activities list with figures from the API, the language switch, the filters, the session's life.
 * The shop and its activities are made through the public API first, as a merchant's code would.
 */
class ConsoleBrowserTest {
    static final String OPERATOR = "pck_consolebrowsertestoperatorkey00000001";
    static final String NAME = "双十一·龙井茶限时秒杀";
    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    @RegisterExtension
    static final Browser browser = new Browser();
    static String shopKey;
    static String seckillId;
    static String fCodeId;

    @BeforeAll
    static void aShopWithTwoActivities() {
        Response shop = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "西湖茶庄")).send();
        assertThat(shop.status()).isEqualTo(201);
        shopKey = shop.text("apiKey");
        Instant now = node.clock.instant();
        seckillId = node.api.createActivity(shopKey, seckill(NAME, "tea-" + UUID.randomUUID(), 50, 2, now));
        fCodeId = node.api.createActivity(shopKey, FCodeHttpTest.fCode("FC-console", 10, Map.of(), now));
        Response order = node.api.post("/v1/activities/" + seckillId + "/orders").auth(shopKey).buyer("buyer-1").json(Map.of("quantity", 2)).send();
        assertThat(order.status()).as("%s", order).isEqualTo(201);
        Response paid = node.api.post("/v1/orders/" + order.text("orderId") + "/pay").auth(shopKey).json(Map.of("paymentRef", "wx-1")).send();
        assertThat(paid.status()).as("%s", paid).isEqualTo(200);
    }

    private static String base() {
        return "http://127.0.0.1:" + node.server.port();
    }

    /** The console as a first visit sees it: no key, the default language. */
    private static void openFresh() {
        browser.openWith(base() + "/console", Map.of(), Map.of());
        browser.await(d -> d.findElements(By.id("key")).size() == 1);
    }

    private static void signIn(String key) {
        WebElement field = browser.find("#key");
        field.clear();
        field.sendKeys(key, Keys.ENTER);
    }

    private static WebElement row(String activityId) {
        return browser.await(d -> d.findElements(By.cssSelector("#activities tr[data-id='" + activityId + "']")).stream().findFirst().orElse(null));
    }

    private static List<String> rowIds() {
        return browser.driver.findElements(By.cssSelector("#activities tbody tr")).stream().map(r -> r.getAttribute("data-id")).toList();
    }

    private static String stored(String storage) {
        return (String) browser.script("const s = " + storage + "; return Object.keys(s).map(k => k + '=' + s.getItem(k)).join(';');");
    }

    @Test
    void theHomePageOpensTheConsoleInChinese() {
        browser.open(base() + "/");
        browser.await(d -> d.getCurrentUrl().equals(base() + "/console"));
        browser.await(d -> d.findElements(By.id("key")).size() == 1);
        assertThat(browser.find("label[for=key]").getText()).isEqualTo("API 密钥");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).as("the key field has the focus").isEqualTo("key");
        browser.find("#key").sendKeys(Keys.TAB);
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).as("Tab reaches the sign-in button").isEqualTo("signin-submit");
    }

    @Test
    void aWrongKeyIsRefusedNextToTheFieldAndNothingIsKept() {
        openFresh();
        browser.expectFailedRequest("/v1/activities?limit=1", 401);
        signIn("pck_not_a_real_key_000000000000000000");
        browser.await(d -> !browser.find("#key-error").getText().isEmpty());
        assertThat(browser.find("#key-error").getText()).isEqualTo("密钥无效或已被吊销，请检查后重试。");
        assertThat(browser.find("#key").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(stored("sessionStorage")).isEqualTo("");
        assertThat(stored("localStorage")).doesNotContain("pck_");
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(base() + "/console");
    }

    @Test
    void signedInTheMerchantSeesTheirActivitiesWithTheirFigures() {
        openFresh();
        signIn(shopKey);
        WebElement tea = row(seckillId);
        browser.await(d -> !tea.findElement(By.cssSelector(".gmv")).getText().equals("…"));
        assertThat(tea.findElement(By.cssSelector(".name")).getText()).isEqualTo(NAME);
        assertThat(tea.getText()).contains("秒杀", "进行中");
        assertThat(tea.findElement(By.cssSelector(".orders")).getText()).isEqualTo("1");
        assertThat(tea.findElement(By.cssSelector(".paid")).getText()).isEqualTo("1");
        assertThat(tea.findElement(By.cssSelector(".gmv")).getText()).isEqualTo("¥198.00");
        assertThat(tea.findElement(By.cssSelector(".countdown")).getText()).matches("距结束 (1天 )?\\d\\d:\\d\\d:\\d\\d");
        JsonTimes times = JsonTimes.of(node.api.get("/v1/activities/" + seckillId).auth(shopKey).send());
        DateTimeFormatter shanghai = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));
        assertThat(tea.findElement(By.cssSelector(".time")).getText()).isEqualTo(shanghai.format(times.startsAt) + " – " + shanghai.format(times.endsAt));
        assertThat(rowIds()).containsExactlyInAnyOrder(seckillId, fCodeId);
        assertThat(stored("sessionStorage")).isEqualTo("peercart.apiKey=" + shopKey);
        assertThat(stored("localStorage")).doesNotContain(shopKey);
        assertThat(browser.requestedUrls()).allMatch(u -> u.startsWith(base() + "/")).noneMatch(u -> u.contains(shopKey));
        System.out.println("console page load (the sign-in screen, then signing in): " + browser.loadTimes());
    }

    /** The sign-in page and the list load without the dashboard's modules and ECharts; the first dashboard opened loads them. */
    @Test
    void theDashboardsCodeLoadsWithTheFirstDashboardOpened() {
        openFresh();
        signIn(shopKey);
        WebElement tea = row(seckillId);
        assertThat(browser.requestedUrls()).as("the sign-in page and the list").contains(base() + "/console/console.js")
                .doesNotContain(base() + "/console/dashboard.js", base() + "/vendor/echarts.js");
        tea.findElement(By.cssSelector(".name a")).click();
        browser.await(d -> "live".equals(browser.find("#live").getAttribute("data-state")));
        assertThat(browser.requestedUrls()).as("with the dashboard").contains(base() + "/console/dashboard.js", base() + "/vendor/echarts.js");
    }

    private record JsonTimes(Instant startsAt, Instant endsAt) {
        static JsonTimes of(Response activity) {
            return new JsonTimes(Instant.parse(activity.text("startsAt")), Instant.parse(activity.text("endsAt")));
        }
    }

    @Test
    void theMerchantSwitchesToEnglishAndTheChoiceIsKept() {
        openFresh();
        signIn(shopKey);
        row(seckillId);
        browser.find("#lang").click();
        WebElement tea = browser.await(d -> d.findElement(By.id("activities-title")).getText().equals("Activities") ? row(seckillId) : null);
        assertThat(tea.findElement(By.cssSelector(".type")).getText()).isEqualTo("Seckill");
        assertThat(tea.findElement(By.cssSelector(".status")).getText()).isEqualTo("Running");
        assertThat(tea.findElement(By.cssSelector(".gmv")).getText()).isEqualTo("¥198.00");
        assertThat(tea.findElement(By.cssSelector(".name")).getText()).isEqualTo(NAME);
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        browser.driver.navigate().refresh();
        browser.await(d -> d.findElement(By.id("activities-title")).getText().equals("Activities"));
        assertThat(browser.find("#lang").getText()).isEqualTo("中文");
    }

    @Test
    void filtersNarrowTheListByTypeAndStatus() {
        openFresh();
        signIn(shopKey);
        row(fCodeId);
        new Select(browser.find("#filter-type")).selectByValue("seckill");
        browser.await(d -> rowIds().equals(List.of(seckillId)));
        new Select(browser.find("#filter-type")).selectByValue("fCode");
        browser.await(d -> rowIds().equals(List.of(fCodeId)));
        new Select(browser.find("#filter-type")).selectByValue("");
        new Select(browser.find("#filter-status")).selectByValue("ENDED");
        browser.await(d -> rowIds().isEmpty() && browser.find("#list-status").getText().equals("没有符合条件的活动。"));
        new Select(browser.find("#filter-status")).selectByValue("RUNNING");
        browser.await(d -> rowIds().size() == 2);
    }

    @Test
    void aReloadKeepsTheSessionAndSigningOutEndsIt() {
        openFresh();
        signIn(shopKey);
        row(seckillId);
        browser.driver.navigate().refresh();
        row(seckillId);
        System.out.println("console page load (a reload with the session: the activities list): " + browser.loadTimes());
        browser.find("#signout").click();
        browser.await(d -> d.findElements(By.id("key")).size() == 1);
        assertThat(stored("sessionStorage")).isEqualTo("");
        assertThat(browser.find("#signout").isDisplayed()).isFalse();
        browser.driver.navigate().refresh();
        browser.await(d -> d.findElements(By.id("key")).size() == 1);
    }

    @Test
    void theListFitsAPhoneScreen() {
        openFresh();
        browser.driver.manage().window().setSize(new Dimension(375, 800));
        signIn(shopKey);
        row(seckillId);
        long width = (Long) browser.script("return window.innerWidth;");
        long scrollWidth = (Long) browser.script("return document.documentElement.scrollWidth;");
        assertThat(scrollWidth).as("page width at %d px", width).isLessThanOrEqualTo(width);
        assertThat(browser.script("return [...document.querySelectorAll('main *')].filter(e => !e.closest('thead') && e.scrollWidth > e.clientWidth + 1)"
                + ".map(e => e.tagName + '.' + e.className);")).as("elements wider than their box").asList().isEmpty();
        WebElement gmv = row(seckillId).findElement(By.cssSelector(".gmv"));
        assertThat(browser.script("return getComputedStyle(arguments[0], '::before').content;", gmv))
                .as("each figure is labelled on a card").isEqualTo("\"成交额\"");
        assertThat(gmv.getRect().getX() + gmv.getRect().getWidth()).isLessThanOrEqualTo((int) width);
    }

    @Test
    void aRevokedKeyEndsTheSessionWithItsReason() {
        Response key = node.api.post("/v1/keys").auth(shopKey).json(Map.of("name", "to revoke")).send();
        assertThat(key.status()).as("%s", key).isEqualTo(201);
        String secret = key.text("key");
        openFresh();
        signIn(secret);
        row(seckillId);
        assertThat(node.api.call("DELETE", "/v1/keys/" + key.text("id")).auth(shopKey).send().status()).isIn(200, 204);
        ApiClient.await("the key refused", Duration.ofSeconds(5),
                () -> node.api.get("/v1/activities?limit=1").auth(secret).send().status() == 401);
        browser.expectFailedRequest("/v1/activities", 401);
        browser.driver.navigate().refresh();
        browser.await(d -> browser.find("#key-error").getText().equals("密钥已失效，请重新登录。"));
        assertThat(stored("sessionStorage")).isEqualTo("");
    }
}
