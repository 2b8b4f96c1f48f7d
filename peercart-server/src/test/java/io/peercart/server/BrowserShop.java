package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * What a console test needs, for one test class: a real node ({@link TestNode}), a real browser
 * ({@link Browser}) and a shop on the node, plus the steps every such test takes (open the console
 * signed in, type into a field, pick a time, read the list's notice, place and pay orders). One
 * extension that starts the node before the browser and stops them the other way round:
 * {@code @RegisterExtension static final BrowserShop shop = new BrowserShop(OPERATOR, "西湖茶庄");}
 */
final class BrowserShop implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** How a datetime-local shows an instant picked in the shop's zone. */
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    final TestNode node;
    final Browser browser = new Browser();
    private final String shopName;
    String key;

    BrowserShop(String operatorKey, String shopName) {
        this(operatorKey, shopName, UnaryOperator.identity());
    }

    /** {@code configure} adjusts the node's configuration (a shorter heartbeat, say). */
    BrowserShop(String operatorKey, String shopName, UnaryOperator<ServerConfig> configure) {
        this.node = new TestNode(operatorKey, new TestClock(), configure);
        this.shopName = shopName;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        node.beforeAll(context);
        Response shop = node.api.post("/v1/shops").auth(node.operatorKey).json(Map.of("name", shopName)).send();
        assertThat(shop.status()).as("%s", shop).isEqualTo(201);
        key = shop.text("apiKey");
        browser.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        browser.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            browser.afterEach(context);
        } finally {
            node.afterEach(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            browser.afterAll(context);
        } finally {
            node.afterAll(context);
        }
    }

    String base() {
        return "http://127.0.0.1:" + node.server.port();
    }

    /**
     * Opens the console at {@code url} signed in with {@code key}, in {@code lang}, as a reload of a
     * signed-in tab finds it: the key in the tab's session (where the sign-in page keeps it), the
     * language in localStorage, nothing else kept. Signing in on the form is tested where it is the
     * subject (ConsoleBrowserTest, DashboardBrowserTest); a test that only needs a signed-in console
     * starts here, with one page load where signing in took three and a check of the key.
     */
    static void openSignedIn(Browser browser, String url, String key, String lang) {
        browser.openWith(url, Map.of("peercart.apiKey", key), Map.of("peercart.lang", lang));
    }

    /** Opens the console signed in (in Chinese) on the activity list. */
    void signedIn() {
        openSignedIn(browser, base() + "/console", key, "zh");
        browser.await(d -> d.findElements(By.id("new-activity")).size() == 1);
    }

    /** Opens the console signed in (in {@code lang}) on the dashboard of {@code id} and waits until its stream is open and its figures read. */
    void dashboard(String id, String lang) {
        openSignedIn(browser, base() + "/console#/activities/" + id, key, lang);
        browser.await(d -> "live".equals(browser.find("#live").getAttribute("data-state")) && !browser.find("#fig-orders").getText().equals("…"));
    }

    /** Types {@code value} into the field as a merchant would (the old value selected away first). */
    void type(String id, String value) {
        WebElement field = browser.find("#" + id);
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        field.sendKeys(value);
    }

    /** Types into several fields in turn: field id, value, field id, value, ... */
    void fill(String... idsAndValues) {
        for (int i = 0; i + 1 < idsAndValues.length; i += 2) type(idsAndValues[i], idsAndValues[i + 1]);
    }

    /** A datetime-local's value, set as its picker would (typing into one depends on the locale). */
    void pick(String id, Instant at) {
        browser.script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                browser.find("#" + id), LOCAL.format(at));
    }

    /** The list's row of an activity, once it is shown. */
    WebElement row(String activityId) {
        return browser.await(d -> d.findElements(By.cssSelector("#activities tr[data-id='" + activityId + "']")).stream().findFirst().orElse(null));
    }

    /** The list's notice, read in the page (a redraw between finding it and reading it cannot go stale). */
    String notice() {
        return String.valueOf(browser.script("return document.getElementById('notice')?.textContent ?? '';"));
    }

    /** The id of the element that has the focus. */
    String focused() {
        return browser.driver.switchTo().activeElement().getAttribute("id");
    }

    /** An element's text. */
    String text(String css) {
        return browser.find(css).getText();
    }

    /** Waits up to {@code d} (a figure's allowed delay) for {@code condition}. */
    void within(Duration d, BooleanSupplier condition) {
        browser.await(d, x -> condition.getAsBoolean());
    }

    /** Scrolls a panel into view, so the test's screenshot shows it. */
    void show(String id) {
        browser.script("document.getElementById(arguments[0]).scrollIntoView()", id);
    }

    /** The activity as the API shows it to the shop. */
    JsonNode activity(String id) {
        return node.api.get("/v1/activities/" + id).auth(key).send().json();
    }

    /** The shop's activities (the first 200). */
    List<JsonNode> activities() {
        List<JsonNode> out = new ArrayList<>();
        node.api.get("/v1/activities?limit=200").auth(key).send().json().get("items").forEach(out::add);
        return out;
    }

    /** Creates an activity through the API; answers its id. */
    String create(Map<String, Object> body) {
        return node.api.createActivity(key, body);
    }

    /** Creates, through the API, an activity of one item that started a minute ago and ends at {@code endsAt}; answers its id. */
    String running(String type, String name, Map<String, Object> item, Map<String, Object> rules, Instant endsAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("name", name);
        body.put("startsAt", node.clock.instant().minusSeconds(60).toString());
        body.put("endsAt", endsAt.toString());
        body.put("items", List.of(item));
        if (rules != null) body.put("rules", rules);
        return create(body);
    }

    /** An order placed for {@code buyer} with the shop's key (X-Buyer-Id); it must be accepted. */
    Response order(String activityId, String buyer, Map<String, Object> body) {
        Response r = node.api.post("/v1/activities/" + activityId + "/orders").auth(key).buyer(buyer).json(body).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r;
    }

    /** Records the order's payment; it must be accepted. */
    void pay(String orderId) {
        Response r = node.api.post("/v1/orders/" + orderId + "/pay").auth(key).json(Map.of("paymentRef", "p-" + orderId)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }
}
