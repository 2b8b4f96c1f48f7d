package io.peercart.server;

import static io.peercart.server.ApiClient.assertStockAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import io.peercart.store.outbox.OutboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The descending auction over HTTP against a real node (SQLite) with a clock the test moves: the
 * price at, just before and just after each drop and at the floor, what buyers see, what they are
 * charged whatever they send, and the drops announced in the outbox (what the live stream reads).
 */
class AuctionHttpTest {
    static final String OPERATOR = "pck_auctionhttptestoperatorkey00000000001";
    static final long INTERVAL = 60;

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR, new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    static final TestClock clock = node.clock;

    /** 10000 fen, -1000 every minute, floor 7500 (reached at the third drop), starting in 10 s. */
    static Map<String, Object> auction(String sku, Instant startsAt, long stock) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "auction");
        a.put("name", "Going down " + sku);
        a.put("startsAt", startsAt.toString());
        a.put("endsAt", startsAt.plus(Duration.ofDays(1)).toString());
        a.put("items", List.of(Map.of("sku", sku, "stock", stock, "originalPrice", 20_000)));
        a.put("rules", Map.of("startPrice", 10_000, "floorPrice", 7_500, "dropAmount", 1_000, "dropIntervalSeconds", INTERVAL));
        return a;
    }

    private static void at(Instant t) {
        clock.advance(Duration.between(clock.instant(), t));
        assertThat(clock.instant()).isEqualTo(t);
    }

    private static JsonNode view(String id) {
        Response r = node.api.get("/v1/activities/" + id + "/public").send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static Response order(String id, String buyer, Map<String, Object> body) {
        return node.api.post("/v1/activities/" + id + "/orders").auth(OPERATOR).buyer(buyer).json(body).send();
    }

    private static List<JsonNode> drops(String id) {
        String shop = node.server.store().activityShop(id).orElseThrow();
        List<JsonNode> out = new ArrayList<>();
        for (OutboxEvent e : node.server.store().events(shop, id, 0, 1000)) {
            if (!e.type().equals("auction.price_dropped")) continue;
            assertThat(e.publicEvent()).isTrue();
            try {
                out.add(ApiClient.JSON.readTree(e.payload()));
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        }
        return out;
    }

    @Test
    void thePriceFollowsTheClockAtEveryBoundaryAndEveryDropIsAnnouncedOnce() {
        Instant starts = clock.instant().plusSeconds(10);
        String id = node.api.createActivity(OPERATOR, auction("AU-1", starts, 100));
        Instant[] drop = new Instant[5];
        for (int k = 0; k < drop.length; k++) drop[k] = starts.plusSeconds(k * INTERVAL);

        JsonNode before = view(id);
        assertThat(before.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(before.get("auction").get("price").asLong()).isEqualTo(10_000);
        assertThat(before.get("auction").get("nextPrice").asLong()).isEqualTo(9_000);
        assertThat(before.get("auction").get("nextDropAt").asText()).isEqualTo(drop[1].toString());
        assertThat(before.get("auction").get("floorPrice").asLong()).isEqualTo(7_500);
        assertThat(before.get("items").get(0).get("price").asLong()).isEqualTo(10_000);
        assertThat(order(id, "early", Map.of()).code()).isEqualTo("NOT_STARTED");

        long[] priceAfter = {10_000, 9_000, 8_000, 7_500, 7_500};
        int buyer = 0;
        for (int k = 1; k < drop.length; k++) {
            at(drop[k].minusMillis(1));
            assertThat(view(id).get("auction").get("price").asLong()).as("just before drop %d", k).isEqualTo(priceAfter[k - 1]);
            Response justBefore = order(id, "b" + buyer++, Map.of());
            assertThat(justBefore.status()).as("%s", justBefore).isEqualTo(201);
            assertThat(justBefore.number("unitPrice")).as("charged just before drop %d", k).isEqualTo(priceAfter[k - 1]);

            at(drop[k]);
            JsonNode v = view(id);
            assertThat(v.get("auction").get("price").asLong()).as("at drop %d", k).isEqualTo(priceAfter[k]);
            assertThat(v.get("items").get(0).get("price").asLong()).isEqualTo(priceAfter[k]);
            Response atDrop = order(id, "b" + buyer++, Map.of("expectedPrice", priceAfter[k]));
            assertThat(atDrop.status()).as("%s", atDrop).isEqualTo(201);
            assertThat(atDrop.number("amount")).as("charged at drop %d", k).isEqualTo(priceAfter[k]);

            at(drop[k].plusMillis(1));
            assertThat(view(id).get("auction").get("price").asLong()).as("just after drop %d", k).isEqualTo(priceAfter[k]);
            if (k <= 3) {
                int announced = k;
                ApiClient.await("drop " + k + " announced", Duration.ofSeconds(10), () -> drops(id).size() == announced);
            }
        }
        JsonNode floor = view(id).get("auction");
        assertThat(floor.get("price").asLong()).isEqualTo(7_500);
        assertThat(floor.get("nextPrice").isNull()).as("no drop after the floor").isTrue();
        assertThat(floor.get("nextDropAt").isNull()).isTrue();

        List<JsonNode> announced = drops(id);
        assertThat(announced).extracting(n -> n.get("drop").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(announced).extracting(n -> n.get("price").asLong()).containsExactly(9_000L, 8_000L, 7_500L);
        assertThat(announced).extracting(n -> n.get("missedDrops").asLong()).containsOnly(0L);
        assertThat(announced.get(0).get("nextPrice").asLong()).isEqualTo(8_000);
        assertThat(announced.get(0).get("nextDropAt").asText()).isEqualTo(drop[2].toString());
        assertThat(announced.get(2).get("nextPrice").isNull()).isTrue();
        assertStockAddsUp(node.api.stats(OPERATOR, id));
    }

    @Test
    void aTamperedClientPriceNeverChangesWhatIsCharged() {
        Instant starts = clock.instant().minusSeconds(INTERVAL + 1); // one drop done: 9000
        String id = node.api.createActivity(OPERATOR, auction("AU-2", starts, 10));

        Response stale = order(id, "t1", Map.of("expectedPrice", 10_000));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.code()).isEqualTo("PRICE_CHANGED");
        assertThat(stale.number("currentPrice")).isEqualTo(9_000);
        assertThat(stale.number("nextPrice")).isEqualTo(8_000);
        assertThat(stale.text("nextDropAt")).isEqualTo(starts.plusSeconds(2 * INTERVAL).toString());
        Response lower = order(id, "t1", Map.of("expectedPrice", 1));
        assertThat(lower.code()).as("asking for less is refused, never granted").isEqualTo("PRICE_CHANGED");
        assertThat(node.api.stats(OPERATOR, id).get("orders").asLong()).as("a refused price takes nothing").isZero();

        Map<String, Object> tampered = new LinkedHashMap<>();
        tampered.put("price", 1);
        tampered.put("unitPrice", 1);
        tampered.put("amount", 1);
        Response refused = order(id, "t1", tampered);
        assertThat(refused.code()).as("a price is no field of an order: strict input refuses it").isEqualTo("UNKNOWN_FIELD");
        assertThat(refused.text("detail")).isEqualTo("price: unknown field; did you mean expectedPrice?");
        assertThat(node.api.stats(OPERATOR, id).get("orders").asLong()).as("a refused body takes nothing").isZero();
        Response ok = order(id, "t1", Map.of());
        assertThat(ok.status()).as("%s", ok).isEqualTo(201);
        assertThat(ok.number("unitPrice")).isEqualTo(9_000);
        assertThat(ok.number("amount")).isEqualTo(9_000);
        String orderId = ok.text("orderId");
        Response paid = node.api.post("/v1/orders/" + orderId + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "pay-t1")).send();
        assertThat(paid.number("amount")).as("paid as locked at creation").isEqualTo(9_000);
        assertThat(paid.text("status")).isEqualTo("RELEASED");

        Response wrongType = order(id, "t2", Map.of("expectedPrice", "9000"));
        assertThat(wrongType.status()).isEqualTo(422);
        Response negative = order(id, "t2", Map.of("expectedPrice", -1));
        assertThat(negative.code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void anInconsistentPlanIsRefusedWithEveryReason() {
        Map<String, Object> bad = auction("AU-3", clock.instant(), 10);
        bad.put("rules", Map.of("startPrice", 100, "floorPrice", 200, "dropAmount", 0));
        Response r = node.api.post("/v1/activities").auth(OPERATOR).json(bad).send();
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text("detail")).contains("rules.floorPrice", "rules.dropAmount", "rules.dropIntervalSeconds");
    }
}
