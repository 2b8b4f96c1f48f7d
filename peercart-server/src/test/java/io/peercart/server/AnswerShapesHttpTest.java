package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exact shape of the group family's and fission's answers: every field's name, its place in
 * the object, null versus absent, and integral versus floating numbers; and that an idempotent
 * replay is the first answer byte for byte. These answers are rendered by the server's views from
 * the store's typed values, so this is the check that moving the JSON out of the store changed
 * nothing a client can see.
 */
class AnswerShapesHttpTest {
    static final String OPERATOR = "pck_answershapeshttptestoperatorkey0001";
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    static final TestClock clock = node.clock;

    /**
     * A node's shape: {@code {name:shape,...}} in the answer's order, {@code [shape of the first]},
     * {@code s} text, {@code i} integral number, {@code d} floating number, {@code b} boolean, {@code null}.
     */
    static String shape(JsonNode n) {
        if (n.isObject()) return n.properties().stream().map(e -> e.getKey() + ":" + shape(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        if (n.isArray()) return n.isEmpty() ? "[]" : "[" + shape(n.get(0)) + "]";
        if (n.isTextual()) return "s";
        if (n.isIntegralNumber()) return "i";
        if (n.isFloatingPointNumber()) return "d";
        if (n.isBoolean()) return "b";
        if (n.isNull()) return "null";
        throw new AssertionError("unexpected node " + n);
    }

    static String unique(String tag) { return tag + "-" + UUID.randomUUID().toString().substring(0, 8); }

    static String activity(String type, Map<String, Object> item, Map<String, Object> rules, Duration length) {
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("name", type + " shapes");
        body.put("startsAt", now.minusSeconds(60).toString());
        body.put("endsAt", now.plus(length).toString());
        body.put("items", List.of(item));
        body.put("rules", rules);
        return node.api.createActivity(OPERATOR, body);
    }

    static String token(String buyerId, boolean newCustomer, List<String> tags, String deviceId) {
        Map<String, Object> body = new HashMap<>(Map.of("buyerId", buyerId, "newCustomer", newCustomer, "tags", tags, "ttlSeconds", 86_400));
        if (deviceId != null) body.put("deviceId", deviceId);
        return created(node.api.post("/v1/buyer-tokens").auth(OPERATOR).json(body).send()).get("token").asText();
    }

    static JsonNode created(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    static JsonNode ok(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    static JsonNode order(String activityId, String token, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("quantity", 1));
        body.putAll(extra);
        return created(node.api.post("/v1/activities/" + activityId + "/orders").auth(token).json(body).send());
    }

    static void pay(String orderId) {
        ok(node.api.post("/v1/orders/" + orderId + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "pay-" + orderId)).send());
    }

    /** The call twice with one key: the second is a replay, byte for byte the first answer. Returns the first. */
    static JsonNode createdAndReplayed(java.util.function.Function<String, ApiClient.Call> call) {
        String key = unique("key");
        Response first = call.apply(key).send();
        Response again = call.apply(key).send();
        created(first);
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).as("the replay is the first answer").isEqualTo(first.body());
        return first.json();
    }

    @Test
    void sharesVisitsTheFissionReportAndCouponsKeepTheirShapes() {
        String act = activity("inSourcingFission", Map.of("sku", unique("IN"), "price", 5_000, "stock", 1_000, "limitPerBuyer", 50),
                Map.of("couponsPerUnit", 2, "initialCoupons", 4, "couponsPerInvite", 2, "inviteeCoupons", 1, "maxInvitesPerDay", 2),
                Duration.ofHours(5));
        String employee = token(unique("emp"), false, List.of("employee"), null);
        String friend = token(unique("friend"), true, List.of(), null);
        JsonNode root = createdAndReplayed(k -> node.api.post("/v1/shares").auth(employee).idempotencyKey(k).json(Map.of("activityId", act)));
        assertThat(shape(root)).isEqualTo("{shareId:s,activityId:s,buyerId:s,parentShareId:null,createdAt:s,url:s}");
        String rootId = root.get("shareId").asText();
        JsonNode child = createdAndReplayed(k -> node.api.post("/v1/shares").auth(friend).idempotencyKey(k)
                .json(Map.of("activityId", act, "parentShareId", rootId)));
        assertThat(shape(child)).isEqualTo("{shareId:s,activityId:s,buyerId:s,parentShareId:s,createdAt:s,url:s}");
        JsonNode visit = createdAndReplayed(k -> node.api.post("/v1/shares/" + rootId + "/visits").idempotencyKey(k)
                .json(Map.of("visitorId", "anon-1")));
        assertThat(shape(visit)).isEqualTo("{shareId:s,activityId:s,sharerId:s,visitorId:s,visits:i,visitedAt:s}");

        String coupons = "/v1/activities/" + act + "/coupons/me";
        assertThat(shape(ok(node.api.get(coupons).auth(employee).send())))
                .isEqualTo("{activityId:s,buyerId:s,balance:i,initial:i,earned:i,spent:i,couponsPerUnit:i}");
        JsonNode claim = createdAndReplayed(k -> node.api.post("/v1/activities/" + act + "/coupons/claim").auth(friend).idempotencyKey(k)
                .json(Map.of("shareId", rootId)));
        assertThat(shape(claim)).isEqualTo("{claimId:s,activityId:s,shareId:s,sharerId:s,sharerCoupons:i,friendCoupons:i,balance:i}");
        order(act, employee, Map.of("shareId", rootId)); // one's own link: not counted
        JsonNode stats = node.api.stats(OPERATOR, act);
        assertThat(shape(stats.get("coupons"))).isEqualTo("{holders:i,initial:i,earned:i,spent:i,balance:i,claims:i}");

        JsonNode report = ok(node.api.get("/v1/activities/" + act + "/fission").auth(OPERATOR).send());
        assertThat(shape(report)).isEqualTo("{activityId:s,shares:i,visits:i,uniqueVisitors:i,participants:i,convertedInvitations:i,"
                + "kFactor:d,conversions:i,conversionsByKind:{orders:i,helps:i,claims:i},convertedBuyers:i,newCustomers:i,maxDepth:i,"
                + "depthHistogram:{0:i,1:i},topSharers:[{buyerId:s,shareId:s,convertedBuyers:i,conversions:i}],"
                + "tree:[{buyerId:s,invitedBy:null,viaShareId:null,depth:i,invited:i}],truncated:b}");
        assertThat(shape(report.get("tree").get(1))).isEqualTo("{buyerId:s,invitedBy:s,viaShareId:s,depth:i,invited:i}");
        String empty = activity("inSourcingFission", Map.of("sku", unique("IN"), "price", 5_000, "stock", 10, "limitPerBuyer", 5),
                Map.of("couponsPerUnit", 1), Duration.ofHours(5));
        assertThat(shape(ok(node.api.get("/v1/activities/" + empty + "/fission").auth(OPERATOR).send())))
                .isEqualTo("{activityId:s,shares:i,visits:i,uniqueVisitors:i,participants:i,convertedInvitations:i,"
                        + "kFactor:d,conversions:i,conversionsByKind:{orders:i,helps:i,claims:i},convertedBuyers:i,newCustomers:i,maxDepth:i,"
                        + "depthHistogram:{},topSharers:[],tree:[],truncated:b}");
        assertThat(shape(node.api.stats(OPERATOR, empty).get("coupons"))).isEqualTo("{holders:i,initial:i,earned:i,spent:i,balance:i,claims:i}");
    }

    @Test
    void helpsTheirListAndTheDepositFiguresKeepTheirShapes() {
        Instant now = clock.instant();
        Map<String, Object> rules = new HashMap<>(Map.of("deposit", 1_000, "baseValue", 2_000, "maxValue", 9_000, "helpAmount", 500,
                "helpsPerHelper", 1, "newCustomersOnlyHelpers", true, "balanceStartsAt", now.plus(Duration.ofHours(1)).toString(),
                "balanceEndsAt", now.plus(Duration.ofHours(2)).toString()));
        String act = activity("helpDepositExpansion", Map.of("sku", unique("P"), "price", 20_000, "stock", 10, "limitPerBuyer", 1),
                rules, Duration.ofHours(1));
        String owner = token(unique("owner"), false, List.of(), "d-owner");
        String deposit = order(act, owner, Map.of()).get("orderId").asText();
        String deposits = "{pending:i,paid:i,completed:i,cancelled:i,refunded:i,forfeited:i,refundRequested:i,helps:i,helpers:i,averageValue:";
        assertThat(shape(node.api.stats(OPERATOR, act).get("deposits"))).isEqualTo(deposits + "null}");
        pay(deposit);
        String helper = token(unique("helper"), true, List.of(), unique("dev"));
        JsonNode help = createdAndReplayed(k -> node.api.post("/v1/orders/" + deposit + "/helps").auth(helper).idempotencyKey(k));
        assertThat(shape(help)).isEqualTo("{depositOrderId:s,activityId:s,helpId:s,amount:i,credited:i,helps:i,value:i,maxValue:i,helperId:s,createdAt:s}");
        String head = "{depositOrderId:s,activityId:s,buyerId:s,status:s,helps:i,baseValue:i,value:i,maxValue:i,balanceOrderId:null,"
                + "balanceStartsAt:s,balanceEndsAt:s,amounts:s,commitment:s,seed:null,";
        assertThat(shape(ok(node.api.get("/v1/orders/" + deposit + "/helps").auth(OPERATOR).send())))
                .isEqualTo(head + "items:[{helpId:s,helperId:s,amount:i,credited:i,valueAfter:i,createdAt:s}],nextCursor:null}");
        assertThat(shape(ok(node.api.get("/v1/orders/" + deposit + "/helps").auth(helper).send())))
                .isEqualTo(head + "items:[{helpId:s,amount:i,credited:i,valueAfter:i,createdAt:s}],nextCursor:null}");
        created(node.api.post("/v1/orders/" + deposit + "/helps").auth(token(unique("helper"), true, List.of(), unique("dev"))).send());
        assertThat(ok(node.api.get("/v1/orders/" + deposit + "/helps?limit=1").auth(OPERATOR).send()).get("nextCursor").isTextual()).isTrue();
        assertThat(shape(node.api.stats(OPERATOR, act).get("deposits"))).isEqualTo(deposits + "d}");
    }

    @Test
    void groupFiguresDrawsAndTheTuanSettlementKeepTheirShapes() {
        String groups = "{forming:i,open:i,succeeded:i,failed:i,successRate:";
        String groupOn = activity("groupOn", Map.of("sku", unique("G"), "price", 12_900, "groupPrice", 9_900, "stock", 100, "limitPerBuyer", 1),
                Map.of("groupSize", 2), Duration.ofHours(3));
        assertThat(shape(node.api.stats(OPERATOR, groupOn).get("groups"))).isEqualTo(groups + "null,averageTimeToFillSeconds:null}");

        String lucky = activity("luckyDrawGroup", Map.of("sku", unique("L"), "groupPrice", 500, "joinPrice", 0, "stock", 100),
                Map.of("groupSize", 2, "winners", 1), Duration.ofHours(1));
        String perGroup = activity("luckyDrawGroup", Map.of("sku", unique("L"), "groupPrice", 500, "joinPrice", 0, "stock", 100),
                Map.of("groupSize", 2, "winnersPerGroup", 1, "drawAt", "GROUP_SUCCESS"), Duration.ofHours(1));
        String drawHead = "{activityId:s,drawAt:s,winners:";
        JsonNode pending = ok(node.api.get("/v1/activities/" + lucky + "/draw").send());
        assertThat(shape(pending)).isEqualTo(drawHead + "i,winnersPerGroup:null,algorithm:s,draws:[{groupId:null,commitment:s,status:s,drawnAt:null}]}");
        assertThat(shape(ok(node.api.get("/v1/activities/" + perGroup + "/draw").send()))).isEqualTo(drawHead + "null,winnersPerGroup:i,algorithm:s,draws:[]}");
        for (String a : List.of(lucky, perGroup)) {
            JsonNode leader = order(a, token(unique("l"), false, List.of(), null), Map.of());
            order(a, token(unique("m"), true, List.of(), null), Map.of("groupId", leader.get("groupId").asText()));
        }
        assertThat(shape(ok(node.api.get("/v1/activities/" + perGroup + "/draw").send())))
                .isEqualTo(drawHead + "null,winnersPerGroup:i,algorithm:s,draws:[{groupId:s,commitment:s,status:s,drawnAt:s,seed:s,entries:[s],winners:[s]}]}");
        assertThat(shape(node.api.stats(OPERATOR, perGroup).get("groups"))).isEqualTo(groups + "d,averageTimeToFillSeconds:d}");

        List<Map<String, Object>> tiers = List.of(Map.of("minBuyers", 1, "cashbackPercent", 5), Map.of("minBuyers", 3, "cashbackPercent", 10));
        String tuan = activity("tuan", Map.of("sku", unique("T"), "price", 10_000, "stock", 100),
                Map.of("tiers", tiers, "settlementDelaySeconds", 60), Duration.ofHours(1));
        String perUnit = activity("tuan", Map.of("sku", unique("T"), "price", 10_000, "stock", 100),
                Map.of("tiers", List.of(Map.of("minBuyers", 3, "cashbackPerUnit", 100)), "settlementDelaySeconds", 60), Duration.ofHours(1));
        String none = activity("tuan", Map.of("sku", unique("T"), "price", 10_000, "stock", 100),
                Map.of("tiers", tiers, "settlementDelaySeconds", 60), Duration.ofHours(1));
        pay(order(tuan, token(unique("t"), true, List.of(), null), Map.of()).get("orderId").asText());
        for (int i = 0; i < 3; i++) pay(order(perUnit, token(unique("t"), true, List.of(), null), Map.of()).get("orderId").asText());
        assertThat(shape(node.api.stats(OPERATOR, tuan).get("settlement"))).isEqualTo("{status:s,dueAt:s,settledAt:null}");

        clock.advance(Duration.ofHours(1).plusSeconds(61));
        JsonNode drawn = ApiClient.awaitValue("the draw", PROMPTLY, () -> {
            JsonNode d = ok(node.api.get("/v1/activities/" + lucky + "/draw").send());
            return d.get("draws").get(0).get("status").asText().equals("DRAWN") ? d : null;
        });
        assertThat(shape(drawn)).isEqualTo(drawHead + "i,winnersPerGroup:null,algorithm:s,"
                + "draws:[{groupId:null,commitment:s,status:s,drawnAt:s,seed:s,entries:[s],winners:[s]}]}");
        String settled = "{status:s,dueAt:null,settledAt:s,buyers:i,tier:";
        for (String[] c : List.of(new String[]{tuan, "{minBuyers:i,cashbackPercent:i}"}, new String[]{perUnit, "{minBuyers:i,cashbackPerUnit:i}"},
                new String[]{none, "null"})) {
            JsonNode s = ApiClient.awaitValue("the settlement", PROMPTLY, () -> {
                JsonNode x = node.api.stats(OPERATOR, c[0]).get("settlement");
                return x.get("status").asText().equals("SETTLED") ? x : null;
            });
            assertThat(shape(s)).isEqualTo(settled + c[1] + ",cashbackOrders:i,cashbackTotal:i}");
        }
        assertThat(Optional.ofNullable(node.api.stats(OPERATOR, groupOn).get("settlement"))).as("only a tuan has one").isEmpty();
        assertThat(StreamSupport.stream(node.api.stats(OPERATOR, tuan).properties().spliterator(), false).map(Map.Entry::getKey).toList())
                .contains("progress", "settlement");
    }
}
