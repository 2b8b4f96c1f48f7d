package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.core.draw.Draw;
import io.peercart.server.ApiClient.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The dashboard's panels of the draw, fission, F-code and coupon types in a real Chromium against a
 * real node: a share tree scripted over the API appears as the graph's nodes; the draw is verified
 * in the browser (SubtleCrypto) as valid, and as invalid once its published JSON is tampered with;
 * an F-code batch is exported as a real download whose file name keeps the activity's Chinese name
 * and whose CSV parses to the batch's codes.
 */
class DashboardPanelsBrowserTest {
    static final String OPERATOR = "pck_dashboardpanelsbrowsertestoperator001";
    static final Duration LIVE = Duration.ofSeconds(5);
    @RegisterExtension
    static final BrowserShop shop = new BrowserShop(OPERATOR, "碧螺春茶社",
            c -> c.withTuning(ServerConfig.Tuning.DEFAULTS.withHeartbeat(Duration.ofMillis(300))));
    static final TestNode node = shop.node;
    static final Browser browser = shop.browser;

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static JsonNode created(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    /** The buyer's share link, made by the merchant for them (X-Buyer-Id), under `parent` when given. */
    private static String share(String activityId, String buyer, String parent) {
        Map<String, Object> body = new HashMap<>(Map.of("activityId", activityId));
        if (parent != null) body.put("parentShareId", parent);
        return created(node.api.post("/v1/shares").auth(shop.key).buyer(buyer).json(body).send()).get("shareId").asText();
    }

    private static void claim(String activityId, String buyer, String shareId) {
        created(node.api.post("/v1/activities/" + activityId + "/coupons/claim").auth(shop.key).buyer(buyer).json(Map.of("shareId", shareId)).send());
    }

    /** An ECharts instance's option, read in the page through the same module the console imported. */
    private static Object chartOption(String elementId, String path) {
        return ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + " import('/vendor/echarts.js').then((e) => { const o = e.getInstanceByDom(document.getElementById(arguments[0])).getOption();"
                        + " done(JSON.stringify(" + path + ")); });", elementId);
    }

    /**
     * A three-level tree of an inSourcingFission scripted over the API while the dashboard is open:
     * A shares; B and E claim through A's link; B shares under A, C claims through B's; C shares,
     * D claims through C's and buys with the coupon it got. The graph shows the five buyers and the
     * four invitations, the histogram the depths, the figures the K-factor and A as top sharer.
     */
    @Test
    void theFissionGraphDrawsTheNodesOfAScriptedShareTree() throws IOException {
        String id = shop.running("inSourcingFission", "员工内购·龙井", Map.of("sku", "lj-" + UUID.randomUUID(),
                "price", 5_900, "originalPrice", 12_900, "stock", 100, "limitPerBuyer", 5),
                Map.of("couponsPerUnit", 1, "couponsPerInvite", 1, "inviteeCoupons", 1), node.clock.instant().plus(Duration.ofDays(2)));
        shop.dashboard(id, "zh");
        browser.await(d -> "0".equals(browser.find("#fission-graph").getAttribute("data-nodes")));
        assertThat(browser.find("#fission-title").getText()).isEqualTo("裂变传播");
        assertThat(browser.find("#coupons-claims").getText()).isEqualTo("0");

        String sa = share(id, "A", null);
        claim(id, "B", sa);
        claim(id, "E", sa);
        String sb = share(id, "B", sa);
        claim(id, "C", sb);
        String sc = share(id, "C", sb);
        claim(id, "D", sc);
        Response order = node.api.post("/v1/activities/" + id + "/orders").auth(shop.key).buyer("D").json(Map.of("quantity", 1, "shareId", sc)).send();
        assertThat(order.status()).as("%s", order).isEqualTo(201);
        assertThat(node.api.post("/v1/orders/" + order.text("orderId") + "/pay").auth(shop.key).json(Map.of("paymentRef", "wx-d")).send().status()).isEqualTo(200);

        JsonNode fission = node.api.get("/v1/activities/" + id + "/fission").auth(shop.key).send().json();
        assertThat(fission.get("tree")).hasSize(5);
        browser.await(LIVE, d -> "5".equals(browser.find("#fission-graph").getAttribute("data-nodes"))
                && browser.find("#fission-kFactor").getText().equals(String.format("%.2f", fission.get("kFactor").asDouble()))
                && browser.find("#coupons-spent").getText().equals("1"));
        JsonNode graph = read(chartOption("fission-graph", "o.series[0]"));
        Set<String> nodes = new TreeSet<>();
        graph.get("data").forEach(n -> nodes.add(n.get("id").asText()));
        assertThat(nodes).as("the graph's nodes").containsExactly("A", "B", "C", "D", "E");
        Set<String> links = new TreeSet<>();
        graph.get("links").forEach(l -> links.add(l.get("source").asText() + ">" + l.get("target").asText()));
        assertThat(links).as("who brought whom").containsExactly("A>B", "A>E", "B>C", "C>D");
        assertThat(graph.get("type").asText()).isEqualTo("graph");
        JsonNode depth = read(chartOption("fission-depth", "{x: o.xAxis[0].data, y: o.series[0].data, type: o.series[0].type}"));
        assertThat(depth.get("type").asText()).isEqualTo("bar");
        assertThat(depth.get("x").toString()).isEqualTo("[\"0\",\"1\",\"2\",\"3\"]");
        assertThat(depth.get("y").toString()).isEqualTo("[1,2,1,1]");
        assertThat(browser.find("#fission-participants").getText()).isEqualTo("5");
        assertThat(browser.find("#fission-maxDepth").getText()).isEqualTo("3");
        assertThat(browser.find("#fission-top tbody tr").getAttribute("data-buyer")).as("the top sharer").isEqualTo("A");
        assertThat(browser.find("#fission-top tbody tr").getText()).contains("A", "2");
        assertThat(browser.find("#coupons-claims").getText()).isEqualTo("4");
        assertThat(browser.find("#coupons-earned").getText()).isEqualTo(node.api.get("/v1/activities/" + id + "/stats").auth(shop.key).send().json()
                .get("coupons").get("earned").asText());

        // one more level, live: F claims through D's link
        claim(id, "F", share(id, "D", sc));
        browser.await(LIVE, d -> "6".equals(browser.find("#fission-graph").getAttribute("data-nodes")));
        assertThat(read(chartOption("fission-depth", "o.series[0].data")).toString()).isEqualTo("[1,2,1,1,1]");

        long width = (Long) browser.script("return window.innerWidth;");
        assertThat((Long) browser.script("return document.documentElement.scrollWidth;")).as("page width at %d px", width).isLessThanOrEqualTo(width);
        browser.script("document.getElementById('fission').scrollIntoView();");
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(Path.of("target", "screenshots", "DashboardPanelsBrowserTest-fission-graph.png"),
                browser.driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));

        // leaving disposes the charts
        browser.find(".dashboard .back").click();
        browser.await(d -> d.findElements(By.id("activities")).size() == 1);
        assertThat(browser.driver.findElements(By.id("fission-graph"))).isEmpty();
    }

    /**
     * A luckyDrawGroup drawn at each group's success: the panel shows the commitment before the
     * draw and the winner after it; "verify" recomputes it in the browser and says valid; a winner
     * or a seed changed in the published JSON says invalid, and restoring it says valid again.
     */
    @Test
    void aRealDrawVerifiesAsValidAndATamperedOneAsInvalid() {
        String id = shop.running("luckyDrawGroup", "0元抽奖·碧螺春", Map.of("sku", "ld-" + UUID.randomUUID(),
                "price", 12_900, "joinPrice", 0, "stock", 5, "limitPerBuyer", 1),
                Map.of("groupSize", 3, "winnersPerGroup", 1, "drawAt", "GROUP_SUCCESS"), node.clock.instant().plus(Duration.ofDays(2)));
        shop.dashboard(id, "zh");
        browser.await(d -> browser.find("#draw-drawn").getText().equals("0 / 0"));
        Response leader = node.api.post("/v1/activities/" + id + "/orders").auth(shop.key).buyer("lucky-leader").json(Map.of("quantity", 1)).send();
        assertThat(leader.status()).as("%s", leader).isEqualTo(201);
        String groupId = leader.text("groupId");
        browser.await(LIVE, d -> d.findElements(By.cssSelector("#draw-list li[data-group='" + groupId + "'][data-status='PENDING']")).size() == 1);
        browser.find("#draw-verify").click();
        browser.await(d -> "nothing".equals(browser.find("#draw-verdict").getAttribute("data-verdict")));

        List<String> entries = new ArrayList<>(List.of(leader.text("orderId")));
        for (String m : List.of("lucky-m1", "lucky-m2")) {
            Response r = node.api.post("/v1/activities/" + id + "/orders").auth(shop.key).buyer(m).json(Map.of("quantity", 1, "groupId", groupId)).send();
            assertThat(r.status()).as("%s", r).isEqualTo(201);
            entries.add(r.text("orderId"));
        }
        JsonNode draw = node.api.get("/v1/activities/" + id + "/draw").send().json().get("draws").get(0);
        assertThat(draw.get("status").asText()).isEqualTo("DRAWN");
        String seed = draw.get("seed").asText(), winner = draw.get("winners").get(0).asText();
        assertThat(Draw.winners(seed, entries, 1)).as("the server's draw, by the core rule").containsExactly(winner);
        browser.await(LIVE, d -> d.findElements(By.cssSelector("#draw-list li[data-status='DRAWN']")).size() == 1
                && browser.find("#draw-drawn").getText().equals("1 / 1"));
        assertThat(browser.find("#draw-list li[data-status='DRAWN'] .winner").getText()).isEqualTo(winner);
        assertThat(browser.find("#draw-list li[data-status='DRAWN'] .commitment").getText()).isEqualTo(draw.get("commitment").asText());

        assertThat(verify()).isEqualTo("valid");
        assertThat(browser.find("#draw-verdict").getText()).startsWith("有效");
        assertThat(browser.driver.findElements(By.cssSelector("#draw-checks li.ok"))).as("the commitment and the winners").hasSize(2);

        // a loser published as the winner
        String loser = entries.stream().filter(e -> !e.equals(winner)).findFirst().orElseThrow();
        edit("winners", winner, loser);
        assertThat(verify()).isEqualTo("invalid");
        assertThat(browser.find("#draw-verdict").getText()).startsWith("无效");
        assertThat(browser.find("#draw-checks li.bad").getText()).contains(winner, loser);
        assertThat(browser.driver.findElements(By.cssSelector("#draw-checks li.ok"))).as("the commitment still holds").hasSize(1);

        browser.find("#draw-reset").click();
        assertThat(verify()).isEqualTo("valid");

        // another seed: its SHA-256 is not the commitment
        String other = (seed.charAt(0) == '0' ? "1" : "0") + seed.substring(1);
        edit("seed", seed, other);
        assertThat(verify()).isEqualTo("invalid");
        assertThat(browser.find("#draw-checks li.bad").getText()).contains("承诺值");

        // not JSON at all
        browser.script("const t = document.getElementById('draw-json'); t.value = t.value.slice(0, 20); t.dispatchEvent(new Event('input'));");
        assertThat(verify()).isEqualTo("invalid");
        assertThat(browser.find("#draw-checks li.bad").getText()).startsWith("JSON 无法解析");
    }

    /**
     * A draw at the activity's end with winnersPerGroup, verified in English: the entries of two
     * groups come in one draw, and the browser regroups them from the merchant's group list before
     * ranking each group.
     */
    @Test
    void anActivityEndDrawWithWinnersPerGroupVerifiesInEnglish() {
        Instant ends = node.clock.instant().plus(Duration.ofMinutes(30));
        String id = shop.running("luckyDrawGroup", "Draw at the end", Map.of("sku", "le-" + UUID.randomUUID(),
                "price", 12_900, "joinPrice", 0, "stock", 4, "limitPerBuyer", 1),
                Map.of("groupSize", 2, "winnersPerGroup", 1), ends);
        for (int g = 0; g < 2; g++) {
            Response leader = node.api.post("/v1/activities/" + id + "/orders").auth(shop.key).buyer("end-l" + g).json(Map.of("quantity", 1)).send();
            assertThat(leader.status()).as("%s", leader).isEqualTo(201);
            assertThat(node.api.post("/v1/activities/" + id + "/orders").auth(shop.key).buyer("end-m" + g)
                    .json(Map.of("quantity", 1, "groupId", leader.text("groupId"))).send().status()).isEqualTo(201);
        }
        shop.dashboard(id, "en");
        browser.await(d -> browser.find("#draw-drawn").getText().equals("0 / 1"));
        node.clock.advance(Duration.ofMinutes(31));
        JsonNode draw = ApiClient.awaitValue("the draw", Duration.ofSeconds(10), () -> {
            JsonNode d = node.api.get("/v1/activities/" + id + "/draw").send().json().get("draws").get(0);
            return "DRAWN".equals(d.get("status").asText()) ? d : null;
        });
        assertThat(draw.get("winners")).hasSize(2);
        browser.await(LIVE, d -> browser.find("#draw-drawn").getText().equals("1 / 1"));
        assertThat(verify()).isEqualTo("valid");
        assertThat(browser.find("#draw-verdict").getText()).startsWith("Valid");
        // the two winners swapped: same set, but each group's winner must come in its group's order
        String w0 = draw.get("winners").get(0).asText(), w1 = draw.get("winners").get(1).asText();
        browser.script("const t = document.getElementById('draw-json'); const d = JSON.parse(t.value);"
                + " d.draws[0].winners = [arguments[1], arguments[0]]; t.value = JSON.stringify(d); t.dispatchEvent(new Event('input'));", w0, w1);
        assertThat(verify()).isEqualTo("invalid");
        assertThat(browser.find("#draw-verdict").getText()).startsWith("Invalid");
    }

    /**
     * An fCode activity with a Chinese name and two batches, one code used: the batch table shows
     * used and unused per batch, a new batch appears live, and "export CSV" downloads (a real
     * Chromium download) a file named after the activity whose CSV parses to the batch's codes.
     */
    @Test
    void anFCodeBatchExportDownloadsAndParses() throws IOException {
        String name = "新春F码·内部邀请";
        String id = shop.running("fCode", name, Map.of("sku", "fc-" + UUID.randomUUID(), "price", 199_900, "stock", 10,
                "limitPerBuyer", 1), Map.of(), node.clock.instant().plus(Duration.ofDays(2)));
        String first = created(node.api.post("/v1/activities/" + id + "/codes").auth(shop.key).json(Map.of("count", 7, "prefix", "XC")).send()).get("batchId").asText();
        String second = created(node.api.post("/v1/activities/" + id + "/codes").auth(shop.key).json(Map.of("count", 5)).send()).get("batchId").asText();
        JsonNode codes = node.api.get("/v1/activities/" + id + "/codes?batch=" + first).auth(shop.key).send().json().get("items");
        String usedCode = codes.get(0).get("code").asText();
        Response order = node.api.post("/v1/activities/" + id + "/orders").auth(shop.key).buyer("fc-buyer").json(Map.of("quantity", 1, "code", usedCode)).send();
        assertThat(order.status()).as("%s", order).isEqualTo(201);
        assertThat(node.api.post("/v1/orders/" + order.text("orderId") + "/pay").auth(shop.key).json(Map.of("paymentRef", "wx-fc")).send().status()).isEqualTo(200);

        Path downloads = Files.createTempDirectory("peercart-downloads");
        try {
            browser.driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            shop.dashboard(id, "zh");
            browser.await(d -> d.findElements(By.cssSelector("#fcodes-batches tbody tr")).size() == 2 && browser.find("#fcodes-used").getText().equals("1"));
            assertThat(browser.find("#fcodes-codes").getText()).isEqualTo("12");
            assertThat(browser.find("#fcodes-unused").getText()).isEqualTo("11");
            String firstRow = "#fcodes-batches tr[data-batch='" + first + "']";
            assertThat(List.of(browser.find(firstRow + " td.unused").getText(), browser.find(firstRow + " td.used").getText())).containsExactly("6", "1");
            assertThat(browser.find("#fcodes-batches tr[data-batch='" + second + "'] td.unused").getText()).isEqualTo("5");

            browser.find(firstRow + " button").click();
            String file = name + "-F码-" + first + ".csv";
            browser.await(d -> browser.find("#fcodes-exported").getText().contains(file));
            Path csv = downloads.resolve(file);
            ApiClient.await("the download " + file, Duration.ofSeconds(10), () -> Files.exists(csv));
            List<String> lines = Files.readString(csv, StandardCharsets.UTF_8).lines().toList();
            assertThat(lines.getFirst()).isEqualTo("code,status,batchId,orderId");
            List<String[]> rows = lines.stream().skip(1).map(l -> l.split(",", -1)).toList();
            assertThat(rows).hasSize(7).allSatisfy(r -> assertThat(r).hasSize(4));
            Set<String> expected = new TreeSet<>();
            codes.forEach(c -> expected.add(c.get("code").asText()));
            Set<String> exported = rows.stream().map(r -> r[0]).collect(Collectors.toCollection(TreeSet::new));
            assertThat(exported).isEqualTo(expected);
            assertThat(rows.stream().filter(r -> r[1].equals("USED")).toList()).singleElement()
                    .satisfies(r -> assertThat(List.of(r[0], r[3])).containsExactly(usedCode, order.text("orderId")));
            assertThat(rows).allSatisfy(r -> assertThat(r[2]).isEqualTo(first));

            // the merchant generates a batch on the panel (a refused count first): it shows at once, then every code is exported
            shop.type("fcodes-count", "100001");
            browser.expectFailedRequest("/v1/activities/" + id + "/codes", 422);
            browser.find("#fcodes-generate").click();
            browser.await(d -> !shop.text("#fcodes-count-error").isEmpty());
            assertThat(shop.text("#fcodes-count-error")).isEqualTo("required, 1..100000");
            assertThat(shop.focused()).isEqualTo("fcodes-count");
            shop.type("fcodes-count", "3");
            shop.type("fcodes-prefix", "VP");
            browser.find("#fcodes-generate").click();
            browser.await(LIVE, d -> d.findElements(By.cssSelector("#fcodes-batches tbody tr")).size() == 3
                    && browser.find("#fcodes-codes").getText().equals("15"));
            assertThat(shop.text("#fcodes-generated")).startsWith("已生成 3 个 F码");
            assertThat(shop.text("#fcodes-count-error")).isEmpty();
            JsonNode made = node.api.get("/v1/activities/" + id + "/codes/batches").auth(shop.key).send().json().get("items").get(2);
            assertThat(List.of(made.get("count").asInt(), made.get("prefix").asText())).containsExactly(3, "VP");
            browser.find("#fcodes-export-all").click();
            Path all = downloads.resolve(name + "-F码-全部.csv");
            ApiClient.await("the download of every code", Duration.ofSeconds(10), () -> Files.exists(all));
            assertThat(Files.readString(all, StandardCharsets.UTF_8).lines().skip(1).count()).isEqualTo(15);
            assertThat(browser.requestedUrls()).as("the key never in a URL").noneMatch(u -> u.contains(shop.key));
        } finally {
            delete(downloads);
        }
    }

    /** Clicks "verify" and waits for the verdict. */
    private static String verify() {
        browser.script("document.getElementById('draw-verdict').dataset.verdict = '';");
        browser.find("#draw-verify").click();
        return browser.await(d -> {
            String v = browser.find("#draw-verdict").getAttribute("data-verdict");
            return v == null || v.isEmpty() || v.equals("checking") ? null : v;
        });
    }

    /** Replaces `from` by `to` in the draw's field `field` of the JSON on the page, as a user editing it would. */
    private static void edit(String field, String from, String to) {
        browser.script("const t = document.getElementById('draw-json'); const d = JSON.parse(t.value);"
                + " const x = d.draws[0]; x[arguments[0]] = JSON.parse(JSON.stringify(x[arguments[0]]).replace(arguments[1], arguments[2]));"
                + " t.value = JSON.stringify(d, null, 2); t.dispatchEvent(new Event('input'));", field, from, to);
    }

    private static JsonNode read(Object json) {
        try {
            return ApiClient.JSON.readTree(String.valueOf(json));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
