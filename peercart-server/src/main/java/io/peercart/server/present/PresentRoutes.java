package io.peercart.server.present;

import io.peercart.server.http.ApiException;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.Http;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.Json;
import io.peercart.server.points.PointsRoutes;
import io.peercart.server.http.Reply;
import io.peercart.server.view.Views;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Limits;
import io.peercart.core.points.PointsLimits;
import io.peercart.store.present.PresentGrant;
import io.peercart.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** presentExchange grants: the merchant grants an activity's present to named buyers, and lists the grants. */
public final class PresentRoutes {
    static final String MERCHANT_SOURCE = "MERCHANT";
    private final Store store;
    private final Auth auth;
    private final Idempotent idempotent;
    private final Clock clock;

    public PresentRoutes(Store store, Auth auth, Idempotent idempotent, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    public void routing(HttpRules rules) {
        rules.post("/v1/activities/{id}/grants", this::grant).get("/v1/activities/{id}/grants", this::list);
    }

    record Grant(List<String> buyerIds, Integer units) {}

    private void grant(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String id = Http.pathParam(req, "id");
        byte[] body = Http.body(req);
        Grant in = Json.read(body, Grant.class);
        if (in.buyerIds() == null || in.buyerIds().isEmpty() || in.buyerIds().size() > PointsLimits.MAX_GRANTS_PER_CALL)
            throw new ApiException(Code.VALIDATION_FAILED, "buyerIds: 1.." + PointsLimits.MAX_GRANTS_PER_CALL + " buyer ids");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < in.buyerIds().size(); i++) {
            String b = PointsRoutes.buyerId("buyerIds[" + i + "]", in.buyerIds().get(i));
            if (!seen.add(b)) throw new ApiException(Code.VALIDATION_FAILED, "buyerIds[" + i + "]: duplicate " + b);
        }
        int units = in.units() == null ? 1 : in.units();
        if (units < 1 || units > Limits.MAX_QUANTITY_PER_ORDER)
            throw new ApiException(Code.VALIDATION_FAILED, "units: 1.." + Limits.MAX_QUANTITY_PER_ORDER);
        idempotent.run(req, res, m, body, scope -> {
            Decision<List<PresentGrant>> d = store.grantPresents(m.shopId(), id, in.buyerIds(), units, MERCHANT_SOURCE, now, m.actor(req),
                    scope.idem(201, g -> Json.write(view(id, castGrants(g)))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            return Reply.of(201, view(id, d.value()));
        });
    }

    @SuppressWarnings("unchecked")
    private static List<PresentGrant> castGrants(Object o) { return (List<PresentGrant>) o; }

    private static Map<String, Object> view(String activityId, List<PresentGrant> grants) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activityId", activityId);
        m.put("grants", grants.stream().map(PresentRoutes::grant).toList());
        return m;
    }

    static Map<String, Object> grant(PresentGrant g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("buyerId", g.buyerId());
        m.put("units", g.units());
        m.put("claimed", g.claimed());
        m.put("status", g.status());
        m.put("source", g.source());
        m.put("grantedAt", g.grantedAt().toString());
        m.put("expiresAt", g.expiresAt().toString());
        return m;
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        String id = Http.pathParam(req, "id");
        if (store.activity(m.shopId(), id).isEmpty()) throw new ApiException(Code.NOT_FOUND, "no activity " + id);
        Http.json(res, 200, Views.page(store.presentGrants(m.shopId(), id, Http.cursor(req), Http.limit(req)), PresentRoutes::grant));
    }
}
