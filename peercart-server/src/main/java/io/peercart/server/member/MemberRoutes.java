package io.peercart.server.member;

import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.ApiException;
import io.peercart.server.http.Http;
import io.peercart.server.view.PointsViews;
import io.peercart.server.view.Views;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.store.Store;
import io.peercart.store.engine.Instants;
import io.peercart.store.member.Member;
import io.peercart.store.member.MemberHelp;
import io.peercart.store.member.MemberShare;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * GET /v1/members/{buyerId}: what a support agent needs when a buyer calls, in one answer: the
 * buyer's orders (counted by status, the newest listed), points (balances, lots, the newest
 * history lines), share links with what came of them, and the helps they gave and received.
 * {@code limit} bounds every list; the full lists are behind the links given.
 */
public final class MemberRoutes {
    private final Store store;
    private final Auth auth;
    private final Clock clock;

    public MemberRoutes(Store store, Auth auth, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.clock = clock;
    }

    public void routing(HttpRules rules) {
        rules.get("/v1/members/{buyerId}", this::member);
    }

    private void member(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String buyerId = Http.pathParam(req, "buyerId");
        int limit = Http.limit(req);
        Member member = store.member(m.shopId(), buyerId, limit)
                .orElseThrow(() -> new ApiException(Code.NOT_FOUND, "this shop has no order, points, share or help of buyer " + buyerId));
        String q = URLEncoder.encode(buyerId, StandardCharsets.UTF_8);
        String path = "/v1/members/" + q;

        Map<String, Object> orders = new LinkedHashMap<>();
        orders.put("total", member.ordersByStatus().values().stream().mapToInt(Integer::intValue).sum());
        orders.put("byStatus", new TreeMap<>(member.ordersByStatus()));
        orders.put("recent", member.recentOrders().stream().map(Views::order).toList());
        orders.put("all", "/v1/orders?buyerId=" + q);

        Map<String, Object> points = PointsViews.member(store.memberPoints(m.shopId(), buyerId, now));
        points.remove("buyerId");
        points.put("history", store.pointsHistory(m.shopId(), buyerId, null, limit).items().stream().map(PointsViews::history).toList());
        points.put("all", path + "/points/history");

        Map<String, Object> helps = new LinkedHashMap<>();
        helps.put("given", member.helpsGiven().stream().map(MemberRoutes::help).toList());
        helps.put("received", member.helpsReceived().stream().map(MemberRoutes::help).toList());

        Map<String, Object> v = new LinkedHashMap<>();
        v.put("buyerId", buyerId);
        v.put("orders", orders);
        v.put("points", points);
        v.put("shares", member.shares().stream().map(MemberRoutes::share).toList());
        v.put("helps", helps);
        Http.json(res, 200, v);
    }

    private static Map<String, Object> share(MemberShare s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("shareId", s.shareId());
        v.put("activityId", s.activityId());
        v.put("parentShareId", s.parentShareId());
        v.put("createdAt", Instants.format(s.createdAt()));
        v.put("visitors", s.visitors());
        v.put("arrivals", s.arrivals());
        return v;
    }

    private static Map<String, Object> help(MemberHelp h) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("helpId", h.helpId());
        v.put("activityId", h.activityId());
        v.put("depositOrderId", h.depositOrderId());
        v.put("initiatorId", h.initiatorId());
        v.put("helperId", h.helperId());
        v.put("amount", h.amount());
        v.put("credited", h.credited());
        v.put("createdAt", Instants.format(h.createdAt()));
        return v;
    }
}
