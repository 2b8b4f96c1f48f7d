package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's orders pages in a real Chromium against a real node: orders placed through the API
 * appear, filters narrow them (and a refused filter is shown by its field), the refund queue takes a
 * partial then a full refund (and shows the refusal of too much beside the amount), an order's page
 * shows its fields, refunds and event timeline and records a payment, and the CSV export is a real
 * download that parses with the right rows and its Chinese text intact.
 */
class OrdersBrowserTest {
    static final String OPERATOR = "pck_ordersbrowsertestoperatorkey00000001";
    static final String TEA = "双十一·龙井茶秒杀";
    static final String REFUND_REASON = "运输破损";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    @RegisterExtension
    static final Browser browser = new Browser();
    static String shopKey;
    static String tea, coffee;
    static String zhang, li, wang;
    static Path downloads;

    @BeforeAll
    static void aShopWithOrders() throws IOException {
        Response shop = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "洞庭茶社")).send();
        assertThat(shop.status()).isEqualTo(201);
        shopKey = shop.text("apiKey");
        Instant now = node.clock.instant();
        tea = node.api.createActivity(shopKey, ApiClient.seckill(TEA, "tea-" + UUID.randomUUID(), 100, 2, now));
        coffee = node.api.createActivity(shopKey, ApiClient.seckill("Coffee flash", "coffee-" + UUID.randomUUID(), 100, 2, now));
        zhang = order(tea, "张三");
        li = order(tea, "李四");
        wang = order(coffee, "王五");
        pay(zhang);
        Response refunded = node.api.post("/v1/orders/" + zhang + "/refund").auth(shopKey).json(Map.of("reason", REFUND_REASON)).send();
        assertThat(refunded.text("status")).as("%s", refunded).isEqualTo("REFUNDED");
        downloads = Files.createTempDirectory("peercart-downloads");
    }

    @AfterAll
    static void forgetDownloads() throws IOException {
        if (downloads == null) return;
        try (Stream<Path> files = Files.walk(downloads)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A buyer's order (through a buyer token: a header cannot carry a Chinese buyer id). */
    static String order(String activity, String buyer) {
        Response r = node.api.post("/v1/activities/" + activity + "/orders").auth(node.api.token(shopKey, buyer)).json(Map.of("quantity", 1)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.text("orderId");
    }

    static void pay(String orderId) {
        Response r = node.api.post("/v1/orders/" + orderId + "/pay").auth(shopKey).json(Map.of("paymentRef", "wx-" + orderId)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    static String base() {
        return "http://127.0.0.1:" + node.server.port();
    }

    /** Opens the console signed in (in Chinese) at {@code hash}. */
    static void open(String hash) {
        BrowserShop.openSignedIn(browser, base() + "/console" + hash, shopKey, "zh");
    }

    /** An element's text read in the page, so a view redrawn meanwhile is read afresh ("" while absent). */
    static String text(String css) {
        return (String) browser.script("return document.querySelector(arguments[0])?.textContent ?? '';", css);
    }

    static List<String> rowIds(String table) {
        return browser.driver.findElements(By.cssSelector("#" + table + " tbody tr")).stream().map(r -> r.getAttribute("data-id")).toList();
    }

    /** Searches with the form as it is and waits for the answer (the status line leaves "loading"). */
    static void search() {
        browser.find("#orders-submit").click();
        browser.await(d -> !text("#orders-status-line").equals("加载中…"));
    }

    static void local(String id, Instant at) {
        String value = LocalDateTime.ofInstant(at, SHANGHAI).truncatedTo(ChronoUnit.MINUTES).toString();
        browser.script("document.getElementById(arguments[0]).value = arguments[1];", id, value);
    }

    @Test
    void ordersPlacedThroughTheApiAppearAndFiltersNarrowThem() {
        open("#/orders");
        browser.await(d -> rowIds("orders").containsAll(List.of(zhang, li, wang)));
        assertThat(browser.find("#nav a[aria-current='page']").getText()).isEqualTo("订单");
        WebElement row = browser.find("#orders tr[data-id='" + zhang + "']");
        assertThat(row.getText()).contains(TEA, "张三", "¥99.00", "已退款");
        assertThat(browser.find("#orders tr[data-id='" + wang + "']").getText()).contains("Coffee flash", "王五", "待支付");

        new Select(browser.find("#orders-activity")).selectByVisibleText(TEA);
        search();
        assertThat(rowIds("orders")).containsExactlyInAnyOrder(zhang, li);
        browser.find("#orders-buyer").sendKeys("张三");
        search();
        assertThat(rowIds("orders")).containsExactly(zhang);

        browser.find("#orders-buyer").clear();
        new Select(browser.find("#orders-activity")).selectByIndex(0);
        new Select(browser.find("#orders-type")).selectByVisibleText("秒杀");
        new Select(browser.find("#orders-status")).selectByVisibleText("待支付");
        search();
        assertThat(rowIds("orders")).containsExactlyInAnyOrder(li, wang);

        // a time range in the shop's zone: everything before yesterday is nothing
        new Select(browser.find("#orders-status")).selectByIndex(0);
        local("orders-to", node.clock.instant().minus(Duration.ofDays(1)));
        search();
        assertThat(rowIds("orders")).isEmpty();
        assertThat(browser.find("#orders-status-line").getText()).isEqualTo("没有符合条件的订单。");
        local("orders-from", node.clock.instant().minus(Duration.ofHours(1)));
        local("orders-to", node.clock.instant().plus(Duration.ofHours(1)));
        search();
        assertThat(rowIds("orders")).contains(zhang, li, wang);

        // the server's refusal goes beside the field it names
        browser.expectFailedRequest("/v1/orders?", 422);
        local("orders-from", node.clock.instant().plus(Duration.ofHours(2)));
        search();
        browser.await(d -> "true".equals(browser.find("#orders-to").getAttribute("aria-invalid")));
        assertThat(browser.find("#orders-error").getText()).startsWith("请检查：createdTo");

        // an order id opens that order
        browser.find("#orders-id").sendKeys(li, Keys.ENTER);
        browser.await(d -> d.findElements(By.id("order-title")).size() == 1);
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/orders/" + li);
    }

    @Test
    void theRefundQueueTakesAPartialThenAFullRefundAndShowsTheRefusalOfTooMuch() {
        String sku = "bilu-" + UUID.randomUUID();
        Instant now = node.clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "groupOn");
        body.put("name", "碧螺春三人团");
        body.put("startsAt", now.minusSeconds(60).toString());
        body.put("endsAt", now.plus(Duration.ofHours(2)).toString());
        body.put("items", List.of(Map.of("sku", sku, "price", 12_900, "groupPrice", 9_900, "stock", 10, "limitPerBuyer", 1)));
        body.put("rules", Map.of("groupSize", 3));
        String group = node.api.createActivity(shopKey, body);
        String leader = order(group, "赵六");
        pay(leader);
        assertThat(node.api.post("/v1/activities/" + group + "/cancel").auth(shopKey).send().status()).isEqualTo(200);

        open("#/orders/refunds");
        browser.await(d -> rowIds("refund-queue").contains(leader));
        String row = "#refund-queue tr[data-id='" + leader + "']";
        assertThat(browser.find(row).getText()).contains("碧螺春三人团", "赵六", "活动取消", "¥99.00");

        browser.find(row + " button.refund").click();
        browser.await(d -> d.findElements(By.id("refund-amount")).size() == 1);
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("refund-amount");
        browser.find("#refund-amount").sendKeys("40");
        browser.find("#refund-reason").sendKeys(REFUND_REASON);
        browser.find("#refund-confirm").click();
        browser.await(d -> text("#notice").contains("还可退"));
        assertThat(browser.find("#notice").getText()).contains("¥40.00", "¥59.00");
        assertThat(browser.find(row + " td.refundable").getText()).isEqualTo("¥59.00");
        assertThat(node.api.get("/v1/orders/" + leader).auth(shopKey).send().text("status")).isEqualTo("REFUND_REQUESTED");

        browser.expectFailedRequest("/refund", 422);
        browser.find(row + " button.refund").click();
        browser.await(d -> d.findElements(By.id("refund-amount")).size() == 1);
        browser.find("#refund-amount").sendKeys("100");
        browser.find("#refund-confirm").click();
        browser.await(d -> !text("#refund-amount-error").isEmpty());
        assertThat(browser.find("#refund-amount-error").getText()).startsWith("超出可退金额：");
        assertThat(browser.find("#refund-amount").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#refund-amount").getAttribute("aria-describedby")).contains("refund-amount-error");
        assertThat(node.api.get("/v1/orders/" + leader).auth(shopKey).send().json().get("refundedAmount").asLong()).as("nothing changed").isEqualTo(4_000);

        browser.find("#refund-amount").clear(); // empty: all that is left
        browser.find("#refund-confirm").click();
        browser.await(d -> text("#notice").contains("全部退款"));
        assertThat(rowIds("refund-queue")).doesNotContain(leader);
        Response after = node.api.get("/v1/orders/" + leader).auth(shopKey).send();
        assertThat(after.text("status")).isEqualTo("REFUNDED");
        assertThat(after.json().get("refunds")).extracting(r -> r.get("amount").asLong()).containsExactly(4_000L, 5_900L);

        // its page: the fields, both refunds and the timeline from the API
        browser.script("location.hash = arguments[0];", "#/orders/" + leader);
        browser.await(d -> d.findElements(By.id("timeline")).size() == 1);
        assertThat(browser.find("#order-fields [data-field='status']").getText()).contains("已退款");
        assertThat(browser.find("#order-fields [data-field='activity']").getText()).contains("碧螺春三人团");
        assertThat(browser.find("#order-fields [data-field='reason']").getText()).contains("活动取消");
        assertThat(browser.driver.findElements(By.cssSelector("#order-refunds tbody tr"))).hasSize(2);
        assertThat(browser.find("#order-refunds").getText()).contains("¥40.00", REFUND_REASON, "¥59.00", "商家退款");
        List<String> types = browser.driver.findElements(By.cssSelector("#timeline li")).stream().map(li -> li.getAttribute("data-type")).toList();
        List<String> expected = new ArrayList<>();
        node.api.get("/v1/orders/" + leader + "/events").auth(shopKey).send().json().get("items").forEach(e -> expected.add(e.get("type").asText()));
        assertThat(types).isEqualTo(expected)
                .containsSubsequence("order.created", "order.paid", "order.refund_requested", "order.partially_refunded", "order.refunded");
        assertThat(browser.find("#timeline li[data-type='order.partially_refunded']").getText()).contains("部分退款", "¥40.00", REFUND_REASON);
        assertThat(browser.driver.findElements(By.id("order-refund"))).as("nothing left to refund").isEmpty();
    }

    @Test
    void anUnpaidOrdersPageRecordsItsPayment() {
        String unpaid = order(coffee, "孙七");
        open("#/orders/" + unpaid);
        browser.await(d -> d.findElements(By.id("order-pay")).size() == 1);
        assertThat(browser.find("#order-fields [data-field='status']").getText()).contains("待支付");
        assertThat(browser.find("#timeline").getText()).contains("下单");
        browser.find("#order-pay").click();
        browser.await(d -> d.findElements(By.id("pay-paymentRef")).size() == 1);
        browser.find("#pay-paymentRef").sendKeys("wx-4200001234", Keys.ENTER);
        browser.await(d -> text("#notice").contains("已记录"));
        assertThat(browser.find("#order-fields [data-field='status']").getText()).contains("可发货");
        assertThat(browser.find("#order-fields [data-field='paymentRef']").getText()).contains("wx-4200001234");
        assertThat(browser.find("#timeline").getText()).contains("支付", "发货");
        assertThat(node.api.get("/v1/orders/" + unpaid).auth(shopKey).send().text("status")).isEqualTo("RELEASED");
    }

    @Test
    void anUnpaidOrderIsCancelledOnlyAfterAConfirmation() {
        String unpaid = order(coffee, "周八");
        open("#/orders/" + unpaid);
        browser.await(d -> d.findElements(By.id("order-cancel")).size() == 1);
        browser.find("#order-cancel").click();
        browser.await(d -> d.findElements(By.id("cancel-order")).size() == 1);
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).as("nothing to type: the safe button has the focus")
                .isEqualTo("cancel-order-dismiss");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.await(d -> d.findElements(By.id("cancel-order")).isEmpty());
        assertThat(node.api.get("/v1/orders/" + unpaid).auth(shopKey).send().text("status")).isEqualTo("PENDING_PAYMENT");

        browser.find("#order-cancel").click();
        browser.await(d -> d.findElements(By.id("cancel-order-confirm")).size() == 1);
        browser.find("#cancel-order-confirm").click();
        browser.await(d -> text("#notice").contains("已取消订单"));
        assertThat(text("#order-fields [data-field='status']")).contains("已取消");
        assertThat(text("#order-fields [data-field='reason']")).contains("商家取消");
        assertThat(browser.driver.findElements(By.id("order-cancel"))).isEmpty();
        assertThat(browser.find("#timeline li[data-type='order.cancelled']").getText()).contains("取消");
        assertThat(node.api.get("/v1/orders/" + unpaid).auth(shopKey).send().text("status")).isEqualTo("CANCELLED");
    }

    @Test
    void theCsvExportDownloadsAndParsesWithItsChineseTextIntact() throws Exception {
        browser.driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        open("#/orders");
        browser.await(d -> rowIds("orders").contains(zhang));
        new Select(browser.find("#orders-activity")).selectByVisibleText(TEA);
        search();
        assertThat(rowIds("orders")).containsExactlyInAnyOrder(zhang, li);
        browser.find("#orders-export").click();
        browser.await(d -> text("#notice").startsWith("已导出"));
        Path file = browser.await(d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(p -> p.getFileName().toString().matches("orders-\\d{8}-\\d{4}\\.csv")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        assertThat(browser.find("#notice").getText()).contains(file.getFileName().toString());

        byte[] bytes = Files.readAllBytes(file);
        assertThat(new byte[]{bytes[0], bytes[1], bytes[2]}).as("UTF-8 byte-order mark").containsExactly(0xEF, 0xBB, 0xBF);
        List<String> lines = List.of(new String(bytes, StandardCharsets.UTF_8).substring(1).split("\r\n"));
        List<String> header = List.of(lines.getFirst().split(","));
        assertThat(header).startsWith("orderId", "activityId", "type", "buyerId");
        assertThat(lines).hasSize(3);
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).as("a plain row: no field needed quotes").hasSize(header.size());
            Map<String, String> r = new LinkedHashMap<>();
            for (int i = 0; i < cells.length; i++) r.put(header.get(i), cells[i]);
            rows.put(r.get("orderId"), r);
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrder(zhang, li);
        assertThat(rows.values()).allSatisfy(r -> {
            assertThat(r.get("activityId")).isEqualTo(tea);
            assertThat(r.get("type")).isEqualTo("seckill");
        });
        assertThat(rows.get(zhang)).containsEntry("buyerId", "张三").containsEntry("status", "REFUNDED").containsEntry("reason", REFUND_REASON)
                .containsEntry("refundedAmount", "9900");
        assertThat(rows.get(li)).containsEntry("buyerId", "李四").containsEntry("status", "PENDING_PAYMENT");
        // the Chinese activity name the rows point at is the one the merchant gave
        Response activity = node.api.get("/v1/activities/" + rows.get(li).get("activityId")).auth(shopKey).send();
        assertThat(activity.text("name")).isEqualTo(TEA);
        assertThat(browser.requestedUrls()).anyMatch(u -> u.contains("/v1/orders?activityId=" + tea + "&format=csv"))
                .noneMatch(u -> u.contains(shopKey));
    }

    @Test
    void theOrdersPagesWorkOnAPhoneAndInEnglish() {
        open("#/orders");
        browser.await(d -> rowIds("orders").contains(wang));
        browser.find("#lang").click();
        browser.await(d -> text("#orders-title").equals("Orders"));
        browser.driver.manage().window().setSize(new Dimension(375, 800));
        browser.await(d -> rowIds("orders").contains(wang));
        WebElement buyer = browser.find("#orders tr[data-id='" + wang + "'] td.buyer");
        assertThat(buyer.getText()).isEqualTo("王五");
        assertThat(buyer.getAttribute("data-label")).as("a card's label").isEqualTo("Buyer");
        assertThat(buyer.getCssValue("display")).as("rows become cards").isEqualTo("flex");
        assertThat(browser.find("#orders tr[data-id='" + wang + "']").getText()).contains("Awaiting payment");
        long overflow = (Long) browser.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("no sideways scrolling at 375 px").isLessThanOrEqualTo(0);
        browser.script("location.hash = '#/orders/refunds';");
        browser.await(d -> d.findElements(By.id("queue-title")).size() == 1);
        assertThat(browser.find("#queue-title").getText()).isEqualTo("Refund queue");
        browser.script("localStorage.clear();");
    }
}
