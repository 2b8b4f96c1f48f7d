package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /v1/orders (and the same filters on GET /v1/activities/{id}/orders), its CSV export, and the
 * refund queue GET /v1/refunds/pending, against a real node (SQLite). The operator's shop is shared
 * by the tests, so each one names its own buyers, skus and activities and filters by them; a second
 * shop's orders (same buyer ids) must never appear.
 */
class OrderSearchHttpTest {
    static final String OPERATOR = "pck_ordersearchhttptestoperatorkey000001";
    private static final AtomicInteger SKUS = new AtomicInteger();
    private static final String BOM = "\uFEFF";
    private static final String HEADER = "orderId,activityId,type,buyerId,sku,quantity,unitPrice,amount,status,reason,createdAt,paidAt,"
            + "closedAt,groupId,cashback,refundable,refundedAmount";

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    static final TestClock clock = node.clock;
    static String otherShop;

    @BeforeAll
    static void secondShop() {
        Response shop = node.api.post("/v1/shops").auth(OPERATOR).json(Map.of("name", "Neighbour")).send();
        assertThat(shop.status()).as("%s", shop).isEqualTo(201);
        otherShop = shop.text("apiKey");
    }

    static String sku() { return "OS-" + SKUS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8); }

    static String tag() { return UUID.randomUUID().toString().substring(0, 8); }

    static String seckill(String key, List<String> skus, long stock) {
        Map<String, Object> body = ApiClient.seckill("search " + skus, skus.getFirst(), stock, 5, clock.instant());
        List<Map<String, Object>> items = new ArrayList<>();
        for (String s : skus) items.add(Map.of("sku", s, "price", 9_900, "stock", stock, "limitPerBuyer", 5));
        body.put("items", items);
        return node.api.createActivity(key, body);
    }

    static String groupOn(String sku) {
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "groupOn");
        body.put("name", "group search");
        body.put("startsAt", now.minusSeconds(60).toString());
        body.put("endsAt", now.plus(Duration.ofHours(2)).toString());
        body.put("items", List.of(Map.of("sku", sku, "price", 12_900, "groupPrice", 9_900, "stock", 100, "limitPerBuyer", 1)));
        body.put("rules", Map.of("groupSize", 3));
        return node.api.createActivity(OPERATOR, body);
    }

    /** An order placed by {@code buyerId} through a buyer token (any characters, Chinese too). */
    static JsonNode order(String key, String activityId, String buyerId, String sku) {
        String token = node.api.token(key, buyerId);
        Response r = node.api.post("/v1/activities/" + activityId + "/orders").auth(token).json(Map.of("sku", sku, "quantity", 1)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    static void pay(String orderId) {
        Response r = node.api.post("/v1/orders/" + orderId + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "pay-" + orderId)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    static String q(String v) { return URLEncoder.encode(v, StandardCharsets.UTF_8); }

    /** Every order id a search finds, following its cursor {@code pageSize} at a time. */
    static List<String> ids(String path, int pageSize) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10_000; pages++) {
            String sep = path.contains("?") ? "&" : "?";
            Response r = node.api.get(path + sep + "limit=" + pageSize + (cursor == null ? "" : "&cursor=" + q(cursor))).auth(OPERATOR).send();
            assertThat(r.status()).as("%s: %s", path, r).isEqualTo(200);
            assertThat(r.json().get("items").size()).isLessThanOrEqualTo(pageSize);
            r.json().get("items").forEach(o -> out.add(o.get("orderId").asText()));
            JsonNode next = r.json().get("nextCursor");
            if (next.isNull()) return out;
            cursor = next.asText();
        }
        throw new AssertionError("no last page");
    }

    static void problem(Response r, String code, String detailMentions) {
        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.text("detail")).contains(detailMentions);
    }

    /** The raw bytes of an answer (the client's String body would hide how the BOM was encoded). */
    static HttpResponse<byte[]> bytes(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.server.port() + path))
                .header("Authorization", "Bearer " + OPERATOR).timeout(Duration.ofSeconds(60));
        if (accept != null) b.header("Accept", accept);
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    /** A CSV answer's lines, after checking it is CSV in UTF-8 with a BOM. */
    static List<String> csvLines(String path, String accept) throws Exception {
        HttpResponse<byte[]> r = bytes(path, accept);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        byte[] body = r.body();
        assertThat(body.length).isGreaterThan(3);
        assertThat(new byte[]{body[0], body[1], body[2]}).as("UTF-8 byte-order mark").containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).startsWith(BOM + HEADER + "\r\n").endsWith("\r\n");
        return List.of(text.substring(1).split("\r\n"));
    }

    @Test
    void everyFilterAloneAndCombinedPagesWithTheCursorAndNeverShowsAnotherShop() {
        String t = tag();
        String skuA = sku(), skuB = sku(), skuG = sku();
        String u1 = "u1-" + t, zhang = "张三-" + t, u2 = "u2-" + t;
        String flash = seckill(OPERATOR, List.of(skuA, skuB), 100);
        String group = groupOn(skuG);
        Instant start = clock.instant();
        String o1 = order(OPERATOR, flash, u1, skuA).get("orderId").asText();
        clock.advance(Duration.ofSeconds(10));
        String o2 = order(OPERATOR, flash, zhang, skuB).get("orderId").asText();
        pay(o2);
        clock.advance(Duration.ofSeconds(10));
        String o3 = order(OPERATOR, flash, u1, skuB).get("orderId").asText();
        clock.advance(Duration.ofSeconds(10));
        JsonNode leader = order(OPERATOR, group, u1, skuG);
        String o4 = leader.get("orderId").asText();
        pay(o4);
        clock.advance(Duration.ofSeconds(10));
        String o5 = order(OPERATOR, flash, u2, skuA).get("orderId").asText();
        assertThat(node.api.post("/v1/orders/" + o5 + "/cancel").auth(OPERATOR).send().status()).isEqualTo(200);
        // the neighbour's orders: the same buyer ids
        String theirs = seckill(otherShop, List.of(sku()), 100);
        String foreign = order(otherShop, theirs, u1, node.api.get("/v1/activities/" + theirs).auth(otherShop).send().json()
                .get("items").get(0).get("sku").asText()).get("orderId").asText();

        String mine = "buyerId=" + q(u1);
        assertThat(ids("/v1/orders?" + mine, 100)).containsExactly(o1, o3, o4);
        assertThat(ids("/v1/orders?" + mine, 1)).as("a page at a time").containsExactly(o1, o3, o4);
        assertThat(ids("/v1/orders?buyerId=" + q(zhang), 100)).as("a Chinese buyer id").containsExactly(o2);
        assertThat(ids("/v1/orders?activityId=" + flash, 100)).containsExactly(o1, o2, o3, o5);
        assertThat(ids("/v1/orders?activityId=" + flash, 2)).containsExactly(o1, o2, o3, o5);
        assertThat(ids("/v1/orders?sku=" + skuA, 100)).containsExactly(o1, o5);
        assertThat(ids("/v1/orders?sku=" + skuB + "&buyerId=" + q(u1), 100)).containsExactly(o3);
        assertThat(ids("/v1/orders?activityId=" + flash + "&status=PENDING_PAYMENT", 100)).containsExactly(o1, o3);
        assertThat(ids("/v1/orders?activityId=" + flash + "&status=RELEASED,CANCELLED", 100)).as("several statuses").containsExactly(o2, o5);
        assertThat(ids("/v1/orders?" + mine + "&status=PAID", 100)).as("a paid group leader").containsExactly(o4);
        assertThat(ids("/v1/orders?" + mine + "&type=groupOn", 100)).containsExactly(o4);
        assertThat(ids("/v1/orders?" + mine + "&type=seckill", 100)).containsExactly(o1, o3);
        assertThat(ids("/v1/orders?type=groupOn", 500)).contains(o4).doesNotContain(o1, o2, o3, o5);
        assertThat(ids("/v1/orders?" + mine + "&createdFrom=" + start.plusSeconds(20), 100)).as("from, inclusive").containsExactly(o3, o4);
        assertThat(ids("/v1/orders?" + mine + "&createdTo=" + start.plusSeconds(20), 100)).as("to, exclusive").containsExactly(o1);
        assertThat(ids("/v1/orders?activityId=" + flash + "&createdFrom=" + start.plusSeconds(5) + "&createdTo=" + start.plusSeconds(35), 1))
                .containsExactly(o2, o3);
        assertThat(ids("/v1/orders?activityId=" + flash + "&buyerId=" + q(u1) + "&sku=" + skuA + "&status=PENDING_PAYMENT&type=seckill"
                + "&createdFrom=" + start + "&createdTo=" + start.plusSeconds(1), 100)).as("every filter at once").containsExactly(o1);

        // the activity's own list takes the same filters
        assertThat(ids("/v1/activities/" + flash + "/orders", 100)).containsExactly(o1, o2, o3, o5);
        assertThat(ids("/v1/activities/" + flash + "/orders?status=PENDING_PAYMENT&" + mine, 1)).containsExactly(o1, o3);
        assertThat(ids("/v1/activities/" + flash + "/orders?type=groupOn", 100)).isEmpty();

        // tenancy: the neighbour's u1 is not ours, and the neighbour sees only its own
        assertThat(ids("/v1/orders?activityId=" + theirs, 100)).isEmpty();
        assertThat(ids("/v1/orders?buyerId=" + q(u1), 100)).doesNotContain(foreign);
        Response neighbour = node.api.get("/v1/orders?buyerId=" + q(u1)).auth(otherShop).send();
        assertThat(neighbour.json().get("items")).extracting(o -> o.get("orderId").asText()).containsExactly(foreign);
        assertThat(node.api.get("/v1/activities/" + flash + "/orders").auth(otherShop).send().status()).isEqualTo(404);

        // the items are the orders as GET /v1/orders/{id} shows them
        JsonNode first = node.api.get("/v1/orders?" + mine + "&limit=1").auth(OPERATOR).send().json().get("items").get(0);
        assertThat(first).isEqualTo(node.api.get("/v1/orders/" + o1).auth(OPERATOR).send().json());
    }

    @Test
    void badFiltersAre422NamingTheParameterAndNeverAnswerCsv() {
        problem(node.api.get("/v1/orders?status=SHIPPED").auth(OPERATOR).send(), "VALIDATION_FAILED", "status");
        problem(node.api.get("/v1/orders?status=PAID,").auth(OPERATOR).send(), "VALIDATION_FAILED", "status");
        problem(node.api.get("/v1/orders?status=paid").auth(OPERATOR).send(), "VALIDATION_FAILED", "status");
        problem(node.api.get("/v1/orders?createdFrom=yesterday").auth(OPERATOR).send(), "VALIDATION_FAILED", "createdFrom");
        problem(node.api.get("/v1/orders?createdTo=2030-01-01").auth(OPERATOR).send(), "VALIDATION_FAILED", "createdTo");
        problem(node.api.get("/v1/orders?createdFrom=2030-01-02T00:00:00Z&createdTo=2030-01-01T00:00:00Z").auth(OPERATOR).send(),
                "VALIDATION_FAILED", "createdTo");
        problem(node.api.get("/v1/orders?type=flashSale").auth(OPERATOR).send(), "VALIDATION_FAILED", "type");
        problem(node.api.get("/v1/orders?buyerId=").auth(OPERATOR).send(), "VALIDATION_FAILED", "buyerId");
        problem(node.api.get("/v1/orders?sku=" + "x".repeat(65)).auth(OPERATOR).send(), "VALIDATION_FAILED", "sku");
        problem(node.api.get("/v1/orders?limit=0").auth(OPERATOR).send(), "VALIDATION_FAILED", "limit");
        problem(node.api.get("/v1/orders?format=xlsx").auth(OPERATOR).send(), "VALIDATION_FAILED", "format");
        problem(node.api.get("/v1/orders?status=NOPE&format=csv").auth(OPERATOR).send(), "VALIDATION_FAILED", "status");
        problem(node.api.get("/v1/orders?createdFrom=x").auth(OPERATOR).header("Accept", "text/csv").send(), "VALIDATION_FAILED", "createdFrom");
        String flash = seckill(OPERATOR, List.of(sku()), 10);
        problem(node.api.get("/v1/activities/" + flash + "/orders?status=SHIPPED").auth(OPERATOR).send(), "VALIDATION_FAILED", "status");
        problem(node.api.get("/v1/refunds/pending?cursor=nope").auth(OPERATOR).send(), "VALIDATION_FAILED", "cursor");
        assertThat(node.api.get("/v1/orders").send().status()).isEqualTo(401);
        assertThat(node.api.get("/v1/refunds/pending").send().status()).isEqualTo(401);
        assertThat(node.api.get("/v1/orders").auth(node.api.token(OPERATOR, "buyer-" + tag())).send().status())
                .as("a buyer may not search the shop").isEqualTo(403);
    }

    @Test
    void csvByAcceptOrFormatWithBomHeaderQuotingFormulaGuardAndQValues() throws Exception {
        String t = tag();
        String skuA = sku();
        String flash = seckill(OPERATOR, List.of(skuA), 100);
        String chinese = "李小龙-" + t;
        String formula = "=HYPERLINK(\"http://x\",\"y\")-" + t;
        String comma = "plus+one, \"two\"-" + t;
        String o1 = order(OPERATOR, flash, chinese, skuA).get("orderId").asText();
        pay(o1);
        String o2 = order(OPERATOR, flash, formula, skuA).get("orderId").asText();
        String o3 = order(OPERATOR, flash, comma, skuA).get("orderId").asText();
        JsonNode paid = node.api.get("/v1/orders/" + o1).auth(OPERATOR).send().json();

        List<String> byAccept = csvLines("/v1/orders?activityId=" + flash, "text/csv");
        assertThat(byAccept).hasSize(4);
        assertThat(byAccept.get(1)).isEqualTo(String.join(",", o1, flash, "seckill", chinese, skuA, "1", "9900", "9900", "RELEASED", "",
                paid.get("createdAt").asText(), paid.get("paidAt").asText(), "", "", "", "9900", "0"));
        assertThat(byAccept.get(2)).as("a formula is written as text, quoted for its comma and quotes")
                .startsWith(o2 + "," + flash + ",seckill,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")-" + t + "\"," + skuA + ",1,9900,9900,PENDING_PAYMENT,");
        assertThat(byAccept.get(3)).as("a plus inside is no formula").startsWith(o3 + "," + flash + ",seckill,\"plus+one, \"\"two\"\"-" + t + "\",");
        assertThat(csvLines("/v1/orders?activityId=" + flash + "&format=csv", null)).as("?format=csv").isEqualTo(byAccept);
        assertThat(csvLines("/v1/activities/" + flash + "/orders", "text/csv")).as("the activity's export").isEqualTo(byAccept);
        assertThat(csvLines("/v1/activities/" + flash + "/orders?format=csv&buyerId=" + q(chinese), null))
                .containsExactly(HEADER, byAccept.get(1));
        assertThat(csvLines("/v1/orders?activityId=" + flash, "text/csv;q=0.9, application/json;q=0.5")).isEqualTo(byAccept);
        assertThat(csvLines("/v1/orders?activityId=" + flash, "application/json;q=0.5, text/*")).isEqualTo(byAccept);
        assertThat(csvLines("/v1/orders?activityId=" + flash + "&limit=1", "text/csv")).as("not paginated").isEqualTo(byAccept);
        assertThat(csvLines("/v1/orders?buyerId=nobody-" + t, "text/csv")).containsExactly(HEADER);

        for (String json : List.of("text/csv;q=0, application/json", "application/json", "*/*", "application/json, text/csv;q=0.5",
                "text/csv;q=0")) {
            Response r = node.api.get("/v1/orders?activityId=" + flash).auth(OPERATOR).header("Accept", json).send();
            assertThat(r.status()).as(json).isEqualTo(200);
            assertThat(r.contentType()).as(json).startsWith("application/json");
            assertThat(r.json().get("items")).hasSize(3);
        }
        Response asJson = node.api.get("/v1/orders?activityId=" + flash + "&format=json").auth(OPERATOR).header("Accept", "text/csv").send();
        assertThat(asJson.contentType()).as("format wins over Accept").startsWith("application/json");
        assertThat(asJson.json().get("items").get(0).get("buyerId").asText()).isEqualTo(chinese);
    }

    @Test
    void aLargeExportHasEveryRowAndTheCodesExportHonoursQValuesToo() throws Exception {
        int orders = 1_200;
        String skuA = sku();
        String flash = seckill(OPERATOR, List.of(skuA), orders);
        String t = tag();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<Response>> placed = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                String buyer = "bulk-" + t + "-" + i;
                placed.add(pool.submit(() -> node.api.post("/v1/activities/" + flash + "/orders").auth(OPERATOR).header("X-Buyer-Id", buyer)
                        .json(Map.of("sku", skuA, "quantity", 1)).send()));
            }
            for (Future<Response> f : placed) assertThat(f.get().status()).as("%s", f.get()).isEqualTo(201);
        }
        List<String> lines = csvLines("/v1/activities/" + flash + "/orders", "text/csv");
        assertThat(lines).hasSize(orders + 1);
        List<String> csvIds = lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(','))).toList();
        assertThat(csvIds).doesNotHaveDuplicates().isEqualTo(ids("/v1/orders?activityId=" + flash, 500));
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).contains(",seckill,bulk-" + t + "-"));

        // the codes export shares the negotiation: q=0 is not a request for CSV
        Map<String, Object> fCode = ApiClient.seckill("codes", sku(), 10, 1, clock.instant());
        fCode.put("type", "fCode");
        String codes = node.api.createActivity(OPERATOR, fCode);
        assertThat(node.api.post("/v1/activities/" + codes + "/codes").auth(OPERATOR).json(Map.of("count", 3)).send().status()).isEqualTo(201);
        Response refused = node.api.get("/v1/activities/" + codes + "/codes").auth(OPERATOR).header("Accept", "text/csv;q=0, application/json").send();
        assertThat(refused.contentType()).startsWith("application/json");
        Response asked = node.api.get("/v1/activities/" + codes + "/codes").auth(OPERATOR).header("Accept", "text/csv").send();
        assertThat(asked.contentType()).startsWith("text/csv");
        assertThat(asked.body().split("\r\n")).hasSize(4).startsWith("code,status,batchId,orderId");
    }

    @Test
    void theRefundQueueIsOldestRequestFirstWithReasonAndAmountToRefund() {
        String t = tag();
        String early = groupOn(sku()), late = groupOn(sku());
        Map<String, List<String>> orders = new HashMap<>();
        for (String activity : List.of(early, late)) {
            String sku = node.api.get("/v1/activities/" + activity).auth(OPERATOR).send().json().get("items").get(0).get("sku").asText();
            for (int i = 0; i < 2; i++) {
                JsonNode o = order(OPERATOR, activity, "refund-" + t + "-" + i, sku);
                pay(o.get("orderId").asText());
                orders.computeIfAbsent(activity, k -> new ArrayList<>()).add(o.get("orderId").asText());
                clock.advance(Duration.ofSeconds(1));
            }
        }
        // the later activity is cancelled first: its refunds were asked first
        assertThat(node.api.post("/v1/activities/" + late + "/cancel").auth(OPERATOR).send().status()).isEqualTo(200);
        Instant lateAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        clock.advance(Duration.ofSeconds(30));
        assertThat(node.api.post("/v1/activities/" + early + "/cancel").auth(OPERATOR).send().status()).isEqualTo(200);
        Instant earlyAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        List<JsonNode> queue = new ArrayList<>();
        String cursor = null;
        do {
            Response r = node.api.get("/v1/refunds/pending?limit=1" + (cursor == null ? "" : "&cursor=" + q(cursor))).auth(OPERATOR).send();
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            r.json().get("items").forEach(queue::add);
            cursor = r.json().get("nextCursor").isNull() ? null : r.json().get("nextCursor").asText();
        } while (cursor != null);
        List<JsonNode> ours = queue.stream().filter(o -> o.get("buyerId").asText().startsWith("refund-" + t)).toList();
        List<String> expected = new ArrayList<>(orders.get(late).stream().sorted().toList());
        expected.addAll(orders.get(early).stream().sorted().toList());
        assertThat(ours).extracting(o -> o.get("orderId").asText()).containsExactlyElementsOf(expected);
        assertThat(ours).allSatisfy(o -> {
            assertThat(o.get("status").asText()).isEqualTo("REFUND_REQUESTED");
            assertThat(o.get("reason").asText()).isEqualTo("ACTIVITY_CANCELLED");
            assertThat(o.get("refundable").asLong()).as("the amount paid, no cashback").isEqualTo(o.get("amount").asLong()).isPositive();
        });
        assertThat(ours).extracting(o -> o.get("refundRequestedAt").asText())
                .containsExactly(lateAt.toString(), lateAt.toString(), earlyAt.toString(), earlyAt.toString());
        List<Instant> times = queue.stream().map(o -> Instant.parse(o.get("refundRequestedAt").asText())).toList();
        assertThat(times).as("the whole queue, oldest first").isSorted();
        Response neighbour = node.api.get("/v1/refunds/pending").auth(otherShop).send();
        assertThat(neighbour.json().get("items")).isEmpty();

        // refunded: out of the queue
        assertThat(node.api.post("/v1/orders/" + expected.getFirst() + "/refund").auth(OPERATOR).send().status()).isEqualTo(200);
        List<String> after = new ArrayList<>();
        node.api.get("/v1/refunds/pending?limit=500").auth(OPERATOR).send().json().get("items").forEach(o -> after.add(o.get("orderId").asText()));
        assertThat(after).doesNotContain(expected.getFirst()).containsSubsequence(expected.subList(1, expected.size()));
    }
}
