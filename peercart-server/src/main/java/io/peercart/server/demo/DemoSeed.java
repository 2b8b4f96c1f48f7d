package io.peercart.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets up the demo shop the way a merchant would, through the public API only: the operator key
 * creates a shop (whose key the newcomer signs in with), the shop turns on points transfers and
 * creates one activity of each of the ten types, running from now for a week, with documents as
 * docs/merchant-guide.md, docs/groups.md, docs/fission.md, docs/points.md and docs/fcode.md show
 * them. Stocks scale with the crowd so the seckill sells out towards the end and nothing else
 * runs dry. Also mints the visitor's buyer token (for the printed buyer-page links) and reads
 * back the F codes the crowd will type.
 */
final class DemoSeed {
    static final String SHOP_NAME = "PeerCart 演示店";
    static final String VISITOR = "visitor";
    /** How long the visitor's token (in the printed links) stays valid. */
    static final Duration VISITOR_TOKEN_TTL = Duration.ofHours(24);
    private static final int CODE_PAGE = 500;

    private DemoSeed() {}

    /** What the seeding made: the crowd's stage and the newcomer's keys. */
    record Seeded(String shopId, String apiKey, Map<String, Activity> activities, String visitorToken, String visitorCode,
                  List<String> crowdCodes) {
    }

    /** One seeded activity: its id, name and its first sku. */
    record Activity(String type, String id, String name, String sku) {
    }

    /**
     * @param crowdSize buyers per activity, to size the stocks and the F codes
     * @param now       the server's time (from its answers), so the activities are running at once
     */
    static Seeded seed(LoopbackClient api, String operatorKey, int crowdSize, Instant now) throws IOException, InterruptedException {
        LoopbackClient.Answer shop = expect(api.post("/v1/shops", operatorKey, Map.of("name", SHOP_NAME), "demo-shop"), "create the demo shop");
        String key = shop.text("apiKey");
        expect(api.put("/v1/points/settings", key, Map.of("enabled", true, "feePercent", 1, "minAmount", 10, "maxAmount", 5000,
                "dailyCap", 20000)), "turn on points transfers");
        // the whole crowd comes from loopback: one address, so its budgets are the crowd's (each buyer keeps the defaults)
        Map<String, Object> crowd = Map.of("perIpPerMinute", 1_000_000);
        expect(api.put("/v1/settings/limits", key, Map.of("orders", crowd, "helps", crowd, "codes", crowd, "reads", crowd, "writes", crowd)),
                "raise the crowd's address budgets");

        String starts = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Instant endsAt = now.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(7));
        String ends = endsAt.toString();
        int n = Math.max(20, crowdSize);
        Map<String, Activity> made = new LinkedHashMap<>();
        for (String[] doc : documents(starts, ends, endsAt, n)) {
            LoopbackClient.Answer a = expect(api.post("/v1/activities", key, doc[1], "demo-create-" + doc[0]), "create the " + doc[0]);
            JsonNode item = a.body().path("items").path(0);
            made.put(doc[0], new Activity(doc[0], a.text("id"), a.text("name"), item.path("sku").asText()));
        }

        String fCode = made.get("fCode").id();
        expect(api.post("/v1/activities/" + fCode + "/codes", key, Map.of("count", n + 1, "prefix", "PC"), "demo-codes"),
                "generate F codes");
        List<String> codes = codes(api, key, fCode, n + 1);
        String visitorCode = codes.removeFirst();

        LoopbackClient.Answer visitor = expect(api.post("/v1/buyer-tokens", key, Map.of("buyerId", VISITOR, "newCustomer", true,
                "tags", List.of("employee"), "deviceId", "visitor-phone", "ttlSeconds", VISITOR_TOKEN_TTL.toSeconds()),
                "demo-visitor-token"), "mint the visitor's token");
        expect(api.post("/v1/points/earn", key, Map.of("buyerId", VISITOR, "amount", 5000, "reason", "demo welcome points"),
                "demo-visitor-points"), "give the visitor points");
        return new Seeded(shop.text("shopId"), key, made, visitor.text("token"), visitorCode, codes);
    }

    /** The ten creation documents, {type, JSON}, in the order the console lists the types. */
    private static List<String[]> documents(String starts, String ends, Instant endsAt, int n) {
        String window = "\"startsAt\":\"%s\",\"endsAt\":\"%s\",\"payWindowSeconds\":60".formatted(starts, ends);
        String balanceStarts = endsAt.toString(), balanceEnds = endsAt.plus(Duration.ofDays(2)).toString();
        List<String[]> docs = new ArrayList<>();
        docs.add(new String[] {"seckill", """
                {"type":"seckill","name":"秒杀：西湖龙井 250g",%s,
                 "items":[{"sku":"DEMO-LONGJING","price":9900,"originalPrice":15900,"stock":%d,"limitPerBuyer":1},
                          {"sku":"DEMO-TEA-CUP","price":19900,"originalPrice":29900,"stock":%d,"limitPerBuyer":1}]}"""
                .formatted(window, Math.max(10, n / 2), n)});
        docs.add(new String[] {"auction", """
                {"type":"auction","name":"降价拍：机械手表",%s,
                 "items":[{"sku":"DEMO-WATCH","originalPrice":199900,"stock":%d,"limitPerBuyer":1}],
                 "rules":{"startPrice":159900,"floorPrice":99900,"dropAmount":5000,"dropIntervalSeconds":15}}"""
                .formatted(window, n)});
        docs.add(new String[] {"groupOn", """
                {"type":"groupOn","name":"三人拼团：阳山水蜜桃",%s,
                 "items":[{"sku":"DEMO-PEACH","price":12900,"groupPrice":6900,"stock":%d}],
                 "rules":{"groupSize":3,"groupTtlSeconds":60,"showOpenGroups":true,"leaderPrice":5900}}"""
                .formatted(window, 2 * n)});
        docs.add(new String[] {"luckyDrawGroup", """
                {"type":"luckyDrawGroup","name":"1元抽奖团：蓝牙耳机",%s,
                 "items":[{"sku":"DEMO-EARBUDS","price":29900,"joinPrice":100,"stock":%d}],
                 "rules":{"groupSize":3,"groupTtlSeconds":60,"showOpenGroups":true,"winnersPerGroup":1,"drawAt":"GROUP_SUCCESS"}}"""
                .formatted(window, n)});
        docs.add(new String[] {"tuan", """
                {"type":"tuan","name":"团购返现：五常大米 5kg",%s,
                 "items":[{"sku":"DEMO-RICE","price":8900,"stock":%d,"limitPerBuyer":2}],
                 "rules":{"tiers":[{"minBuyers":10,"cashbackPercent":5},{"minBuyers":50,"cashbackPercent":10},
                                   {"minBuyers":200,"cashbackPercent":15}]}}"""
                .formatted(window, 2 * n)});
        docs.add(new String[] {"fCode", """
                {"type":"fCode","name":"F码专享：新款手机",%s,
                 "items":[{"sku":"DEMO-PHONE","price":299900,"stock":%d,"limitPerBuyer":1}]}"""
                .formatted(window, n)});
        docs.add(new String[] {"pointsExchange", """
                {"type":"pointsExchange","name":"积分商城",%s,
                 "items":[{"sku":"DEMO-MUG","pointsPrice":500,"stock":%d,"limitPerBuyer":2},
                          {"sku":"DEMO-BAG","pointsPrice":2000,"cashPrice":1990,"stock":%d,"limitPerBuyer":1}]}"""
                .formatted(window, 2 * n, n)});
        docs.add(new String[] {"presentExchange", """
                {"type":"presentExchange","name":"新客礼：帆布袋",%s,
                 "items":[{"sku":"DEMO-TOTE","stock":%d}],"rules":{"claimLimitPerBuyer":1,"openClaims":true}}"""
                .formatted(window, n)});
        docs.add(new String[] {"helpDepositExpansion", """
                {"type":"helpDepositExpansion","name":"定金膨胀：65 英寸电视",%s,
                 "items":[{"sku":"DEMO-TV65","price":599900,"stock":%d,"limitPerOrder":1}],
                 "rules":{"deposit":10000,"baseValue":20000,"maxValue":50000,"helpAmountMin":500,"helpAmountMax":3000,
                          "helpsPerHelper":3,"balanceStartsAt":"%s","balanceEndsAt":"%s"}}"""
                .formatted(window, n, balanceStarts, balanceEnds)});
        docs.add(new String[] {"inSourcingFission", """
                {"type":"inSourcingFission","name":"员工内购：空气炸锅",%s,
                 "items":[{"sku":"DEMO-AIRFRYER","price":19900,"originalPrice":49900,"stock":%d,"limitPerBuyer":3}],
                 "rules":{"couponsPerUnit":1,"initialCoupons":3,"couponsPerInvite":1,"inviteeCoupons":1,"maxInvitesPerDay":50}}"""
                .formatted(window, 2 * n)});
        return docs;
    }

    /** The activity's codes, in generation order, page by page. */
    private static List<String> codes(LoopbackClient api, String key, String activityId, int wanted)
            throws IOException, InterruptedException {
        List<String> codes = new ArrayList<>(wanted);
        String cursor = null;
        do {
            String path = "/v1/activities/" + activityId + "/codes?limit=" + CODE_PAGE
                    + (cursor == null ? "" : "&cursor=" + LoopbackClient.query(cursor));
            LoopbackClient.Answer page = expect(api.get(path, key), "list the F codes");
            page.body().path("items").forEach(c -> codes.add(c.path("code").asText()));
            cursor = page.body().path("nextCursor").isTextual() ? page.text("nextCursor") : null;
        } while (cursor != null && codes.size() < wanted);
        return codes;
    }

    private static LoopbackClient.Answer expect(LoopbackClient.Answer a, String what) {
        if (!a.ok()) throw new IllegalStateException("the demo could not " + what + ": " + a.status() + " " + a.body());
        return a;
    }
}
