package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The webhooks and API keys pages in a real Chromium against a real node. An endpoint registered
 * on the page (a real HTTP receiver on a loopback port, which the node delivers to as it does to
 * any http(s) URL) receives a signed delivery, the log shows it, redelivering it makes another
 * attempt, rotating shows a new secret that then signs, and deleting it stops everything. A key
 * created on the page works with the API at its scope, and once revoked on the page is refused
 * (401); the server's refusal to revoke the shop's last write key is shown in words. The audit log
 * page shows writes made through the API with their key's id and the request id they were sent
 * with, and filters them by action.
 */
class WebhooksKeysBrowserTest {
    static final String OPERATOR = "pck_webhookskeysbrowsertestoperator00001";
    static final Duration DELIVERY = Duration.ofSeconds(10);
    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    @RegisterExtension
    static final Browser browser = new Browser();
    static final WebhookReceiver receiver = new WebhookReceiver();
    static String shopKey;
    static String activity;

    @BeforeAll
    static void aShopWithAnActivity() {
        Response shop = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "钩子茶行")).send();
        assertThat(shop.status()).isEqualTo(201);
        shopKey = shop.text("apiKey");
        activity = node.api.createActivity(shopKey, seckill("钩子秒杀", "hook-" + UUID.randomUUID(), 100, 5, node.clock.instant()));
    }

    @AfterAll
    static void closeReceiver() {
        receiver.close();
    }

    private static String base() {
        return "http://127.0.0.1:" + node.server.port();
    }

    private static void openAt(String hash) {
        BrowserShop.openSignedIn(browser, base() + "/console" + hash, shopKey, "zh");
    }

    /** The element's text read in one step in the page (a page that redraws cannot make it stale). */
    private static String text(String css) {
        Object text = browser.script("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
        assertThat(text).as("an element %s", css).isNotNull();
        return ((String) text).trim();
    }

    private static String order(String buyer) {
        Response r = node.api.post("/v1/activities/" + activity + "/orders").auth(shopKey).buyer(buyer).json(Map.of("quantity", 1)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.text("orderId");
    }

    /** The delivery log's row of `eventId` once `done` holds for it, clicking 刷新 meanwhile (the log is read on demand; aria-busy while it is). */
    private static WebElement deliveryRow(String eventId, java.util.function.Predicate<WebElement> done) {
        long until = System.nanoTime() + DELIVERY.toNanos();
        while (true) {
            browser.await(d -> d.findElements(By.cssSelector("#deliveries-list[aria-busy]")).isEmpty());
            try {
                List<WebElement> rows = browser.driver.findElements(By.cssSelector("#deliveries tbody tr")).stream()
                        .filter(r -> r.findElement(By.cssSelector(".event-id")).getText().equals(eventId)).toList();
                if (rows.size() == 1 && done.test(rows.getFirst())) return rows.getFirst();
            } catch (StaleElementReferenceException redrawn) {
                // the log was redrawn as it was read: read it again
            }
            assertThat(System.nanoTime()).as("delivery %s in the log", eventId).isLessThan(until);
            browser.find("#deliveries-refresh").click();
        }
    }

    @Test
    void anEndpointMadeOnThePageIsDeliveredToRedeliveredRotatedAndDeleted() {
        openAt("#/webhooks");
        browser.await(d -> d.findElements(By.id("hook-form")).size() == 1 && d.findElements(By.cssSelector("#hooks-list .hint")).size() == 1);
        assertThat(text("#hooks-list")).isEqualTo("还没有接收地址。");
        browser.find("#hook-url").sendKeys(receiver.url());
        browser.find("#hook-events").clear();
        browser.find("#hook-events").sendKeys("order.created, order.paid");
        browser.find("#hook-create").click();

        // the secret, once, with a copy button
        browser.await(d -> d.findElements(By.id("hook-secret")).size() == 1);
        String secret = browser.find("#hook-secret").getAttribute("value");
        assertThat(secret).startsWith("whsec_");
        assertThat(text("#notice")).isEqualTo("已添加接收地址。");
        browser.find("#hook-secret-copy").click();
        browser.await(d -> !text("#hook-secret-copied").isEmpty());
        WebElement row = browser.await(d -> d.findElements(By.cssSelector("#hooks tbody tr")).stream().findFirst().orElse(null));
        String hookId = row.getAttribute("data-id");
        assertThat(row.findElement(By.cssSelector(".url")).getText()).isEqualTo(receiver.url());
        assertThat(row.findElement(By.cssSelector(".events")).getText()).isEqualTo("order.created, order.paid");

        // an order: the receiver gets it, signed with the secret the page showed
        String first = order("hook-buyer-1");
        ApiClient.await("order.created delivered", DELIVERY, () -> receiver.received().stream()
                .anyMatch(r -> r.json().path("aggregateId").asText().equals(first)));
        WebhookReceiver.Received got = receiver.received().stream().filter(r -> r.json().path("aggregateId").asText().equals(first)).findFirst().orElseThrow();
        assertThat(got.eventType()).isEqualTo("order.created");
        assertThat(WebhooksHttpTest.verify(got.signature(), got.body(), secret)).as("signed with the page's secret").isTrue();

        // the log shows it delivered after one attempt
        row.findElement(By.cssSelector("a.log")).click();
        browser.await(d -> d.getCurrentUrl().endsWith("#/webhooks/" + hookId) && d.findElements(By.id("deliveries-refresh")).size() == 1);
        assertThat(text("#hook-url-shown")).isEqualTo(receiver.url());
        WebElement delivered = deliveryRow(got.eventId(), r -> r.findElement(By.cssSelector(".state")).getText().equals("已送达"));
        assertThat(delivered.findElement(By.cssSelector(".event")).getText()).isEqualTo("order.created");
        assertThat(delivered.findElement(By.cssSelector(".attempts")).getText()).isEqualTo("1");
        assertThat(delivered.findElement(By.cssSelector(".last")).getText()).isEqualTo("HTTP 200");

        // redelivered: another attempt, the same event id at the receiver
        delivered.findElement(By.cssSelector("button.redeliver")).click();
        browser.await(d -> text("#notice").equals("已重新排队投递 " + got.eventId() + "。"));
        WebElement again = deliveryRow(got.eventId(), r -> r.findElement(By.cssSelector(".attempts")).getText().equals("2")
                && r.findElement(By.cssSelector(".state")).getText().equals("已送达"));
        assertThat(again.findElement(By.cssSelector(".last")).getText()).isEqualTo("HTTP 200");
        assertThat(receiver.receivedFor(got.eventId())).hasSize(2);

        // rotated: the new secret, shown once, signs the next delivery
        browser.find("#hook-rotate").click();
        browser.await(d -> d.findElements(By.id("rotate-dialog")).size() == 1);
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).as("the dialog's safe choice has the focus").isEqualTo("rotate-dialog-dismiss");
        browser.find("#rotate-dialog-confirm").click();
        browser.await(d -> d.findElements(By.id("hook-secret")).size() == 1 && d.findElements(By.id("rotate-dialog")).isEmpty());
        String rotated = browser.find("#hook-secret").getAttribute("value");
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(text("#hook-secret-note")).contains("旧密钥继续有效至");
        String second = order("hook-buyer-2");
        ApiClient.await("the second order delivered", DELIVERY, () -> receiver.received().stream()
                .anyMatch(r -> r.json().path("aggregateId").asText().equals(second)));
        WebhookReceiver.Received next = receiver.received().stream().filter(r -> r.json().path("aggregateId").asText().equals(second)).findFirst().orElseThrow();
        assertThat(WebhooksHttpTest.verify(next.signature(), next.body(), rotated)).as("signed with the rotated secret").isTrue();
        assertThat(WebhooksHttpTest.verify(next.signature(), next.body(), secret)).as("and, for a day, the previous one").isTrue();

        // deleted after asking: gone from the list and from the API
        browser.find("a.back").click();
        WebElement listed = browser.await(d -> d.findElements(By.cssSelector("#hooks tbody tr[data-id='" + hookId + "']")).stream().findFirst().orElse(null));
        listed.findElement(By.cssSelector("button.remove")).click();
        browser.await(d -> d.findElements(By.id("remove-dialog")).size() == 1);
        browser.find("#remove-dialog-confirm").click();
        browser.await(d -> text("#notice").equals("已删除接收地址。") && d.findElements(By.cssSelector("#hooks tbody tr")).isEmpty());
        assertThat(node.api.get("/v1/webhooks/" + hookId).auth(shopKey).send().status()).isEqualTo(404);
    }

    @Test
    void aFailingReceiverShowsItsAnswerAndWhenItIsTriedNext() {
        try (WebhookReceiver failing = new WebhookReceiver()) {
            failing.answer(r -> 500);
            Response hook = node.api.post("/v1/webhooks").auth(shopKey).idempotencyKey("failing-hook")
                    .json(Map.of("url", failing.url(), "events", List.of("order.created"))).send();
            assertThat(hook.status()).as("%s", hook).isEqualTo(201);
            String placed = order("hook-buyer-failing");
            ApiClient.await("the failing receiver was tried", DELIVERY, () -> failing.received().stream()
                    .anyMatch(r -> r.json().path("aggregateId").asText().equals(placed)));
            String eventId = failing.received().getFirst().eventId();
            openAt("#/webhooks/" + hook.text("id"));
            browser.await(d -> d.findElements(By.id("deliveries-refresh")).size() == 1);
            WebElement row = deliveryRow(eventId, r -> r.findElement(By.cssSelector(".last")).getText().equals("HTTP 500"));
            assertThat(row.findElement(By.cssSelector(".state")).getText()).isEqualTo("待发送");
            assertThat(row.findElement(By.cssSelector(".attempts")).getText()).isEqualTo("1");
            assertThat(row.findElement(By.cssSelector(".next")).getText()).as("when it is tried again").matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d");
            assertThat(node.api.call("DELETE", "/v1/webhooks/" + hook.text("id")).auth(shopKey).send().status()).isEqualTo(204);
        }
    }

    @Test
    void aKeyCreatedOnThePageWorksAtItsScopeAndOnceRevokedOnThePageIsRefused() {
        openAt("#/keys");
        WebElement mine = browser.await(d -> d.findElements(By.cssSelector("#keys tbody tr")).stream()
                .filter(r -> r.getText().contains("本次登录所用")).findFirst().orElse(null));
        assertThat(mine.findElement(By.cssSelector(".name")).getText()).as("the key this tab signed in with").isEqualTo("first key本次登录所用");
        assertThat(mine.findElement(By.cssSelector(".scope")).getText()).isEqualTo("读写");
        assertThat(mine.findElement(By.cssSelector(".key-hint")).getText()).isEqualTo(shopKey.substring(0, 8) + "…");

        browser.find("#key-name").sendKeys("仓库同步");
        assertThat(browser.find("#key-scope").getAttribute("value")).as("least power by default").isEqualTo("read");
        browser.find("#key-create").click();
        browser.await(d -> d.findElements(By.id("new-key")).size() == 1);
        String created = browser.find("#new-key").getAttribute("value");
        assertThat(created).startsWith("pck_");
        assertThat(text("#notice")).isEqualTo("已创建密钥「仓库同步」。");
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("new-key");
        WebElement row = browser.await(d -> d.findElements(By.cssSelector("#keys tbody tr")).stream()
                .filter(r -> r.findElement(By.cssSelector(".name")).getText().equals("仓库同步")).findFirst().orElse(null));
        assertThat(row.findElement(By.cssSelector(".scope")).getText()).isEqualTo("只读");
        assertThat(row.findElement(By.cssSelector(".state")).getText()).isEqualTo("使用中");

        // the key works with the API, at its scope
        assertThat(node.api.get("/v1/activities/" + activity).auth(created).send().status()).isEqualTo(200);
        assertThat(node.api.post("/v1/activities/" + activity + "/cancel").auth(created).idempotencyKey("read-cancel").send().status())
                .as("a read key may not write").isEqualTo(403);

        // revoked through the page: refused from then on
        String keyId = row.getAttribute("data-id");
        row.findElement(By.cssSelector("button.revoke")).click();
        browser.await(d -> d.findElements(By.id("revoke-dialog")).size() == 1);
        assertThat(text("#revoke-dialog-title")).isEqualTo("吊销密钥「仓库同步」？");
        browser.find("#revoke-dialog-confirm").click();
        browser.await(d -> text("#notice").equals("已吊销密钥「仓库同步」。"));
        WebElement revoked = browser.find("#keys tbody tr[data-id='" + keyId + "']");
        assertThat(revoked.findElement(By.cssSelector(".state")).getText()).startsWith("已吊销");
        assertThat(revoked.findElements(By.cssSelector("button.revoke"))).isEmpty();
        Response refused = node.api.get("/v1/activities/" + activity).auth(created).send();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("UNAUTHORIZED");
        assertThat(browser.driver.findElements(By.id("new-key"))).as("the key is shown once").isEmpty();
    }

    @Test
    void theShopsLastWriteKeyIsKeptAndTheRefusalSaidInWords() {
        browser.expectFailedRequest("/v1/keys/", 409);
        openAt("#/keys");
        WebElement mine = browser.await(d -> d.findElements(By.cssSelector("#keys tbody tr")).stream()
                .filter(r -> r.getText().contains("本次登录所用")).findFirst().orElse(null));
        mine.findElement(By.cssSelector("button.revoke")).click();
        browser.await(d -> d.findElements(By.id("revoke-dialog")).size() == 1);
        assertThat(text("#revoke-dialog-text")).contains("这是你登录本后台所用的密钥");
        browser.find("#revoke-dialog-confirm").click();
        browser.await(d -> !text("#revoke-dialog-error").isEmpty());
        assertThat(text("#revoke-dialog-error")).isEqualTo("这是本店最后一个读写密钥：吊销后就再也不能创建密钥了。请先创建另一个读写密钥，再吊销它。");
        browser.find("#revoke-dialog-dismiss").click();
        browser.await(d -> d.findElements(By.id("revoke-dialog")).isEmpty());
        assertThat(node.api.get("/v1/activities/" + activity).auth(shopKey).send().status()).isEqualTo(200);
    }

    @Test
    void theOperatorKeyIsShownAsManagedAndThePagesFitAPhoneInEnglish() {
        browser.driver.manage().window().setSize(new Dimension(375, 800));
        BrowserShop.openSignedIn(browser, base() + "/console#/keys", OPERATOR, "en");
        WebElement operator = browser.await(d -> d.findElements(By.cssSelector("#keys tbody tr")).stream()
                .filter(r -> r.getText().contains("Operator")).findFirst().orElse(null));
        assertThat(operator.findElement(By.cssSelector(".actions")).getText()).isEqualTo("Set by the server's configuration");
        assertThat(operator.findElements(By.cssSelector("button.revoke"))).isEmpty();
        assertThat(text("#keys-title")).isEqualTo("API keys");
        fits();
        browser.open(base() + "/console#/webhooks");
        browser.await(d -> d.findElements(By.id("hook-form")).size() == 1);
        assertThat(text("#hooks-title")).isEqualTo("Webhooks");
        assertThat(browser.find("label[for=hook-url]").getText()).isEqualTo("Endpoint URL");
        fits();

        // a URL the server refuses: its words under the form, the field marked
        browser.expectFailedRequest("/v1/webhooks", 422);
        browser.find("#hook-url").sendKeys("ftp://shop.example/hook");
        browser.find("#hook-create").click();
        browser.await(d -> !text("#hook-error").isEmpty());
        assertThat(text("#hook-error")).startsWith("Check this: ").contains("url");
        assertThat(browser.find("#hook-url").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("hook-url");
    }

    @Test
    void aReadOnlyKeyMayLookButIsToldInWordsThatItCannotWrite() {
        Response read = node.api.post("/v1/keys").auth(shopKey).idempotencyKey("read-only-console").json(Map.of("name", "只读客服", "scope", "read")).send();
        assertThat(read.status()).as("%s", read).isEqualTo(201);
        browser.expectFailedRequest("/v1/webhooks", 403);
        browser.expectFailedRequest("/v1/points/settings", 403);
        BrowserShop.openSignedIn(browser, base() + "/console#/webhooks", read.text("key"), "zh");
        browser.await(d -> d.findElements(By.id("hook-form")).size() == 1);
        browser.find("#hook-url").sendKeys(receiver.url());
        browser.find("#hook-create").click();
        browser.await(d -> !text("#hook-error").isEmpty());
        assertThat(text("#hook-error")).isEqualTo("只读密钥不能修改 Webhooks，请用读写密钥登录。");

        browser.find("#nav a[href='#/members']").click();
        browser.await(d -> d.findElements(By.id("settings-save")).size() == 1 && d.findElements(By.id("ledger-verdict")).size() == 1);
        browser.find("#settings-save").click();
        browser.await(d -> !text("#settings-error").isEmpty());
        assertThat(text("#settings-error")).isEqualTo("只读密钥不能修改规则，请用读写密钥登录。");
        assertThat(text("#ledger-verdict")).as("reading is allowed").startsWith("账本平衡");
    }

    @Test
    void revokingTheKeyThisTabSignedInWithEndsTheSession() {
        Response shop = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "换钥匙的店")).send();
        String first = shop.text("apiKey");
        browser.expectFailedRequest("/v1/keys", 401);
        BrowserShop.openSignedIn(browser, base() + "/console#/keys", first, "zh");
        browser.await(d -> d.findElements(By.id("key-form")).size() == 1);
        // a second write key first, so the first is no longer the last
        browser.find("#key-name").sendKeys("后台服务");
        new org.openqa.selenium.support.ui.Select(browser.find("#key-scope")).selectByValue("write");
        browser.find("#key-create").click();
        browser.await(d -> d.findElements(By.id("new-key")).size() == 1);
        String second = browser.find("#new-key").getAttribute("value");
        WebElement mine = browser.await(d -> d.findElements(By.cssSelector("#keys tbody tr")).stream()
                .filter(r -> r.getText().contains("本次登录所用")).findFirst().orElse(null));
        mine.findElement(By.cssSelector("button.revoke")).click();
        browser.await(d -> d.findElements(By.id("revoke-dialog")).size() == 1);
        browser.find("#revoke-dialog-confirm").click();
        // the page's next read is refused: back to sign-in with the reason, the key forgotten
        browser.await(d -> d.findElements(By.id("key")).size() == 1);
        assertThat(text("#key-error")).isEqualTo("密钥已失效，请重新登录。");
        assertThat(browser.script("return sessionStorage.getItem('peercart.apiKey');")).isNull();
        assertThat(node.api.get("/v1/keys").auth(first).send().status()).isEqualTo(401);
        assertThat(node.api.get("/v1/keys").auth(second).send().status()).as("the write key made on the page").isEqualTo(200);
    }

    private static void fits() {
        long width = (Long) browser.script("return window.innerWidth;");
        assertThat((Long) browser.script("return document.documentElement.scrollWidth;")).as("page width at %d px", width).isLessThanOrEqualTo(width);
    }

    @Test
    void theAuditPageListsTheShopsWritesWithTheirKeyAndRequestIdAndFiltersByAction() {
        Response earned = node.api.post("/v1/points/earn").auth(shopKey).header("X-Request-Id", "audit-page-earn").idempotencyKey("audit-earn")
                .json(Map.of("buyerId", "audit-buyer", "amount", 7, "reason", "审计")).send();
        assertThat(earned.status()).as("%s", earned).isEqualTo(201);
        String created = node.api.post("/v1/activities").auth(shopKey).header("X-Request-Id", "audit-page-create")
                .json(seckill("审计秒杀", "audit-" + UUID.randomUUID(), 10, 1, node.clock.instant())).send().text("id");
        String firstKeyId = node.api.get("/v1/keys").auth(shopKey).send().json().get("items").get(0).get("id").asText();

        openAt("#/audit");
        WebElement row = browser.await(d -> d.findElements(By.cssSelector("#audit tbody tr")).stream()
                .filter(r -> r.findElement(By.cssSelector(".request")).getText().equals("audit-page-create")).findFirst().orElse(null));
        assertThat(row.findElement(By.cssSelector(".action")).getText()).isEqualTo("activity.create");
        assertThat(row.findElement(By.cssSelector(".target")).getText()).isEqualTo("activity " + created);
        assertThat(row.findElement(By.cssSelector(".key")).getText()).isEqualTo(firstKeyId);
        assertThat(row.findElement(By.cssSelector(".summary")).getText()).contains("name: 审计秒杀");

        browser.script("const s = document.getElementById('audit-action'); s.value = 'points.earn'; s.dispatchEvent(new Event('change'));");
        browser.await(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#audit tbody tr"));
            return !rows.isEmpty() && rows.stream().allMatch(r -> r.findElement(By.cssSelector(".action")).getText().equals("points.earn"));
        });
        WebElement earn = browser.find("#audit tbody tr");
        assertThat(earn.findElement(By.cssSelector(".request")).getText()).isEqualTo("audit-page-earn");
        assertThat(earn.findElement(By.cssSelector(".summary")).getText()).contains("amount: 7", "reason: 审计");
    }
}
